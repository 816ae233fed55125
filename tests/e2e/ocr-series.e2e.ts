// On-device OCR of sampled slices, on a phone: a CT series whose scanner burned the patient's name,
// ID and birth date into every slice's corner says nothing of it in its header (CT, no Burned In
// Annotation), so it is imported like any CT. OCR then reads its first, middle and last slices in
// the background and holds the series: the draft cannot be published (the outbox sends nothing)
// until the proposed boxes — editable with a finger or the mouse on the draft page — are applied to
// every slice. The published previews and de-identified DICOM pixel data are then read with the
// same OCR under Node: no name, ID or date is left, and no identifying value reached the network.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, serverUrl, t, test, useLocale, type Locale } from './env';
import { writeCase } from './fixtures/authoring/case-form';
import { captureRequests, sentHits } from './fixtures/authoring/requests';
import { storedCases, verifiedContributor } from './fixtures/authoring/session';
import { parseDicom } from '../../src/lib/dicom/parse';
import { renderPreview } from '../../src/lib/dicom/render';
import { renderPreviewAndValues } from '../../src/lib/dicom/render/hu-values';
import { startNodeRecogniser } from '../../src/lib/ocr/engine-node';
import { findIdentifyingText } from '../../src/lib/ocr/find-text';
import { imageSizeOf } from '../../src/lib/ocr/image-size';
import { CT_PHI } from '../fixtures/ct/generate';
import { CT_OVERLAY_TEXT, CT_RECORD, ctOverlayScene, ctOverlaySlices } from '../ocr/ct-overlay';
import { openCorpusRenderer } from '../ocr/render';
import { decodeInPage } from './fixtures/authoring/decode-in-page';

const DIR = path.join(process.cwd(), 'tests', '.tmp', `ocr-series-e2e-${process.pid}`);
test.afterEach(() => rmSync(DIR, { recursive: true, force: true }));

