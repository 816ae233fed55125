// Browse and search: full-text search on title and content, filters by category, modality and
// ICD-11 code, all in the URL (shareable, back button); infinite scroll; the author page; axe.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO, expect, serverUrl, t, test, useLocale } from './env';
import { createCase, liverIcd11, signInApi } from './viewer-fixtures';

// a word no other case contains, so every search below sees only this file's cases
const tag = `zq${Date.now().toString(36)}`;
const icd = liverIcd11(3);
const cases = {
	liver: { title: `Hepatic lesion ${tag}`, category: 'abdomen', modality: 'CT', icd11: icd, content: 'Portal venous phase.' },
	chest: { title: `Pneumothorax ${tag}`, category: 'thorax', modality: 'CR', content: `Look for the pleural line ${tag}needle.` },
	brain: { title: `Meningioma ${tag}`, category: 'neuroradiology', modality: 'MR', content: 'Dural tail.' }
};
let authorId = '';

test.beforeAll(async ({ browser }) => {
	test.setTimeout(180_000);
	const auth = await signInApi(serverUrl(), DEMO.email, DEMO.password);
	authorId = auth.id;
	for (const c of Object.values(cases)) {
		await createCase(browser, serverUrl(), auth, {
			title: c.title,
			category: c.category,
			content: c.content,
			icd11: 'icd11' in c ? c.icd11 : undefined,
			series: [{ plane: 'axial', modality: c.modality, description: '', slices: 1 }]
		});
	}
	// more than a page of cases for the infinite scroll
	for (let i = 0; i < 14; i++) {
		await createCase(browser, serverUrl(), auth, { title: `Bulk ${tag}b ${String(i).padStart(2, '0')}`, category: 'other', series: [] });
	}
});

const titles = (page: Page) => page.getByTestId('case-list').getByRole('heading').allTextContents();

async function expectTitles(page: Page, expected: string[]): Promise<void> {
	await expect.poll(async () => (await titles(page)).map((s) => s.trim()).sort()).toEqual([...expected].sort());
}

test('search and filters find the right cases and live in the URL', async ({ page }) => {
	await useLocale(page, 'en');
	await page.goto('/cases');
	const search = page.getByRole('searchbox', { name: t('en', 'browse_search_label') });
	await search.fill(tag);
	await page.getByRole('button', { name: t('en', 'browse_submit') }).click();
	await expect(page).toHaveURL(new RegExp(`/cases\\?q=${tag}$`));
	// the bulk cases share the prefix only as a longer word, so all of them match too: narrow by category first
	await page.getByRole('combobox', { name: t('en', 'browse_category_label') }).selectOption('thorax');
	await expect(page).toHaveURL(/category=thorax/);
	await expectTitles(page, [cases.chest.title]);

	await page.getByRole('combobox', { name: t('en', 'browse_category_label') }).selectOption('');
	await page.getByRole('combobox', { name: t('en', 'browse_modality_label') }).selectOption('MR');
	await expect(page).toHaveURL(/modality=MR/);
	await expectTitles(page, [cases.brain.title]);

	await page.getByRole('combobox', { name: t('en', 'browse_modality_label') }).selectOption('');
	await expect(page).toHaveURL(new RegExp(`/cases\\?q=${tag}$`));
	await page.getByRole('combobox', { name: t('en', 'browse_icd11_label') }).fill(icd.code);
	await page.getByRole('button', { name: t('en', 'browse_submit') }).click();
	await expect(page).toHaveURL(new RegExp(`icd=${icd.code.replace('.', '\\.')}`));
	await expectTitles(page, [cases.liver.title]);

	// the back button restores earlier searches, one step at a time
	await page.goBack();
	await expect(page).toHaveURL(new RegExp(`/cases\\?q=${tag}$`));
	await page.goBack();
	await expect(page).toHaveURL(/modality=MR/);
	await expectTitles(page, [cases.brain.title]);

	// full text: a word only in one case's content
	await page.goto(`/cases?q=${tag}needle`);
	await expectTitles(page, [cases.chest.title]);
	// input that would break a concatenated filter is just text that matches nothing
	await page.goto(`/cases?q=${encodeURIComponent('" || status != "')}`);
	await expect(page.getByText(t('en', 'browse_no_results'))).toBeVisible();
});

test('more cases load as the reader scrolls to the end of the list', async ({ page }) => {
	await useLocale(page, 'en');
	await page.goto(`/cases?q=${tag}b`);
	await expect(page.getByText(t('en', 'browse_results', { count: '14' }))).toBeVisible();
	await expect.poll(async () => (await titles(page)).length).toBe(12);
	// newest first
	expect((await titles(page))[0].trim()).toBe(`Bulk ${tag}b 13`);
	await page.getByRole('button', { name: t('en', 'browse_load_more') }).scrollIntoViewIfNeeded();
	await expect.poll(async () => (await titles(page)).length).toBe(14);
	await expect(page.getByRole('button', { name: t('en', 'browse_load_more') })).toHaveCount(0);
});

test('the author page lists their published cases; browse and author pages have no axe violations', async ({ page }) => {
	await useLocale(page, 'en');
	await page.goto(`/cases?q=${tag}&category=abdomen`);
	await expectTitles(page, [cases.liver.title]);
	let results = await new AxeBuilder({ page }).analyze();
	expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);

	await page.getByRole('link', { name: cases.liver.title }).click();
	await page.getByRole('link', { name: /^by / }).click();
	await expect(page).toHaveURL(`${serverUrl()}/authors/${authorId}`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(t('en', 'browse_author_title', { name: '' }).trim());
	// newest first: this file's last case heads the author's list
	await expect(page.getByTestId('case-list').getByRole('heading').first()).toHaveText(`Bulk ${tag}b 13`);
	results = await new AxeBuilder({ page }).analyze();
	expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
});
