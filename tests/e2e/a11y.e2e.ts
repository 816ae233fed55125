import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO, expect, LOCALES, signIn, test, useLocale } from './env';

const GUEST_PAGES = ['/', '/signin', '/signup', '/reset', '/reset/some-token', '/verify/not-a-token', '/confirm-email/some-token', '/admin', '/new', '/no-such-page'];
const SIGNED_IN_PAGES = ['/', '/profile', '/new'];

async function expectNoViolations(page: Page, path: string): Promise<void> {
	await page.goto(path);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	// The verify page settles into its failed state before it is checked.
	if (path.startsWith('/verify/')) await expect(page.getByRole('alert')).toBeVisible();
	const results = await new AxeBuilder({ page }).analyze();
	expect(results.violations.map((v) => `${path}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

test.use({ viewport: { width: 360, height: 740 } });

// Spanish in the light scheme, English in the dark one: both palettes are checked for contrast.
for (const locale of LOCALES) {
	const colorScheme = locale === 'es' ? 'light' : 'dark';

	test.describe(`${colorScheme} scheme`, () => {
		test.use({ colorScheme });

		test(`no axe-core violations at 360 px, guest pages (${locale})`, async ({ page }) => {
			await useLocale(page, locale);
			for (const path of GUEST_PAGES) await expectNoViolations(page, path);
		});

		test(`no axe-core violations at 360 px, signed-in pages and a case (${locale})`, async ({ page }) => {
			await useLocale(page, locale);
			await signIn(page, locale, DEMO.email, DEMO.password);
			for (const path of SIGNED_IN_PAGES) await expectNoViolations(page, path);
			await page.goto('/');
			await page.locator('article.case h3 a').first().click();
			await expect(page.locator('article.case h1')).toBeVisible();
			const results = await new AxeBuilder({ page }).analyze();
			expect(results.violations.map((v) => v.id)).toEqual([]);
		});
	});
}
