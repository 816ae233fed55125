import { createAccount, DEMO, expect, LOCALES, serverUrl, signIn, t, test, uniqueAccount, useLocale } from './env';
import { createCase, signInApi } from './viewer-fixtures';

for (const locale of LOCALES) {
	test(`an unverified user can sign in but is told why they cannot contribute (${locale})`, async ({ page }) => {
		await useLocale(page, locale);
		const account = uniqueAccount(`uv${locale}`);
		await createAccount(account, locale);
		await signIn(page, locale, account.email, account.password);

		await expect(page.getByTestId('verify-banner')).toContainText(t(locale, 'verify_banner_text', { email: account.email }));
		await page.getByRole('navigation').getByRole('link', { name: t(locale, 'nav_new_case') }).click();
		await expect(page.getByTestId('contribute-gate')).toHaveText(t(locale, 'new_case_unverified', { email: account.email }));

		await page.getByRole('button', { name: t(locale, 'verify_banner_resend') }).click();
		await expect(page.getByText(t(locale, 'verify_banner_sent'))).toBeVisible();
	});
}

test('a guest is asked to sign in and a verified user may contribute', async ({ page }) => {
	await useLocale(page, 'en');
	await page.goto('/new');
	await expect(page.getByTestId('contribute-gate')).toHaveText(t('en', 'new_case_guest'));

	await signIn(page, 'en', DEMO.email, DEMO.password);
	await page.goto('/new');
	await expect(page.getByTestId('contribute-ready')).toHaveText(t('en', 'new_case_ready'));
	await expect(page.getByTestId('verify-banner')).toHaveCount(0);
});

test('the home page lists the newest published case with its key image and links to it', async ({ page, browser }) => {
	// Other suites publish many cases on the same server (some without images, which are
	// allowed), so this test publishes its own, with slices, and finds it by its title.
	const title = `Caso portada ${Date.now().toString(36)}`;
	const auth = await signInApi(serverUrl(), DEMO.email, DEMO.password);
	await createCase(browser, serverUrl(), auth, {
		title,
		category: 'abdomen',
		series: [{ plane: 'axial', modality: 'CT', description: 'TC', slices: 2 }]
	});
	await useLocale(page, 'es');
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('es', 'home_title'));
	const card = page.locator('article.case', { hasText: title });
	await expect(card.locator('img')).toBeVisible();
	// Visible comes before decoded: wait for the image's pixels, not just its box.
	await expect.poll(() => card.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
	await card.getByRole('link', { name: title }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

	await page.goto('/cases/doesnotexist123');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('es', 'not_found_title'));
});
