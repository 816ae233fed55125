// A study as it arrives from a hospital, imported from the page on a phone: a ZIP export with
// nested folders, a CD layout without DICOMDIR and the junk a CD carries; and the same layout as
// a folder through the directory picker. The junk is listed as skipped, the series appear, and
// the ZIP's case is published with nothing identifying sent or stored.
import { expect, t, test, useLocale, type Locale } from './env';
import { writeCase } from './fixtures/authoring/case-form';
import { cdLayout, TOP, writeCdFolder, writeCdZip } from './fixtures/authoring/cd-layout';
import { findNeedles, removeStudies, writeStudy } from './fixtures/authoring/phi-study';
import { captureRequests, sentHits } from './fixtures/authoring/requests';
import { scanServerData } from './fixtures/authoring/server-data';
import { storedCases, verifiedContributor } from './fixtures/authoring/session';

test.afterEach(removeStudies);

const JUNK_NAMES = ['CD/AUTORUN.INF', 'CD/VIEWER/viewer.exe', 'Thumbs.db'];

test('a ZIP export with nested folders, a CD without DICOMDIR and junk: junk listed, series kept, published clean', async ({ page }) => {
	test.setTimeout(150_000);
	const locale: Locale = 'en';
	await useLocale(page, locale);
	const sent = await captureRequests(page);
	const who = await verifiedContributor(page, locale, 'zip');
	const input = writeStudy('authoring-zip', 5);
	const layout = cdLayout(input);
	const zip = await writeCdZip(input, layout, 'Núñez García export');
	const needles = [...input.needles, TOP, 'Núñez García export'];
	const fileNeedles = [...input.fileNeedles, TOP, 'Núñez García export'];

	await page.goto('/new');
	await page.getByTestId('pick-files').setInputFiles([zip]);
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });
	const skipped = page.getByTestId('skipped');
	for (const junk of JUNK_NAMES) await expect(skipped).toContainText(`${junk}: ${t(locale, 'author_skip_not_dicom')}`);
	await expect(skipped.getByRole('listitem')).toHaveCount(JUNK_NAMES.length);
	const summary = page.getByTestId('deid-summary');
	await expect(summary).toContainText(t(locale, 'author_summary_series', { modality: 'CT', stored: '5', instances: '5' }));
	await expect(summary).toContainText(t(locale, 'author_summary_series', { modality: 'CT', stored: '1', instances: '1' }));
	// the dose report, two folders deeper, was found and held back for its burned-in text
	await expect(page.getByTestId('excluded')).toContainText(t(locale, 'author_reason_secondary_capture'));

	await page.getByTestId('open-draft').click();
	await expect(page.getByTestId('series-editor')).toHaveCount(2);
	const title = 'Steatosis on an outside CD';
	await writeCase(page, locale, title);
	await page.getByTestId('publish').click();
	await expect(page.getByTestId('public-url')).toBeVisible({ timeout: 90_000 });

	expect(sent.some((s) => s.url.includes('/api/collections/images/records') && s.body.length > 1000), 'image bodies were captured').toBe(true);
	expect(sentHits(sent, needles, fileNeedles, input.study.phiBytes)).toEqual([]);
	const [stored, ...others] = await storedCases(who);
	expect(others).toEqual([]);
	expect(stored.imageCount).toBe(6);
	expect(stored.dicomCount).toBe(6);
	expect(findNeedles(new TextEncoder().encode(stored.records), needles)).toEqual([]);
	const onDisk = scanServerData(needles, fileNeedles, input.study.phiBytes);
	expect(onDisk.storedFiles).toBeGreaterThanOrEqual(stored.files.length);
	expect(onDisk.hits).toEqual([]);
});

test('a CD folder through the directory picker: junk listed, a copied slice imported once, series appear (es)', async ({ page }) => {
	test.setTimeout(120_000);
	const locale: Locale = 'es';
	await useLocale(page, locale);
	await verifiedContributor(page, locale, 'folder');
	const input = writeStudy('authoring-folder', 4);
	const layout = cdLayout(input);
	// A second copy of the first slice, as CDs and repeated exports carry: imported once, listed.
	layout.files.push({ path: `${TOP}/CD/COPIA/IM000001`, bytes: layout.files[0].bytes });
	const folder = writeCdFolder(input, layout);

	await page.goto('/new');
	// Playwright hands a directory to a webkitdirectory input as the browser's folder picker would
	await page.getByTestId('pick-folder').setInputFiles(folder);
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });
	const skipped = page.getByTestId('skipped');
	for (const junk of JUNK_NAMES) await expect(skipped).toContainText(`${junk}: ${t(locale, 'author_skip_not_dicom')}`);
	// whichever copy the worker pool finished first is kept; the other is listed as a duplicate
	await expect(skipped.getByRole('listitem').filter({ hasText: t(locale, 'author_skip_duplicate_instance') })).toHaveCount(1);
	await expect(skipped.getByRole('listitem')).toHaveCount(JUNK_NAMES.length + 1);
	await expect(page.getByTestId('deid-summary')).toContainText(t(locale, 'author_summary_series', { modality: 'CT', stored: '4', instances: '4' }));

	await page.getByTestId('open-draft').click();
	await expect(page.getByTestId('series-editor')).toHaveCount(2);
	await expect(page.getByTestId('series-editor').first().locator('img').first()).toBeVisible();
});
