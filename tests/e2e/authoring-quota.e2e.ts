// A full device: the import stops with a message naming the drafts to delete, and what was saved before is intact.
import { expect, serverUrl, t, test, useLocale, type Locale } from './env';
import { removeStudies, writeStudy } from './fixtures/authoring/phi-study';
import { verifiedContributor } from './fixtures/authoring/session';

test.afterEach(removeStudies);
// Only the drafts count against the small quota below (the service worker's cache would take it all).
test.use({ serviceWorkers: 'block' });

test('a full device stops the import with a message naming drafts to delete, and loses nothing saved', async ({ page }) => {
	test.setTimeout(120_000);
	const locale: Locale = 'en';
	await useLocale(page, locale);
	// A small device, set before the first page loads (Chromium reads the quota, and the usage, when it
	// opens the origin's storage, then refuses a write that would not fit: a 512 × 512 slice here).
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Storage.overrideQuotaForOrigin', { origin: serverUrl(), quotaSize: 400 * 1024 });
	await verifiedContributor(page, locale, 'quota');

	await page.goto('/new');
	await page.getByTestId('pick-files').setInputFiles(writeStudy('authoring-quota-a', 2).paths);
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });
	await page.getByTestId('open-draft').click();
	const savedTitle = 'Saved before the device filled up';
	await page.getByLabel(t(locale, 'draft_field_title'), { exact: true }).fill(savedTitle);
	await expect(page.getByTestId('save-state')).not.toHaveText(t(locale, 'draft_saving'));

	await page.goto('/new');
	await page.getByTestId('pick-files').setInputFiles(writeStudy('authoring-quota-b', 4, 512).paths);
	const full = page.getByTestId('storage-full');
	await expect(full).toContainText(t(locale, 'author_storage_full', { drafts: '' }).split('.')[0], { timeout: 60_000 });
	await expect(full).toContainText(savedTitle);
	await cdp.send('Storage.overrideQuotaForOrigin', { origin: serverUrl() });

	await page.goto('/drafts');
	const row = page.getByTestId('draft-row').filter({ hasText: savedTitle });
	await expect(row).toContainText(t(locale, 'draft_list_row', { images: '3', size: '', time: '' }).split(' · ')[0]);
	await row.getByRole('link', { name: savedTitle }).click();
	await expect(page.getByLabel(t(locale, 'draft_field_title'), { exact: true })).toHaveValue(savedTitle);
	await expect(page.getByTestId('series-editor')).toHaveCount(2);
});
