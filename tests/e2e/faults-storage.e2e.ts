// The server's storage fails while an author publishes, seen from the phone, in Spanish: its S3
// endpoint does not answer, or the disk holding its data dir is full. The author is told which
// (pocketbase/hooks/storage_faults.go answers 503 with a code), the draft stays whole on the
// device, and once the storage is back the same publish goes through with every slice once.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, signIn, t, test, useLocale, type Locale } from './env';
import { writeCase } from './fixtures/authoring/case-form';
import { removeStudies, writeStudy } from './fixtures/authoring/phi-study';
import { waitForControllingWorker } from './fixtures/authoring/requests';
import { fillDisk, mountSmallDisk, type SmallDisk } from './fixtures/faults/small-disk';
import { freePort, startOwnServer, type OwnServer } from './fixtures/faults/own-server';
import { adminToken, allRecords, storageCheck } from './fixtures/faults/stored';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const locale: Locale = 'es';
const SLICES = 5;
const cleanups: (() => Promise<void> | void)[] = [];
test.afterEach(async () => {
	removeStudies();
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** draftReady signs in on the server's app, imports a study and writes the case, ready to publish. */
async function draftReady(browser: Browser, own: OwnServer, title: string): Promise<Page> {
	const context = await browser.newContext({ baseURL: own.url, viewport: { width: 412, height: 839 }, isMobile: true, hasTouch: true, serviceWorkers: 'allow' });
	cleanups.push(() => context.close());
	const page = await context.newPage();
	await useLocale(page, locale);
	await signIn(page, locale, own.email, own.password);
	await page.goto('/new');
	await waitForControllingWorker(page);
	await page.getByTestId('pick-files').setInputFiles(writeStudy('faults-storage', SLICES).paths);
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });
	await page.getByTestId('open-draft').click();
	await expect(page.getByTestId('draft-editor')).toBeVisible();
	await writeCase(page, locale, title);
	return page;
}

/** refusedThenPublished publishes, expects the fault's message, checks the draft survives a reload, repairs the storage and resumes. */
async function refusedThenPublished(page: Page, own: OwnServer, title: string, message: string, repair: () => Promise<void>) {
	await page.getByTestId('publish').click();
	await expect(page.getByTestId('publish-error')).toHaveText(t(locale, message), { timeout: 30_000 });
	await expect(page.getByTestId('public-url')).toHaveCount(0);
	// nothing lost on the device: the draft, its text and its series are all there after a reload
	// (and the app, starting again, tries once more and says the same)
	await page.reload();
	await expect(page.getByLabel(t(locale, 'draft_field_title'), { exact: true })).toHaveValue(title);
	expect(await page.getByTestId('series-editor').count()).toBeGreaterThan(0);
	await expect(page.getByTestId('publish-error')).toHaveText(t(locale, message), { timeout: 30_000 });

	// the storage is back: with nobody touching anything, the outbox tries again and succeeds
	await repair();
	await expect(page.getByTestId('public-url')).toBeVisible({ timeout: 90_000 });

	const token = await adminToken(own);
	const [user] = await allRecords(own, token, 'users', `email = "${own.email}"`);
	const [stored, ...others] = await allRecords(own, token, 'cases', `author = "${user.id}" && title = "${title}"`);
	expect(others).toEqual([]);
	expect(stored.status).toBe('published');
	for (const s of await allRecords(own, token, 'series', `case = "${stored.id}"`)) {
		const images = await allRecords(own, token, 'images', `series = "${s.id}"`);
		expect(images).toHaveLength(Number(s.slice_count));
		expect(new Set(images.map((i) => i.index)).size).toBe(images.length);
	}
	return token;
}

test('S3 unreachable: the author is told, the draft is kept, and publishing succeeds once S3 answers', { tag: '@phone' }, async ({ browser }) => {
	test.setTimeout(240_000);
	const s3Port = await freePort();
	const s3Env = {
		CASSETTE_S3_BUCKET: 'cassette', CASSETTE_S3_REGION: 'us-east-1', CASSETTE_S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
		CASSETTE_S3_ACCESS_KEY: 'cassette-test-access', CASSETTE_S3_SECRET: 'cassette-test-secret-key', CASSETTE_S3_FORCE_PATH_STYLE: 'true'
	};
	const own = await startOwnServer(s3Env);
	cleanups.push(() => own.stop());
	const title = 'Esteatosis con el S3 caído';
	const page = await draftReady(browser, own, title);
	await refusedThenPublished(page, own, title, 'fault_storage_unavailable', async () => {
		// the test S3 server (versitygw, pocketbase/s3test/s3gw) comes up on the endpoint's port
		const bin = path.join(ROOT, 'node_modules', '.cache', 'cassette', 's3gw');
		const built = spawnSync('go', ['build', '-o', bin, './s3test/s3gw'], { cwd: path.join(ROOT, 'pocketbase'), encoding: 'utf8' });
		if (built.status !== 0) throw new Error(`go build s3gw: ${built.stderr}`);
		const dir = mkdtempSync(path.join(tmpdir(), 'cassette-faults-s3-'));
		const s3: ChildProcess = spawn(bin, ['--addr', `127.0.0.1:${s3Port}`, '--dir', dir, '--bucket', 'cassette'], { stdio: ['ignore', 'pipe', 'inherit'] });
		cleanups.push(async () => {
			s3.kill('SIGTERM');
			await new Promise((r) => (s3.exitCode !== null ? r(null) : s3.once('exit', r)));
			rmSync(dir, { recursive: true, force: true });
		});
		await new Promise<void>((ok, fail) => {
			s3.stdout!.on('data', (b: Buffer) => b.toString().includes('s3gw ready') && ok());
			s3.once('exit', (code) => fail(new Error(`s3gw exited with ${code}`)));
		});
	});
});

test('disk full: the author is told, the draft is kept, and publishing succeeds once there is space', { tag: '@phone' }, async ({ browser }) => {
	test.setTimeout(240_000);
	const disk: SmallDisk = mountSmallDisk(96);
	cleanups.push(() => disk.unmount());
	const own = await startOwnServer({}, disk.dir);
	cleanups.push(() => own.stop());
	const title = 'Esteatosis con el disco lleno';
	const page = await draftReady(browser, own, title);
	const filler = path.join(disk.dir, 'filler');
	fillDisk(filler);
	const token = await refusedThenPublished(page, own, title, 'fault_storage_full', async () => rmSync(filler));
	expect((await storageCheck(own, token)).missing).toEqual([]);
});
