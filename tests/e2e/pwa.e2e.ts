import type { Page } from '@playwright/test';
import { expect, serverUrl, t, test, useLocale } from './env';

/** pngSize reads width and height from a PNG's IHDR chunk (PNG spec §11.2.2). */
function pngSize(bytes: Buffer): { width: number; height: number } {
	expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function waitForControllingWorker(page: Page): Promise<void> {
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	// The first visit installs the worker; it controls pages loaded after it activated.
	if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

test('the manifest and the service worker make the app installable', async ({ page, request }) => {
	await page.goto('/');
	const href = await page.locator('link[rel=manifest]').getAttribute('href');
	expect(href).toBe('/manifest.webmanifest');

	const res = await request.get(`${serverUrl()}${href}`);
	expect(res.ok()).toBe(true);
	const manifest = await res.json();
	expect(manifest).toMatchObject({ name: 'Cassette', short_name: 'Cassette', start_url: '/', display: 'standalone', lang: 'es' });
	expect(manifest.description.length).toBeGreaterThan(10);
	expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
	expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

	const wanted = [
		{ sizes: '192x192', purpose: 'any' },
		{ sizes: '512x512', purpose: 'any' },
		{ sizes: '512x512', purpose: 'maskable' }
	];
	for (const want of wanted) {
		const icon = manifest.icons.find((i: { sizes: string; purpose: string }) => i.sizes === want.sizes && i.purpose === want.purpose);
		expect(icon, `icon ${want.sizes} ${want.purpose}`).toBeTruthy();
		const png = await request.get(`${serverUrl()}${icon.src}`);
		expect(png.ok()).toBe(true);
		expect(png.headers()['content-type']).toBe('image/png');
		const size = pngSize(await png.body());
		expect(`${size.width}x${size.height}`).toBe(want.sizes);
	}

	await waitForControllingWorker(page);
	const worker = await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.getRegistration();
		return { scope: registration?.scope, state: registration?.active?.state, script: registration?.active?.scriptURL };
	});
	expect(worker).toEqual({ scope: `${serverUrl()}/`, state: 'activated', script: `${serverUrl()}/sw.js` });
});

test('after one visit the app loads and navigates with the network off', async ({ page, context }) => {
	await useLocale(page, 'en');
	await page.goto('/');
	await waitForControllingWorker(page);

	await context.setOffline(true);
	try {
		await page.goto('/signin');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('en', 'signin_title'));
		await page.getByRole('navigation').getByRole('link', { name: t('en', 'nav_sign_up') }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('en', 'signup_title'));
		await page.goto('/reset/any-token');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('en', 'reset_new_title'));
		// The shell works offline; the latest cases need the server, and the page says so.
		await page.getByRole('banner').getByRole('link', { name: t('en', 'app_name') }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('en', 'home_title'));
		await expect(page.getByText(t('en', 'home_cases_unavailable'))).toBeVisible();
	} finally {
		await context.setOffline(false);
	}
});
