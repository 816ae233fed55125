// The server killed mid-publish, seen from the author's phone: a multi-slice case is being
// uploaded when the server process gets SIGKILL (no shutdown, no flush); it comes back on the
// same data dir and port, and the outbox finishes by itself. The server then holds the case
// published with every slice exactly once, no record naming a missing file and no stored file
// that no record names.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, signIn, test, useLocale, type Locale } from './env';
import { writeCase } from './fixtures/authoring/case-form';
import { removeStudies, writeStudy } from './fixtures/authoring/phi-study';
import { waitForControllingWorker } from './fixtures/authoring/requests';
import { startOwnServer, storedFiles, type OwnServer } from './fixtures/faults/own-server';
import { adminToken, allRecords, collection, storageCheck } from './fixtures/faults/stored';

let server: OwnServer | undefined;
test.afterEach(async () => {
	removeStudies();
	await server?.stop();
	server = undefined;
});

const SLICES = 14;
/** KILL_AT is the image upload during which the server is killed. */
const KILL_AT = 5;

test('the server is killed during an image upload and restarted: the outbox resumes, every slice once, nothing half-saved, no orphan file', { tag: '@phone' }, async ({ browser }) => {
	test.setTimeout(240_000);
	const locale: Locale = 'en';
	server = await startOwnServer();
	const own = server;
	const context = await browser.newContext({ baseURL: own.url, viewport: { width: 412, height: 839 }, isMobile: true, hasTouch: true, serviceWorkers: 'allow' });
	const page = await context.newPage();
	await useLocale(page, locale);
	await signIn(page, locale, own.email, own.password);

	const input = writeStudy('faults-kill', SLICES);
	await page.goto('/new');
	await waitForControllingWorker(page);
	await page.getByTestId('pick-files').setInputFiles(input.paths);
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });
	await page.getByTestId('open-draft').click();
	await expect(page.getByTestId('draft-editor')).toBeVisible();
	await writeCase(page, locale, 'Steatosis, published through a crash');

	// SIGKILL during the KILL_AT-th image upload, as soon as the server has stored the slice's
	// first file: the worst moment, its other files and its record not written yet.
	const imagesDir = path.join(own.dataDir, 'storage', (await collection(own, 'images')).id);
	let imageUploads = 0;
	let killed: Promise<void> | null = null;
	page.on('request', (request) => {
		if (request.method() !== 'POST' || !request.url().includes('/api/collections/images/records') || ++imageUploads !== KILL_AT) return;
		const known = new Set(readdirSync(imagesDir));
		const poll = setInterval(() => {
			const fresh = readdirSync(imagesDir).filter((d) => !known.has(d));
			if (!fresh.some((d) => readdirSync(path.join(imagesDir, d)).some((f) => !f.endsWith('.tmp') && !f.endsWith('.attrs')))) return;
			clearInterval(poll);
			killed = own.kill();
		}, 1);
	});
	await page.getByTestId('publish').click();
	await expect.poll(() => killed !== null, { timeout: 60_000 }).toBe(true);
	await killed;
	// Down for a while: the outbox keeps retrying, the case is not published.
	await page.waitForTimeout(2_000);
	await expect(page.getByTestId('public-url')).toHaveCount(0);
	expect(await fetch(`${own.url}/api/health`).catch(() => null), 'the server is down').toBeNull();
	const recordsWithFilesAtKill = new Set(storedFiles(own.dataDir).map((f) => f.split('/')[1]));

	await own.start();
	await expect(page.getByTestId('public-url')).toBeVisible({ timeout: 150_000 });
	expect(imageUploads, 'the outbox sent more images after the restart').toBeGreaterThan(KILL_AT);

	// What the server holds, read as an administrator.
	const token = await adminToken(own);
	const [user] = await allRecords(own, token, 'users', `email = "${own.email}"`);
	const cases = await allRecords(own, token, 'cases', `author = "${user.id}" && title = "Steatosis, published through a crash"`);
	expect(cases).toHaveLength(1);
	expect(cases[0].status).toBe('published');
	const series = await allRecords(own, token, 'series', `case = "${cases[0].id}"`);
	expect(series.length).toBeGreaterThan(0);
	let total = 0;
	let savedBeforeKill = 0;
	for (const s of series) {
		const images = await allRecords(own, token, 'images', `series = "${s.id}"`);
		const expected = Number(s.slice_count);
		total += expected;
		expect(images, `series ${s.id}`).toHaveLength(expected);
		expect(new Set(images.map((i) => i.index)).size, 'each slice index once').toBe(expected);
		expect(new Set(images.map((i) => i.client_id)).size, 'each draft image once').toBe(expected);
		for (const i of images) expect(i.preview && i.dicom, `image ${i.id} has its files`).toBeTruthy();
		savedBeforeKill += images.filter((i) => recordsWithFilesAtKill.has(String(i.id))).length;
	}
	expect(total).toBeGreaterThanOrEqual(SLICES);
	// the kill came part-way: some of the case's images were stored before it, not all
	expect(savedBeforeKill).toBeGreaterThan(0);
	expect(savedBeforeKill).toBeLessThan(total);
	expect((await storageCheck(own, token)).missing, 'records naming a file that is not stored').toEqual([]);
	// The killed write's files are swept once a minute old (the server cannot tell them from
	// those of another process writing to its data dir until then: hooks/storage_orphans.go).
	await expect.poll(async () => (await storageCheck(own, token)).orphans, { message: 'stored files no record names', timeout: 90_000, intervals: [2_000] }).toEqual([]);
	await context.close();
});
