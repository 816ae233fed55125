// A case's optional ICD-11 diagnosis from the whole MMS, on a phone in Spanish: picked offline in
// a draft (the MMS chunk comes from the service worker's precache, searched on the device with
// accents folded), kept across a reload, published without research consent, read by a stranger
// opening the direct link (Spanish title, code, WHO link) and found again through the case list's
// ICD-11 filter by code and by its start; another chapter's filter leaves it out.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { deviceContext, expect, t, test, useLocale, type Locale } from './env';
import { removeStudies, writeStudy } from './fixtures/authoring/phi-study';
import { waitForControllingWorker } from './fixtures/authoring/requests';
import { storedCases, verifiedContributor } from './fixtures/authoring/session';

test.afterEach(removeStudies);

/** noAxeViolations: axe-core finds nothing inside `selector` (the parts this feature adds). */
async function noAxeViolations(page: Page, selector: string): Promise<void> {
	const results = await new AxeBuilder({ page }).include(selector).analyze();
	expect(results.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

test('a diagnosis picked offline is published, shown in Spanish by direct link and browsed by code', { tag: '@phone' }, async ({ page, browser }, testInfo) => {
	test.setTimeout(180_000);
	const locale: Locale = 'es';
	await useLocale(page, locale);
	const who = await verifiedContributor(page, locale, 'diagnosis');
	const input = writeStudy('icd11-diagnosis', 3);

	await page.goto('/new');
	await waitForControllingWorker(page);
	await page.getByTestId('pick-files').setInputFiles(input.paths);
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });
	await page.getByTestId('open-draft').click();
	await expect(page.getByTestId('draft-editor')).toBeVisible();

	// Offline from here: the MMS has never been loaded by this page, so it must come from the precache.
	await page.context().setOffline(true);
	const title = `Neumonía lobar ${Date.now().toString(36)}`;
	await page.getByLabel(t(locale, 'draft_field_title'), { exact: true }).fill(title);
	await page.getByLabel(t(locale, 'draft_field_category'), { exact: true }).selectOption('thorax');
	const picker = page.getByTestId('diagnosis-picker');
	const search = picker.getByRole('searchbox', { name: t(locale, 'diagnosis_label') });
	await search.fill('zzqxw');
	await expect(picker.getByText(t(locale, 'diagnosis_none'))).toBeVisible();
	// words without accents, in Spanish, find the Spanish title
	await search.fill('neumonia bacteri');
	const choice = picker.getByRole('button', { name: t(locale, 'diagnosis_choose', { code: 'CA40.0', title: 'Neumonía bacteriana' }), exact: true });
	await expect(choice).toBeVisible();
	await choice.click();
	await expect(picker.getByTestId('diagnosis-chosen')).toContainText('CA40.0');
	await expect(picker.getByTestId('diagnosis-chosen')).toContainText('Neumonía bacteriana');
	// a code prefix lists codes of the whole classification, outside the liver list too
	await search.fill('8A00');
	await expect(picker.getByTestId('diagnosis-results').getByRole('button').first()).toContainText('8A00');
	await noAxeViolations(page, '[data-testid="diagnosis-picker"]');
	await search.fill('');
	await page.getByTestId('phi-ack').check();
	await expect(page.getByTestId('save-state')).not.toHaveText(t(locale, 'draft_saving'));
	await page.reload();
	await expect(page.getByTestId('diagnosis-chosen')).toContainText('Neumonía bacteriana');
	// the author's "preview as reader", still offline, shows it as the case page will
	await page.getByTestId('preview-as-reader').click();
	await expect(page.getByTestId('draft-preview').getByTestId('case-diagnosis')).toContainText('CA40.0');
	await expect(page.getByTestId('draft-preview').getByTestId('case-diagnosis')).toContainText('Neumonía bacteriana');
	await page.getByRole('link', { name: t(locale, 'draft_preview_back') }).click();
	await expect(page.getByTestId('diagnosis-chosen').getByRole('link')).toHaveAttribute('href', 'https://icd.who.int/browse/2024-01/mms/es#1323682030');

	await page.context().setOffline(false);
	await page.getByTestId('publish').click();
	await expect(page.getByTestId('public-url')).toBeVisible({ timeout: 90_000 });
	const url = (await page.getByTestId('public-url').textContent())!.trim();
	const [stored] = await storedCases(who);
	expect(stored.records).toContain('"diagnosis_icd11":"CA40.0"');
	expect(stored.records).toContain('"research_consent":false');

	// A stranger opens the shared link: Spanish title, the code linking to its cases, WHO's page.
	const reader = await deviceContext(browser, testInfo);
	const readerPage = await reader.newPage();
	await useLocale(readerPage, locale);
	await readerPage.goto(url);
	await expect(readerPage.getByRole('heading', { level: 1 })).toHaveText(title);
	const shown = readerPage.getByTestId('case-diagnosis');
	await expect(shown).toContainText('CA40.0');
	await expect(shown).toContainText('Neumonía bacteriana');
	await expect(shown.getByRole('link', { name: t(locale, 'diagnosis_who_link', { code: 'CA40.0' }) })).toHaveAttribute('href', 'https://icd.who.int/browse/2024-01/mms/es#1323682030');
	await expect(readerPage.getByText(t(locale, 'case_icd11_attribution'))).toBeVisible();
	await noAxeViolations(readerPage, '[data-testid="case-diagnosis"]');

	// Browsing by code: the code's own link, then the form with the start of the code.
	await shown.getByRole('link', { name: t(locale, 'case_diagnosis_browse', { code: 'CA40.0' }) }).click();
	await expect(readerPage).toHaveURL(/\/cases\?icd=CA40\.0$/);
	await expect(readerPage.getByTestId('case-list')).toContainText(title);
	await expect(readerPage.getByTestId('browse-icd11-applied')).toContainText('Neumonía bacteriana');
	await noAxeViolations(readerPage, '[data-testid="browse-form"]');
	const filter = readerPage.getByLabel(t(locale, 'browse_icd11_label'), { exact: true });
	await filter.fill('CA4');
	await filter.press('Enter');
	await expect(readerPage).toHaveURL(/icd=CA4$/);
	await expect(readerPage.getByTestId('case-list')).toContainText(title);
	// the chapter (its letter) from the case page, and a code of another chapter that leaves it out
	await readerPage.goto('/cases?icd=C');
	await expect(readerPage.getByTestId('browse-icd11-applied')).toContainText(t(locale, 'case_diagnosis_chapter', { chapter: '12', title: 'Enfermedades del sistema respiratorio' }));
	await expect(readerPage.getByTestId('case-list')).toContainText(title);
	await readerPage.goto('/cases?icd=DB9');
	await expect(readerPage.getByText(title)).toHaveCount(0);
	await reader.close();
});
