// A photograph of a film with the patient's label burned into its pixels, edited on a phone before
// it leaves the device: the label is blacked out and a second label along the edge cropped away.
// What the browser sends and what the server stores are decoded and sampled: the label area is
// black, the edge is gone, and the bytes of the unedited photograph are in no request and no file
// of the server's data directory. Edited again after publishing, the next publish removes the
// first version from the server.
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { plainImage } from '../../src/lib/cases/plain-image';
import { DEMO, expect, signIn, t, test, useLocale, type Locale } from './env';
import { dragOver, EDGE_LABEL, LABEL, labelledPhotoJpeg, PHOTO, regionStats, storedImages } from './fixtures/authoring/photo-label';
import { includeHeldPhotosAsTheyAre } from './fixtures/authoring/ocr-review';
import { captureRequests, sentHits } from './fixtures/authoring/requests';
import { scanServerData } from './fixtures/authoring/server-data';
import { storedCases, verifiedContributor } from './fixtures/authoring/session';

const DIR = path.join(process.cwd(), 'tests', '.tmp', `authoring-photo-edit-${process.pid}`);
test.afterEach(() => rmSync(DIR, { recursive: true, force: true }));

/** fingerprints are byte runs that identify a JPEG: the whole file and a stretch of its entropy-coded middle. */
function fingerprints(jpeg: Uint8Array): Uint8Array[] {
	const middle = Math.floor(jpeg.length / 2);
	return [jpeg, jpeg.slice(middle, middle + 96)];
}

test('a patient label is blacked out and cropped away on the phone; the unedited photograph never leaves it', async ({ page }) => {
	test.setTimeout(180_000);
	const locale: Locale = 'en';
	await useLocale(page, locale);
	const sent = await captureRequests(page);
	const who = await verifiedContributor(page, locale, 'photoedit');
	await page.goto('/new');

	mkdirSync(DIR, { recursive: true });
	const file = path.join(DIR, 'IMG_2041.jpg');
	writeFileSync(file, await labelledPhotoJpeg(page));
	await page.getByTestId('pick-files').setInputFiles([file]);
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 30_000 });
	// on-device OCR finds the label's text and holds the photo: this test blacks it out in the draft's editor instead
	await includeHeldPhotosAsTheyAre(page);
	await page.getByTestId('open-draft').click();
	const series = page.getByTestId('series-editor');
	await expect(series).toHaveCount(1);

	const [imported] = await storedImages(page);
	const before = await regionStats(page, imported.preview, LABEL);
	expect(before, 'the imported photograph shows the label (white with black text)').toMatchObject({ width: PHOTO.width, height: PHOTO.height });
	expect(before.mean).toBeGreaterThan(150);
	const canvas = page.getByTestId('photo-canvas');

	// Cancel changes nothing
	await series.getByTestId('photo-edit').click();
	await expect(page.getByTestId('photo-editor')).toBeVisible();
	await dragOver(page, canvas, PHOTO, { x: 100, y: 100 }, { x: 200, y: 200 });
	await expect(page.getByTestId('photo-edit-state')).toContainText(t(locale, 'author_review_regions', { count: '1' }));
	await page.getByTestId('photo-cancel').click();
	await expect(page.getByTestId('photo-editor')).toHaveCount(0);
	await expect(series.getByTestId('photo-edit')).toBeFocused();
	expect((await storedImages(page)).map((i) => i.id)).toEqual([imported.id]);

	// black out the label (with a margin), undo a slip, crop the left edge and the top away
	await series.getByTestId('photo-edit').click();
	const save = page.getByTestId('photo-save');
	await expect(save).toBeDisabled();
	await dragOver(page, canvas, PHOTO, { x: LABEL.x - 6, y: LABEL.y - 6 }, { x: LABEL.x + LABEL.width + 6, y: LABEL.y + LABEL.height + 6 });
	await dragOver(page, canvas, PHOTO, { x: 250, y: 250 }, { x: 300, y: 300 });
	await expect(page.getByTestId('photo-edit-state')).toContainText(t(locale, 'author_review_regions', { count: '2' }));
	await page.getByTestId('photo-undo').click();
	await expect(page.getByTestId('photo-edit-state')).toContainText(t(locale, 'author_review_regions', { count: '1' }));
	await page.getByTestId('photo-mode-crop').check();
	await dragOver(page, canvas, PHOTO, { x: 40, y: 20 }, { x: PHOTO.width + 8, y: PHOTO.height + 8 });
	await expect(page.getByTestId('photo-edit-state')).not.toContainText(t(locale, 'photo_edit_not_cropped'));
	await save.click();
	await expect(page.getByTestId('photo-editor')).toHaveCount(0, { timeout: 20_000 });
	await expect(series.getByTestId('photo-edit')).toBeFocused();

	const [edited, ...others] = await storedImages(page);
	expect(others).toEqual([]);
	expect(edited.id).not.toBe(imported.id);
	// the crop kept the right and bottom edges, so the decoded size tells where it began
	const { width, height } = await regionStats(page, edited.preview, { x: 0, y: 0, width: 1, height: 1 });
	const size = { width, height };
	const origin = { x: PHOTO.width - size.width, y: PHOTO.height - size.height };
	expect(origin.x).toBeGreaterThanOrEqual(EDGE_LABEL.x + EDGE_LABEL.width);
	expect(origin.x).toBeLessThan(60);
	expect(origin.y).toBeGreaterThan(10);
	expect(origin.y).toBeLessThan(LABEL.y - 6);

	await page.getByLabel(t(locale, 'draft_field_title'), { exact: true }).fill('Pressure ulcer photographed on film');
	await page.getByLabel(t(locale, 'draft_field_category'), { exact: true }).selectOption('other');
	await page.getByTestId('phi-ack').check();
	await expect(page.getByTestId('save-state')).not.toHaveText(t(locale, 'draft_saving'));
	await page.getByTestId('publish').click();
	await expect(page.getByTestId('public-url')).toBeVisible({ timeout: 60_000 });

	// what reached the server: one JPEG, the label area black, the edge label cropped away
	const [stored, ...otherCases] = await storedCases(who);
	expect(otherCases).toEqual([]);
	expect(stored.imageClientIds).toEqual([edited.id]);
	const preview = stored.files.find((f) => !f.name.startsWith('header'))!;
	const label = await regionStats(page, preview.bytes, { x: LABEL.x - origin.x + 3, y: LABEL.y - origin.y + 3, width: LABEL.width - 6, height: LABEL.height - 6 });
	expect(label).toMatchObject({ width: size.width, height: size.height });
	expect(label.max, 'the label area is black').toBeLessThan(40);
	const rest = await regionStats(page, preview.bytes, { x: 200, y: 200, width: 100, height: 100 });
	expect(rest.mean, 'the rest of the photograph is still there').toBeGreaterThan(60);

	const uploads = sent.filter((s) => s.url.includes('/api/collections/images/records') && s.method === 'POST');
	expect(uploads).toHaveLength(1);
	// as they leave the device: the encoder's metadata segments (Chromium's ICC profile) stripped (cases/outgoing.ts)
	expect(Buffer.from(uploads[0].body).includes(Buffer.from(plainImage(edited.preview, 'image/jpeg'))), 'the edited bytes are what was sent').toBe(true);
	const unedited = fingerprints(imported.preview);
	expect(sentHits(sent, [], [], unedited)).toEqual([]);
	const onDisk = scanServerData([], [], unedited);
	expect(onDisk.storedFiles).toBeGreaterThanOrEqual(1);
	expect(onDisk.hits).toEqual([]);

	// edited again after publishing: the next publish replaces it on the server, and the first version's file is gone
	const firstEdit = fingerprints(edited.preview);
	expect(scanServerData([], [], firstEdit).hits.length, 'the first version is on the server before the second edit').toBeGreaterThan(0);
	await series.getByTestId('photo-edit').click();
	await dragOver(page, canvas, size, { x: 10, y: 380 }, { x: 120, y: 420 });
	await page.getByTestId('photo-save').click();
	await expect(page.getByTestId('photo-editor')).toHaveCount(0, { timeout: 20_000 });
	const [second] = await storedImages(page);
	expect(second.id).not.toBe(edited.id);
	// while the upload is held, the photograph cannot be edited (the outbox reads the images it planned)
	let release = () => {};
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route(
		(url) => url.pathname === '/api/collections/images/records',
		async (route) => {
			if (route.request().method() === 'POST') await held;
			await route.fallback();
		}
	);
	await page.getByTestId('publish').click();
	await expect(series.getByTestId('photo-edit')).toBeDisabled();
	await expect(series).toContainText(t(locale, 'photo_edit_wait_publish'));
	release();
	// while the republish runs, the first version's files are removed: a read that meets one gone asks again
	await expect.poll(async () => (await storedCases(who).catch(() => null))?.[0]?.imageClientIds, { timeout: 60_000 }).toEqual([second.id]);
	await expect(page.getByTestId('publish-phase')).toHaveText(t(locale, 'publish_phase_done'));
	await expect(series.getByTestId('photo-edit')).toBeEnabled();
	expect(scanServerData([], [], firstEdit).hits).toEqual([]);
	expect(scanServerData([], [], unedited).hits).toEqual([]);
});

