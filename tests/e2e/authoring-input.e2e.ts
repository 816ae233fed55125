// Bad input, as a contributor meets them on a phone: each gets a clear message
// in the user's language, and nothing is half-saved (not on the device, not on the server).
import { expect, t, test, useLocale, type Locale } from './env';
import { ELF_EXECUTABLE, removeStudies, writeExtra, writeStudy } from './fixtures/authoring/phi-study';
import { storedCases, verifiedContributor } from './fixtures/authoring/session';

test.afterEach(removeStudies);

test('an executable posing as a JPEG, an empty case and a 101-character title get clear messages and save nothing (es)', async ({ page }) => {
	const locale: Locale = 'es';
	await useLocale(page, locale);
	const who = await verifiedContributor(page, locale, 'badin');
	const input = writeStudy('authoring-input', 1);
	const fake = writeExtra(input.dir, 'Núñez García foto.jpg', ELF_EXECUTABLE);

	await page.goto('/new');
	await page.getByTestId('pick-files').setInputFiles([fake]);
	await expect(page.getByTestId('import-nothing')).toHaveText(t(locale, 'author_nothing'));
	await expect(page.getByTestId('skipped')).toContainText(`Núñez García foto.jpg: ${t(locale, 'author_skip_not_dicom')}`);
	await expect(page.getByTestId('open-draft')).toHaveCount(0);
	await page.goto('/drafts');
	await expect(page.getByText(t(locale, 'draft_list_empty'))).toBeVisible();

	await page.goto('/new');
	await page.getByRole('button', { name: t(locale, 'author_empty_case') }).click();
	await expect(page.getByTestId('draft-editor')).toBeVisible();
	await expect(page.getByTestId('consent-section')).toContainText(t(locale, 'consent_no_dicom'));
	await page.getByTestId('publish').click();
	const errors = page.getByTestId('publish-errors');
	for (const key of ['draft_error_title_required', 'draft_error_category_required', 'draft_error_phi_ack_required']) {
		await expect(errors).toContainText(t(locale, key));
	}

	const title = page.getByLabel(t(locale, 'draft_field_title'), { exact: true });
	await title.fill('x'.repeat(101));
	await expect(page.getByTestId('title-count')).toHaveText(t(locale, 'draft_counter', { used: '101', max: '100' }));
	await expect(page.getByText(t(locale, 'draft_error_title_too_long')).first()).toBeVisible();
	await page.getByLabel(t(locale, 'draft_field_category'), { exact: true }).selectOption('thorax');
	await page.getByText(t(locale, 'publish_notice')).click();
	await expect(page.getByTestId('phi-ack')).toBeChecked();
	await page.getByTestId('publish').click();
	await expect(errors).toContainText(t(locale, 'draft_error_title_too_long'));
	await expect(errors).not.toContainText(t(locale, 'draft_error_phi_ack_required'));

	// nothing reached the server
	expect(await storedCases(who)).toEqual([]);
	// the draft kept what was typed, long title included, to be fixed later
	await page.reload();
	await expect(title).toHaveValue('x'.repeat(101));
});

test('an image at risk of burned-in text is excluded until blacked out, then joins the case as its own series; the summary stays with the draft; an unticked series is kept, only a confirmed delete removes it', async ({ page }) => {
	const locale: Locale = 'en';
	await useLocale(page, locale);
	await verifiedContributor(page, locale, 'redact');
	const input = writeStudy('authoring-redact', 2);

	await page.goto('/new');
	await page.getByTestId('pick-files').setInputFiles(input.paths);
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });
	const review = page.getByTestId('redact-review');
	await expect(review).toHaveCount(1);
	const include = review.getByRole('button', { name: t(locale, 'author_review_include') });
	await expect(include).toBeDisabled();

	// black out the top band, where the dose report prints the patient's name
	await page.getByTestId('redact-canvas').scrollIntoViewIfNeeded();
	const box = (await page.getByTestId('redact-canvas').boundingBox())!;
	await page.mouse.move(box.x + 1, box.y + 1);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width - 1, box.y + box.height / 3, { steps: 4 });
	await page.mouse.up();
	await expect(review).toContainText(t(locale, 'author_review_regions', { count: '1' }));
	await include.click();
	await expect(page.getByTestId('redact-review')).toHaveCount(0, { timeout: 30_000 });

	await page.getByTestId('open-draft').click();
	await expect(page.getByTestId('series-editor')).toHaveCount(3);
	// the dose report is not CT: the research question says why it cannot be asked
	await expect(page.getByTestId('consent-not-ct')).toContainText('OT');

	// the de-identification summary was kept with the draft: it is there after a reload, redaction included
	await page.reload();
	const summary = page.getByTestId('deid-summary');
	await expect(summary).toContainText(t(locale, 'author_summary_series', { modality: 'CT', stored: '2', instances: '2' }));
	await expect(summary.getByTestId('redacted')).toContainText(t(locale, 'author_summary_redacted', { count: '1', regions: '1' }));
	await expect(summary.getByTestId('redacted')).toContainText(t(locale, 'author_reason_secondary_capture'));
	await expect(summary).not.toContainText('Dose Report'); // the original description stays out of the draft

	// unticking the dose report keeps it, not to be published; the research question can be asked again
	const dose = page.getByTestId('series-editor').nth(2);
	await dose.getByTestId('series-publish').uncheck();
	await expect(dose.getByTestId('series-unpublished')).toBeVisible();
	await expect(page.getByTestId('consent-not-ct')).toHaveCount(0);
	await page.reload();
	await expect(page.getByTestId('series-editor')).toHaveCount(3);
	await expect(page.getByTestId('series-editor').nth(2).getByTestId('series-publish')).not.toBeChecked();
	await page.getByTestId('series-editor').nth(2).getByTestId('series-publish').check();
	await expect(page.getByTestId('consent-not-ct')).toContainText('OT');

	// only a confirmed delete removes it
	page.once('dialog', (dialog) => void dialog.dismiss());
	await page.getByTestId('series-editor').nth(2).getByTestId('series-delete').click();
	await expect(page.getByTestId('series-editor')).toHaveCount(3);
	page.once('dialog', (dialog) => void dialog.accept());
	await page.getByTestId('series-editor').nth(2).getByTestId('series-delete').click();
	await expect(page.getByTestId('series-editor')).toHaveCount(2);
	await page.reload();
	await expect(page.getByTestId('series-editor')).toHaveCount(2);
	await expect(page.getByTestId('redacted')).toHaveCount(0);
});
