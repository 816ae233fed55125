// A reader who arrives from a shared link on a phone: the case opens in a fresh browser (no
// earlier visit to /), is kept offline, and reads with the network off; the list pages say they
// are offline and lead to the saved cases instead of an error screen. Every control is a 44 px
// target at 360 px.
import type { Page } from '@playwright/test';
import { DEMO, expect, serverUrl, t, test, useLocale } from './env';
import { createCase, signInApi, type CreatedCase } from './viewer-fixtures';

let created: CreatedCase;
let authorId = '';
const title = `Shared link ${Date.now().toString(36)}`;

test.beforeAll(async ({ browser }) => {
	test.setTimeout(180_000);
	const auth = await signInApi(serverUrl(), DEMO.email, DEMO.password);
	authorId = auth.id;
	created = await createCase(browser, serverUrl(), auth, {
		title,
		category: 'abdomen',
		content: 'Read on a phone with the network off.',
		series: [{ plane: 'axial', modality: 'CT', description: 'Portal phase', slices: 12 }]
	});
});

/** canvasVariance is 0 for a blank canvas: a drawn slice has grey levels that vary. */
const canvasVariance = (page: Page) =>
	page.locator('section.viewer canvas').evaluate((canvas: HTMLCanvasElement) => {
		const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
		let sum = 0;
		let sq = 0;
		for (let i = 0; i < data.length; i += 4) (sum += data[i], (sq += data[i] * data[i]));
		const n = data.length / 4;
		return sq / n - (sum / n) ** 2;
	});

test('a direct link in a fresh browser: keep offline, then read it and browse with the network off', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL: serverUrl(), serviceWorkers: 'allow' });
	const page = await context.newPage();
	await useLocale(page, 'en');
	await page.goto(`/cases/${created.id}`);
	await expect(page.locator('section.viewer')).toHaveAttribute('data-drawn-index', '0');
	// the worker registered from the deep link lives at the root: it serves the next navigation,
	// to this page or any other (this page itself was loaded before it existed)
	const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
	expect(scope).toBe(`${serverUrl()}/`);

	const keep = page.getByRole('switch', { name: t('en', 'case_keep_offline') });
	await keep.click();
	await expect(page.getByText(t('en', 'case_kept_offline'))).toBeVisible();

	await context.setOffline(true);
	try {
		await page.reload();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
		await expect(page.locator('section.viewer')).toHaveAttribute('data-drawn-index', '0');
		expect(await canvasVariance(page)).toBeGreaterThan(10);

		// the case list cannot load: it says so and leads to the saved cases, never "Internal Error"
		await page.getByRole('navigation').getByRole('link', { name: t('en', 'nav_cases'), exact: true }).click();
		const notice = page.getByTestId('offline-notice');
		await expect(notice).toContainText(t('en', 'phone_offline_list'));
		await expect(page.getByText('Internal Error')).toHaveCount(0);
		await page.goto(`/authors/${authorId}`);
		await expect(page.getByTestId('offline-notice')).toBeVisible();
		await page.getByRole('link', { name: t('en', 'phone_offline_saved') }).click();
		await page.getByTestId('saved-list').getByRole('link', { name: title }).click();
		await expect(page.locator('section.viewer')).toHaveAttribute('data-drawn-index', '0');
	} finally {
		await context.setOffline(false);
	}
	// back online, the list page fills itself in without a reload by hand
	await page.goto('/cases');
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('offline-notice')).toBeVisible();
	await context.setOffline(false);
	await page.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect(page.getByTestId('offline-notice')).toHaveCount(0);
	await expect(page.locator('h2.count')).toBeVisible();
	await context.close();
});

/** smallTargets lists the visible controls smaller than 44 × 44 CSS px, except links inside a sentence (WCAG 2.5.8's inline exception). */
const smallTargets = (page: Page) =>
	page.evaluate(() => {
		const controls = document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=tab], [role=switch]');
		const small: string[] = [];
		for (const el of controls) {
			const box = el.getBoundingClientRect();
			const style = getComputedStyle(el);
			if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
			// a skip link waits off screen until it is focused
			if (box.bottom <= 0) continue;
			const inline = el.tagName === 'A' && style.display === 'inline' && (el.parentElement?.textContent ?? '').trim().length > (el.textContent ?? '').trim().length;
			// a checkbox or radio counts with the label that wraps it (the label is the target)
			const label = el.closest('label');
			const target = label && (el as HTMLInputElement).type && ['checkbox', 'radio'].includes((el as HTMLInputElement).type) ? label.getBoundingClientRect() : box;
			if (inline) continue;
			if (target.height < 43.5 || target.width < 43.5) small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || (el as HTMLInputElement).name || '').trim().slice(0, 30)}" ${Math.round(target.width)}×${Math.round(target.height)}`);
		}
		return small;
	});

test('every control is at least 44 px at 360 px wide', { tag: '@phone' }, async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, baseURL: serverUrl() });
	const page = await context.newPage();
	for (const locale of ['es', 'en'] as const) {
		await useLocale(page, locale);
		for (const path of ['/', '/cases', `/cases/${created.id}`, `/authors/${authorId}`, '/saved', '/signin', '/signup']) {
			await page.goto(path);
			await expect(page.locator('main h1').first()).toBeVisible();
			if (path.startsWith('/cases/')) await expect(page.locator('section.viewer')).toHaveAttribute('data-drawn-index', '0');
			expect(await smallTargets(page), `${locale} ${path}`).toEqual([]);
		}
	}
	await context.close();
});
