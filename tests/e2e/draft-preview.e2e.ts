// "Ver como lector" on a phone, in Spanish: the author opens their draft in the readers' viewer,
// straight from the device's database (offline), scrolls it, and comes back; the drafts list
// says drafts live on the device where they were made.
import { expect, t, test, useLocale, type Locale } from './env';
import { removeStudies, writeStudy } from './fixtures/authoring/phi-study';
import { waitForControllingWorker } from './fixtures/authoring/requests';
import { verifiedContributor } from './fixtures/authoring/session';

test.afterEach(removeStudies);

test('an author previews the draft as a reader, offline, and goes back to it', { tag: '@phone' }, async ({ page }) => {
	test.setTimeout(120_000);
	const locale: Locale = 'es';
	await useLocale(page, locale);
	await verifiedContributor(page, locale, 'previewer');
	const input = writeStudy('draft-preview', 5);

	await page.goto('/new');
	await waitForControllingWorker(page);
	await page.getByTestId('pick-files').setInputFiles(input.paths);
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });
	// the result and the next step are on screen, not below the pickers
	await expect(page.getByTestId('open-draft')).toBeInViewport();
	await page.getByTestId('open-draft').click();
	await expect(page.getByTestId('draft-editor')).toBeVisible();
	// the parts of the draft are one tap away, and after a publish attempt each says what it lacks
	const steps = page.getByTestId('draft-steps');
	await steps.getByRole('link', { name: t(locale, 'draft_section_publish') }).click();
	await expect(page.getByTestId('publish-panel')).toBeInViewport();
	await page.getByTestId('publish').click();
	await expect(steps.getByTestId('step-errors-text')).toBeVisible();
	await expect(steps.getByTestId('step-errors-publish')).toHaveText(t(locale, 'draft_step_errors', { count: '1' }));
	await steps.getByRole('link', { name: t(locale, 'draft_section_text') }).click();
	await expect(steps).toBeInViewport();
	const title = 'Esteatosis hepática difusa';
	await page.getByLabel(t(locale, 'draft_field_title'), { exact: true }).fill(title);
	await page.getByLabel(t(locale, 'draft_field_content'), { exact: true }).fill('Hallazgo **incidental** en una TC de estadificación.');
	await expect(page.getByTestId('save-state')).not.toHaveText(t(locale, 'draft_saving'));

	await page.context().setOffline(true);
	await page.getByTestId('preview-as-reader').click();
	const preview = page.getByTestId('draft-preview');
	await expect(preview.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(preview.locator('.content strong')).toHaveText('incidental');
	const viewer = page.locator('section.viewer');
	await expect(viewer).toHaveAttribute('data-drawn-index', '0');
	// the CT series (the tab that counts its 5 slices), then a slice down
	await preview.getByRole('tab', { name: t(locale, 'case_series_images', { count: '5' }) }).click();
	await expect(viewer).toHaveAttribute('data-count', '5');
	await viewer.locator('.stage').focus();
	await page.keyboard.press('ArrowDown');
	await expect(viewer).toHaveAttribute('data-drawn-index', '1');
	// the image comes before the text on a phone, inside the screen's width
	const box = (await viewer.boundingBox())!;
	expect(box.width).toBeLessThanOrEqual(page.viewportSize()!.width);

	await page.getByRole('link', { name: t(locale, 'draft_preview_back') }).click();
	await expect(page.getByTestId('draft-editor')).toBeVisible();
	await page.context().setOffline(false);

	await page.goto('/drafts');
	await expect(page.getByTestId('drafts-on-device')).toContainText(t(locale, 'draft_list_device_only'));
});
