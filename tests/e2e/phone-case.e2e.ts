// A shared case link opened on a phone: the first slice is on screen without scrolling, in
// portrait and landscape at 360 and 390 px; fullscreen fills the screen in both orientations and
// its controls fade out and come back; the series are a strip of labelled thumbnails; no toast
// lies over the image; the desktop keeps the viewer and the text side by side.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { DEMO, expect, serverUrl, t, test, useLocale } from './env';
import { createCase, liverIcd11, signInApi, type CreatedCase } from './viewer-fixtures';

let created: CreatedCase;

test.beforeAll(async ({ browser }) => {
	test.setTimeout(180_000);
	const auth = await signInApi(serverUrl(), DEMO.email, DEMO.password);
	created = await createCase(browser, serverUrl(), auth, {
		// a title long enough to take two lines on a phone, as real ones do
		title: `Phone layout: hepatic lesion with arterial enhancement and washout ${Date.now().toString(36)}`,
		category: 'abdomen',
		content: 'Findings paragraph. '.repeat(60),
		icd11: liverIcd11(),
		series: [
			{ plane: 'axial', modality: 'CT', description: 'Portal phase', slices: 24 },
			{ plane: 'coronal', modality: 'CT', description: 'Coronal reformat', slices: 1 }
		]
	});
});

const PHONES = [
	{ name: '360 portrait', width: 360, height: 640 },
	{ name: '390 portrait', width: 390, height: 844 },
	{ name: '360 landscape', width: 640, height: 360 },
	{ name: '390 landscape', width: 844, height: 390 }
] as const;

async function phoneContext(browser: Browser, size: { width: number; height: number }): Promise<BrowserContext> {
	return browser.newContext({ viewport: size, deviceScaleFactor: 3, isMobile: true, hasTouch: true, baseURL: serverUrl() });
}

/** visibleHeight is the part of the viewport not covered by the phone's bottom navigation bar. */
async function visibleHeight(page: Page): Promise<number> {
	return page.evaluate(() => {
		const nav = document.querySelector('header nav');
		const fixed = nav && getComputedStyle(nav).position === 'fixed';
		return fixed ? nav.getBoundingClientRect().top : window.innerHeight;
	});
}

test.describe('phones', { tag: '@phone' }, () => {
	for (const size of PHONES) {
		test(`${size.name}: the first slice is drawn in view without scrolling`, async ({ browser }) => {
			const context = await phoneContext(browser, size);
			const page = await context.newPage();
			await useLocale(page, 'en');
			await page.goto(`/cases/${created.id}`);
			const stage = page.locator('section.viewer .stage');
			await expect(page.locator('section.viewer')).toHaveAttribute('data-drawn-index', '0');
			expect(await page.evaluate(() => window.scrollY)).toBe(0);
			const box = (await stage.boundingBox())!;
			const bottom = await visibleHeight(page);
			// the whole image, not just its top edge, and as wide as the screen allows
			expect(box.y).toBeGreaterThanOrEqual(0);
			expect(box.y + box.height).toBeLessThanOrEqual(bottom + 0.5);
			if (size.width < size.height) expect(box.width).toBeGreaterThanOrEqual(size.width - 1);
			else expect(box.height).toBeGreaterThanOrEqual(size.height * 0.6);
			// no toast or prompt lies over the image (the viewer's own slider and counter may)
			const covered = await stage.evaluate((el) => {
				const r = el.getBoundingClientRect();
				const viewer = el.closest('section.viewer')!;
				const points = [0.1, 0.5, 0.9].flatMap((fx) => [0.1, 0.5, 0.9].map((fy) => [r.left + r.width * fx, r.top + r.height * fy]));
				return points.filter(([x, y]) => !viewer.contains(document.elementFromPoint(x, y))).length;
			});
			expect(covered).toBe(0);
			await context.close();
		});
	}

	test('series are a strip of thumbnails with their plane and a plural-aware count', async ({ browser }) => {
		const context = await phoneContext(browser, PHONES[0]);
		const page = await context.newPage();
		await useLocale(page, 'es');
		await page.goto(`/cases/${created.id}`);
		const tabs = page.getByRole('tab');
		await expect(tabs).toHaveCount(2);
		await expect(tabs.nth(0)).toContainText(t('es', 'case_series_images', { count: '24' }));
		await expect(tabs.nth(1)).toContainText('1 imagen');
		await expect(tabs.nth(1)).not.toContainText('imágenes');
		// one row: the strip never pushes the image down by stacking
		const [a, b] = [(await tabs.nth(0).boundingBox())!, (await tabs.nth(1).boundingBox())!];
		expect(Math.abs(a.y - b.y)).toBeLessThan(1);
		await expect.poll(() => tabs.nth(1).locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
		await context.close();
	});

	for (const size of [PHONES[0], PHONES[2]]) {
		test(`${size.name}: fullscreen fills the screen and its controls fade out and come back`, async ({ browser }) => {
			const context = await phoneContext(browser, size);
			const page = await context.newPage();
			await useLocale(page, 'en');
			await page.goto(`/cases/${created.id}`);
			const viewer = page.locator('section.viewer');
			await expect(viewer).toHaveAttribute('data-drawn-index', '0');
			await page.getByRole('button', { name: t('en', 'viewer_fullscreen') }).click();
			await expect(page.getByRole('button', { name: t('en', 'viewer_exit_fullscreen') })).toBeVisible();
			const stage = (await viewer.locator('.stage').boundingBox())!;
			expect(stage.x).toBeLessThanOrEqual(0.5);
			expect(stage.y).toBeLessThanOrEqual(0.5);
			expect(stage.width).toBeGreaterThanOrEqual(size.width - 1);
			expect(stage.height).toBeGreaterThanOrEqual(size.height - 1);
			const toolbar = viewer.locator('.toolbar');
			await expect.poll(() => toolbar.evaluate((el) => getComputedStyle(el).opacity), { timeout: 6_000 }).toBe('0');
			await viewer.locator('.stage').tap();
			await expect.poll(() => toolbar.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
			await page.getByRole('button', { name: t('en', 'viewer_exit_fullscreen') }).click();
			await expect(page.getByRole('button', { name: t('en', 'viewer_fullscreen') })).toBeVisible();
			await context.close();
		});
	}
});

test('desktop: the viewer and the text stay side by side', { tag: '@desktop' }, async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 900 });
	await useLocale(page, 'en');
	await page.goto(`/cases/${created.id}`);
	await expect(page.locator('section.viewer')).toHaveAttribute('data-drawn-index', '0');
	const images = (await page.locator('section.images').boundingBox())!;
	const text = (await page.locator('.case .text').boundingBox())!;
	expect(text.x).toBeGreaterThanOrEqual(images.x + images.width);
	expect(Math.abs(text.y - images.y)).toBeLessThan(40);
	// the action names are shown beside their icons where there is room
	await expect(page.getByRole('button', { name: t('en', 'case_share') })).toContainText(t('en', 'case_share'));
	await expect(page.getByRole('button', { name: t('en', 'case_share') }).locator('.action-label')).toBeVisible();
});
