// On-device OCR of burned-in text, on a phone: a study with an ultrasound image whose screen shows
// the patient's name, ID and birth date (Burned In Annotation YES) and a photo of a monitor showing
// the same. OCR proposes black boxes on both; neither joins the draft (so neither can be
// published) until its boxes are applied, and taking a box away blocks it again. After
// publishing, the previews the server stores are read with the same OCR under Node: none of the
// identifying text is left, while the images as picked gave every field.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, t, test, useLocale, type Locale } from './env';
import { includeHeldPhotosAsTheyAre } from './fixtures/authoring/ocr-review';
import { captureRequests } from './fixtures/authoring/requests';
import { decodeInPage } from './fixtures/authoring/decode-in-page';
import { storedCases, verifiedContributor } from './fixtures/authoring/session';
import { encodePng } from '../../src/lib/dicom/render/png';
import { startNodeRecogniser } from '../../src/lib/ocr/engine-node';
import { findIdentifyingText } from '../../src/lib/ocr/find-text';
import { imageSizeOf } from '../../src/lib/ocr/image-size';
import { burnedInDicom } from '../ocr/dicom';
import { openCorpusRenderer } from '../ocr/render';
import { PATIENTS, sceneOf } from '../ocr/scenes';

const DIR = path.join(process.cwd(), 'tests', '.tmp', `ocr-e2e-${process.pid}`);
test.afterEach(() => rmSync(DIR, { recursive: true, force: true }));

test('burned-in text on an ultrasound and on a photo of a monitor is found on the phone, boxed, and gone from what is published', { tag: '@phone' }, async ({ page }) => {
	test.setTimeout(300_000);
	const locale: Locale = 'en';
	const patient = PATIENTS[0];
	await useLocale(page, locale);
	const sent = await captureRequests(page);
	const who = await verifiedContributor(page, locale, 'ocr');

	// scene 0: an ultrasound screen; scene 3: a tilted photo of a monitor — both showing patient 0
	const renderer = await openCorpusRenderer();
	const [ultrasound, photo] = [await renderer.render(sceneOf(0)), await renderer.render(sceneOf(3, 1, 0))];
	await renderer.close();
	mkdirSync(DIR, { recursive: true });
	const usPath = path.join(DIR, 'us.dcm');
	const photoPath = path.join(DIR, 'monitor.png');
	writeFileSync(usPath, burnedInDicom(ultrasound, patient));
	writeFileSync(photoPath, encodePng(photo));

	const recogniser = await startNodeRecogniser();
	try {
		// the images as picked do show every field to the same OCR: a clean result below means something
		for (const image of [ultrasound, photo]) {
			const found = await findIdentifyingText(image, patient.record, recogniser.recognise);
			expect(new Set(found.hits.filter((h) => h.source === 'record').map((h) => h.category))).toEqual(new Set(['name', 'id', 'date']));
		}

		await page.goto('/new');
		await page.getByTestId('pick-files').setInputFiles([usPath, photoPath]);
		await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 120_000 });
		const reviews = page.getByTestId('redact-review');
		await expect(reviews).toHaveCount(2, { timeout: 120_000 });
		for (const review of await reviews.all()) {
			await expect(review.getByTestId('ocr-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
			const hits = review.getByTestId('ocr-hits').locator('li');
			expect(await hits.count()).toBeGreaterThanOrEqual(2);
			// what is shown is masked: never the name, the ID or the date as written
			for (const text of [...patient.shownName.split(/[ ,]+/).filter((w) => w.length > 2), patient.id]) await expect(review).not.toContainText(text);
			await expect(review).toContainText(`${t(locale, 'ocr_category_name')}: N•••• G•••••`);
		}

		// taking a proposed box away leaves a text uncovered: the photo cannot be included until the box is back
		const photoReview = reviews.filter({ hasText: t(locale, 'ocr_photo_title') });
		const include = photoReview.getByTestId('redact-include');
		await expect(include).toBeEnabled();
		await photoReview.getByRole('button', { name: t(locale, 'author_review_undo') }).click();
		await expect(photoReview.getByTestId('ocr-unresolved')).toBeVisible();
		await expect(include).toBeDisabled();
		await photoReview.getByTestId('ocr-reset').click();
		await expect(include).toBeEnabled();

		// boxes applied: the photo is re-encoded with them, the ultrasound redacted in its DICOM pixels; both join the draft
		await include.click();
		const usReview = reviews.filter({ hasText: t(locale, 'author_review_title') });
		await usReview.getByTestId('redact-include').click();
		await expect(reviews).toHaveCount(0, { timeout: 60_000 });
		await page.getByTestId('open-draft').click();
		await expect(page.getByTestId('series-editor')).toHaveCount(2);
		// reviewed at import: the draft page does not hold the ultrasound for OCR again
		await expect(page.getByTestId('series-ocr')).toHaveAttribute('data-status', 'reviewed');
		await page.getByLabel(t(locale, 'draft_field_title'), { exact: true }).fill('Gallbladder sludge');
		await page.getByLabel(t(locale, 'draft_field_category'), { exact: true }).selectOption('other');
		await page.getByTestId('phi-ack').check();
		await expect(page.getByTestId('save-state')).not.toHaveText(t(locale, 'draft_saving'));
		await page.getByTestId('publish').click();
		await expect(page.getByTestId('public-url')).toBeVisible({ timeout: 120_000 });

		const [stored] = await storedCases(who);
		const previews = stored.files.filter((f) => imageSizeOf(f.bytes));
		expect(previews.length, 'the ultrasound and the photo were published').toBeGreaterThanOrEqual(2);
		for (const file of previews) {
			// decoded in the page and read like the originals (grey, scaled up), so small text is not missed for want of pixels
			const found = await findIdentifyingText(await decodeInPage(page, file.bytes), patient.record, recogniser.recognise);
			expect(found.hits.filter((h) => h.source === 'record'), file.name).toEqual([]);
		}
		expect(sent.filter((s) => s.method === 'POST' && s.url.includes('/api/collections/images/records')).length).toBeGreaterThanOrEqual(2);
	} finally {
		await recogniser.close();
	}
});

test('on the draft page, the photo editor asks OCR for the boxes of a photo already in the draft', { tag: '@phone' }, async ({ page }) => {
	test.setTimeout(180_000);
	const locale: Locale = 'es';
	await useLocale(page, locale);
	await verifiedContributor(page, locale, 'ocrdraft');
	const renderer = await openCorpusRenderer();
	const photo = await renderer.render(sceneOf(3, 1, 1));
	await renderer.close();
	mkdirSync(DIR, { recursive: true });
	const photoPath = path.join(DIR, 'pantalla.png');
	writeFileSync(photoPath, encodePng(photo));

	await page.goto('/new');
	await page.getByTestId('pick-files').setInputFiles([photoPath]);
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 120_000 });
	// the author vouches for the text at import (to edit the photo later, here)
	await includeHeldPhotosAsTheyAre(page);
	await page.getByTestId('open-draft').click();
	await page.getByTestId('photo-edit').click();
	const editor = page.getByTestId('photo-editor');
	await editor.getByTestId('photo-ocr').click();
	await expect(editor.getByTestId('photo-ocr-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
	await expect(editor.getByTestId('photo-ocr-status')).not.toContainText(PATIENTS[1].id);
	// the proposed boxes are black-outs of the edit, to keep, undo or add to; saving applies them
	await expect(editor.getByTestId('photo-edit-state')).not.toContainText(t(locale, 'author_review_regions', { count: '0' }));
	await editor.getByTestId('photo-save').click();
	await expect(page.getByTestId('photo-editor')).toHaveCount(0);
});