test.describe('at 360 px', () => {
	test.use({ viewport: { width: 360, height: 740 } });

	test('the photo editor fits a small phone, has no axe-core violations, and works from the keyboard (es)', async ({ page }) => {
		const locale: Locale = 'es';
		await useLocale(page, locale);
		await signIn(page, locale, DEMO.email, DEMO.password);
		await page.goto('/new');
		mkdirSync(DIR, { recursive: true });
		const file = path.join(DIR, 'IMG_2042.jpg');
		writeFileSync(file, await labelledPhotoJpeg(page));
		await page.getByTestId('pick-files').setInputFiles([file]);
		await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 30_000 });
		await includeHeldPhotosAsTheyAre(page);
		await page.getByTestId('open-draft').click();

		const edit = page.getByTestId('photo-edit');
		await edit.focus();
		await page.keyboard.press('Enter');
		const editor = page.getByTestId('photo-editor');
		await expect(editor.getByRole('heading', { name: t(locale, 'photo_edit_title', { n: '1' }) })).toBeFocused();
		await expect(page.getByTestId('photo-canvas')).toBeVisible();
		await expect(editor.getByRole('button', { name: t(locale, 'photo_edit_save') })).toBeDisabled();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		const results = await new AxeBuilder({ page }).include('[data-testid="photo-editor"]').analyze();
		expect(results.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);

		// the mode is a radio group: arrow keys move from black-out to crop
		await editor.getByRole('radio', { name: t(locale, 'photo_edit_mode_blackout') }).focus();
		await page.keyboard.press('ArrowRight');
		await expect(editor.getByRole('radio', { name: t(locale, 'photo_edit_mode_crop') })).toBeChecked();
		// Escape leaves the editor as Cancel does, and gives the focus back to the button that opened it
		await page.keyboard.press('Escape');
		await expect(editor).toHaveCount(0);
		await expect(edit).toBeFocused();
	});
});