test('a CT with a name burned into its overlay is held by OCR of sampled slices until its boxes are applied to every slice', { tag: '@phone' }, async ({ page }) => {
	test.setTimeout(300_000);
	const locale: Locale = 'es';
	await useLocale(page, locale);
	const sent = await captureRequests(page);
	const who = await verifiedContributor(page, locale, 'ocrct');

	const renderer = await openCorpusRenderer();
	const image = await renderer.render(ctOverlayScene());
	await renderer.close();
	mkdirSync(DIR, { recursive: true });
	const files = ctOverlaySlices(image, 5).map((bytes, i) => {
		const file = path.join(DIR, `slice-${i + 1}.dcm`);
		writeFileSync(file, bytes);
		return file;
	});

	const recogniser = await startNodeRecogniser();
	try {
		// the slice as picked shows every field to the same OCR: a clean result below means something
		const before = await findIdentifyingText(image, CT_RECORD, recogniser.recognise);
		expect(new Set(before.hits.filter((h) => h.source === 'record').map((h) => h.category))).toEqual(new Set(['name', 'id', 'date']));
		// and so do its CT values (companded HU, what readers window from): clean ones below mean something too
		const { values } = await renderPreviewAndValues(parseDicom(ctOverlaySlices(image, 1)[0]), 'CT');
		expect((await findIdentifyingText(values!, CT_RECORD, recogniser.recognise)).hits.filter((h) => h.source === 'record').length).toBeGreaterThan(0);

		await page.goto('/new');
		await page.getByTestId('pick-files').setInputFiles(files);
		await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 120_000 });
		// nothing in the header holds it back at import: it goes into the draft like any CT...
		await expect(page.getByTestId('redact-review')).toHaveCount(0);
		// ...and OCR of its sampled slices, in the background, says it shows text to review before publishing
		await expect(page.getByTestId('import-sampled-ocr')).toHaveAttribute('data-held', '1', { timeout: 120_000 });
		await expect(page.getByTestId('import-sampled-ocr')).toHaveText(t(locale, 'ocr_import_held', { count: '1' }));
		await page.getByTestId('open-draft').click();

		const check = page.getByTestId('series-ocr');
		await expect(check).toHaveAttribute('data-status', 'found', { timeout: 120_000 });
		const review = check.getByTestId('redact-review');
		await expect(review).toContainText(t(locale, 'ocr_series_title'));
		expect(await review.getByTestId('ocr-hits').locator('li').count()).toBeGreaterThanOrEqual(2);
		// the hits are shown masked: never the name, the ID or the date as written
		for (const text of ['LOVELACE', 'ADA', CT_OVERLAY_TEXT.id, CT_OVERLAY_TEXT.birth]) await expect(review).not.toContainText(text);

		// publishing is refused while the text is neither boxed nor vouched for, and nothing is sent
		await writeCase(page, locale, 'Steatosis with a loud console');
		await page.getByTestId('publish').click();
		await expect(page.getByTestId('publish-errors')).toContainText(t(locale, 'draft_error_ocr_unresolved'));
		await expect(page.getByTestId('step-errors-images')).toBeVisible();
		expect(sent.filter((s) => s.method === 'POST' && s.url.includes('/api/collections/cases/records'))).toEqual([]);

		// the boxes are the author's to edit: one taken away leaves a text uncovered and blocks applying
		const apply = review.getByTestId('redact-include');
		await expect(apply).toBeEnabled();
		await review.getByRole('button', { name: t(locale, 'author_review_undo') }).click();
		await expect(review.getByTestId('ocr-unresolved')).toBeVisible();
		await expect(apply).toBeDisabled();
		await review.getByTestId('ocr-reset').click();
		await expect(apply).toBeEnabled();
		// ...and one more drawn by hand (the mouse here; a finger gives the same pointer events) over the harmless corner text
		const canvas = review.getByTestId('redact-canvas');
		// in the middle of the screen: at its top, the draft's steps bar would take the pointer
		await canvas.evaluate((el) => el.scrollIntoView({ block: 'center' }));
		const box = (await canvas.boundingBox())!;
		const regions = Number(await review.getByTestId('redact-regions').getAttribute('data-count'));
		await page.mouse.move(box.x + box.width * 0.76, box.y + box.height * 0.015);
		await page.mouse.down();
		await page.mouse.move(box.x + box.width * 0.99, box.y + box.height * 0.06, { steps: 4 });
		await page.mouse.up();
		await expect(review.getByTestId('redact-regions')).toHaveAttribute('data-count', String(regions + 1));
		await apply.click();
		await expect(check.getByTestId('series-ocr-reviewed')).toBeVisible({ timeout: 120_000 });

		await page.getByTestId('publish').click();
		await expect(page.getByTestId('public-url')).toBeVisible({ timeout: 120_000 });

		const [stored] = await storedCases(who);
		expect(stored.imageCount, 'every slice was published').toBe(5);
		expect(stored.dicomCount, 'the de-identified DICOM went too (liver CT, consent)').toBe(5);
		for (const file of stored.files) {
			const rendered = imageSizeOf(file.bytes) ? await decodeInPage(page, file.bytes) : await renderPreview(parseDicom(file.bytes));
			const found = await findIdentifyingText(rendered, CT_RECORD, recogniser.recognise);
			expect(found.hits.filter((h) => h.source === 'record'), file.name).toEqual([]);
		}
		// the CT values readers window from were rendered again from the redacted pixels too
		const images = (JSON.parse(stored.records) as [unknown, unknown, { id: string; values?: string }[]])[2].filter((i) => i.values);
		expect(images.length, 'every slice has its CT values').toBe(5);
		for (const image of images) {
			const res = await fetch(`${serverUrl()}/api/files/images/${image.id}/${image.values}`);
			expect(res.ok).toBe(true);
			const found = await findIdentifyingText(await decodeInPage(page, new Uint8Array(await res.arrayBuffer())), CT_RECORD, recogniser.recognise);
			expect(found.hits.filter((h) => h.source === 'record'), `values of ${image.id}`).toEqual([]);
		}
		const needles = [CT_PHI.patientName, 'LOVELACE', CT_PHI.patientId, CT_PHI.birthDate, CT_PHI.accession, CT_PHI.institution];
		expect(sentHits(sent, needles)).toEqual([]);
	} finally {
		await recogniser.close();
	}
});
