// A whole series from the PACS on a phone: 300 slices retrieved over WADO-RS (streamed into the
// import) make the same draft as the same 300 files chosen with the file picker — the same
// slices in the same order, the same previews byte for byte and the same pixel data in the
// de-identified DICOM (only the per-case pseudonyms and shifted dates differ) — and nothing
// identifying, nor the PACS's address or credentials, reaches Cassette's server on the way.
import type { Page } from '@playwright/test';
import { expect, serverUrl, t, test, useLocale, type Locale } from './env';
import { removeStudies, writeStudy, type StudyOnDisk } from './fixtures/authoring/phi-study';
import { captureRequests, sentHits, waitForControllingWorker } from './fixtures/authoring/requests';
import { verifiedContributor } from './fixtures/authoring/session';
import { e2ePacs, HOSPITAL_ACCOUNT as ACCOUNT, type E2ePacsInfo } from '../pacs/e2e-pacs';
import { emptyOrthanc, storeInOrthanc } from '../pacs/pacs';

const SLICES = 300;
const SIDE = 64;
let pacs: E2ePacsInfo['hospital'];
let input: StudyOnDisk;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	pacs = e2ePacs().hospital;
	await emptyOrthanc(pacs.orthancUrl, pacs.authHeader);
	input = writeStudy('pacs-300', SLICES, SIDE);
	await storeInOrthanc(pacs.orthancUrl, pacs.authHeader, input.study.files.map((f) => f.bytes));
});

test.afterAll(() => {
	removeStudies();
});

/** draftSlices reads a draft's images from the device's database: per slice, in order, a hash of the preview and of the DICOM's pixel data (its last bytes). */
function draftSlices(page: Page, caseId: string, pixelBytes: number): Promise<{ index: number; preview: string; pixels: string }[]> {
	return page.evaluate(
		({ caseId, pixelBytes }) =>
			new Promise((resolve, reject) => {
				const open = indexedDB.open('cassette');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const all = db.transaction('images').objectStore('images').index('by-case').getAll(caseId);
					all.onerror = () => reject(all.error);
					all.onsuccess = async () => {
						db.close();
						const hex = async (bytes: ArrayBuffer) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
						const images = all.result as { index: number; preview: ArrayBuffer; dicom: ArrayBuffer }[];
						const rows = await Promise.all(images.map(async (i) => ({ index: i.index, preview: await hex(i.preview), pixels: await hex(i.dicom.slice(i.dicom.byteLength - pixelBytes)) })));
						resolve(rows.sort((a, b) => a.index - b.index));
					};
				};
			}),
		{ caseId, pixelBytes }
	);
}

const draftIdOf = async (page: Page) => (await page.getByTestId('open-draft').getAttribute('href'))!.split('/').pop()!;

test('300 slices from the PACS make the same draft as the same files from the file picker', { tag: '@phone' }, async ({ page }) => {
	test.setTimeout(300_000);
	const locale: Locale = 'es';
	await useLocale(page, locale);
	const sent = await captureRequests(page);
	await verifiedContributor(page, locale, 'pacs300');

	await page.goto('/pacs');
	await waitForControllingWorker(page);
	const form = page.getByTestId('pacs-add');
	await form.getByLabel(t(locale, 'pacs_url')).fill(pacs.dicomWebUrl);
	await form.getByLabel(t(locale, 'pacs_auth')).selectOption('basic');
	await form.getByLabel(t(locale, 'pacs_username')).fill(ACCOUNT.username);
	await form.getByLabel(t(locale, 'pacs_password'), { exact: true }).fill(ACCOUNT.password);
	await form.getByRole('button', { name: t(locale, 'pacs_add') }).click();
	await expect(page.getByTestId('pacs-test-ok')).toBeVisible();
	const search = page.getByTestId('pacs-search');
	await search.getByLabel(t(locale, 'pacs_patient_id')).fill(input.study.phi.find((v) => v.startsWith('NHC-'))!);
	await search.getByRole('button', { name: t(locale, 'pacs_search') }).click();
	await page.getByTestId('pacs-study').getByRole('button', { name: t(locale, 'pacs_open_study') }).click();
	const ct = page.getByTestId('pacs-series').filter({ hasText: String(SLICES) });
	await ct.getByRole('button', { name: t(locale, 'pacs_retrieve') }).click();
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 180_000 });
	const fromPacs = await draftIdOf(page);

	await page.goto('/new');
	await page.getByTestId('pick-files').setInputFiles(input.paths.slice(0, SLICES)); // the CT slices
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 180_000 });
	const fromFiles = await draftIdOf(page);
	expect(fromFiles).not.toBe(fromPacs);

	const pacsSlices = await draftSlices(page, fromPacs, SIDE * SIDE * 2);
	const fileSlices = await draftSlices(page, fromFiles, SIDE * SIDE * 2);
	expect(pacsSlices).toHaveLength(SLICES);
	expect(pacsSlices).toEqual(fileSlices);

	// nothing identifying and nothing of the PACS went to Cassette's server
	const toServer = sent.filter((s) => s.url.startsWith(serverUrl()));
	const pacsSecrets = [new URL(pacs.dicomWebUrl).host, ACCOUNT.username, ACCOUNT.password, pacs.authHeader!.slice('Basic '.length)];
	expect(sentHits(toServer, [...input.needles, ...pacsSecrets], input.fileNeedles, input.study.phiBytes)).toEqual([]);
});
