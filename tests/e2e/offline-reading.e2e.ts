// Offline reading: a case kept offline opens without network, images drawn; the saved list shows
// it with its size and the reader can remove it. An opened case draws its first slice from the
// one bundle request and is remembered with every series' list.
import type { Page } from '@playwright/test';
import { DEMO, expect, serverUrl, t, test, useLocale } from './env';
import { createCase, signInApi, type CreatedCase } from './viewer-fixtures';

let created: CreatedCase;
const title = `Offline test ${Date.now().toString(36)}`;

test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	const auth = await signInApi(serverUrl(), DEMO.email, DEMO.password);
	created = await createCase(browser, serverUrl(), auth, {
		title,
		category: 'abdomen',
		content: 'Read me on the train.',
		series: [
			{ plane: 'axial', modality: 'CT', description: 'Axial', slices: 15 },
			{ plane: 'coronal', modality: 'CT', description: 'Coronal', slices: 5 }
		]
	});
});

/** canvasVariance is the variance of the viewer canvas' grey levels: 0 for a blank (all black) canvas. */
async function canvasVariance(page: Page): Promise<number> {
	return page.locator('section.viewer canvas').evaluate((canvas: HTMLCanvasElement) => {
		const ctx = canvas.getContext('2d')!;
		const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
		let sum = 0;
		let sq = 0;
		const n = data.length / 4;
		for (let i = 0; i < data.length; i += 4) {
			sum += data[i];
			sq += data[i] * data[i];
		}
		return sq / n - (sum / n) ** 2;
	});
}

test('a case kept offline opens without network with its images, and can be removed', async ({ page, context }) => {
	await useLocale(page, 'en');
	await page.goto(`/cases/${created.id}`);
	await expect(page.locator('section.viewer')).toHaveAttribute('data-drawn-index', '0');

	const keep = page.getByRole('switch', { name: t('en', 'case_keep_offline') });
	await keep.click();
	await expect(keep).toHaveAttribute('aria-checked', 'true');
	await expect(page.getByText(t('en', 'case_kept_offline'))).toBeVisible();

	await page.getByRole('link', { name: t('en', 'saved_nav'), exact: true }).click();
	const item = page.getByTestId('saved-list').locator('li', { hasText: title });
	await expect(item).toContainText(t('en', 'saved_kind_kept'));
	await expect(item).toContainText('20 images');

	await context.setOffline(true);
	await item.getByRole('link', { name: title }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(page.getByRole('status').filter({ hasText: 'You are offline' })).toBeVisible();
	const viewer = page.locator('section.viewer');
	await expect(viewer).toHaveAttribute('data-drawn-index', '0');
	expect(await canvasVariance(page)).toBeGreaterThan(10);
	// every slice is there, not only those seen online: the last one and the other series
	await viewer.locator('.stage').focus();
	await page.keyboard.press('End');
	await expect(viewer).toHaveAttribute('data-drawn-index', '14');
	await page.getByRole('tab', { name: new RegExp(t('en', 'case_plane_coronal')) }).click();
	await expect(page.locator('section.viewer')).toHaveAttribute('data-count', '5');
	await expect(page.locator('section.viewer')).toHaveAttribute('data-drawn-index', '0');
	expect(await canvasVariance(page)).toBeGreaterThan(10);

	await page.getByRole('link', { name: t('en', 'saved_nav'), exact: true }).click();
	await page.getByRole('button', { name: t('en', 'saved_remove', { title }) }).click();
	await expect(page.getByTestId('saved-list').locator('li', { hasText: title })).toHaveCount(0);
	// removed means gone: without network the case no longer opens
	await page.goBack();
	await expect(page.getByText(t('en', 'case_offline_unavailable'))).toBeVisible();
	await context.setOffline(false);
});

test('an opened case draws its first slice from the bundle and is saved with every series list', async ({ page, context }) => {
	await useLocale(page, 'en');
	// no slice file can be fetched: the first slice must come inline with the case
	const sliceFiles: string[] = [];
	await page.route('**/api/files/images/**', (route) => {
		sliceFiles.push(route.request().url());
		return route.abort();
	});
	const caseRequests: string[] = [];
	page.on('request', (request) => {
		if (new URL(request.url()).pathname.startsWith('/api/')) caseRequests.push(new URL(request.url()).pathname);
	});
	await page.goto(`/cases/${created.id}`);
	const viewer = page.locator('section.viewer');
	await expect(viewer).toHaveAttribute('data-drawn-index', '0');
	expect(await canvasVariance(page)).toBeGreaterThan(10);
	// one request: the one the document starts is taken over by the page, not made again
	expect(caseRequests.filter((p) => p === `/api/cassette/cases/${created.id}/bundle`)).toHaveLength(1);
	expect(caseRequests.filter((p) => p.startsWith('/api/collections/cases/'))).toEqual([]);
	await page.unroute('**/api/files/images/**');
	expect(sliceFiles.length).toBeGreaterThan(0);

	// the coronal list arrives after the first slice and is remembered with the case
	await expect
		.poll(() =>
			page.evaluate(async (id) => {
				const response = await caches.match(`https://cassette.offline/cases/${id}.json`);
				const stored = response ? ((await response.json()) as { bundle: { images: Record<string, unknown[]> } }) : null;
				return stored ? Object.values(stored.bundle.images).map((list) => list.length).sort((a, b) => a - b) : [];
			}, created.id)
		)
		.toEqual([5, 15]);

	await page.getByRole('link', { name: t('en', 'saved_nav'), exact: true }).click();
	const item = page.getByTestId('saved-list').locator('li', { hasText: title });
	await expect(item).toContainText(t('en', 'saved_kind_opened'));
	await context.setOffline(true);
	await item.getByRole('link', { name: title }).click();
	await expect(page.getByRole('status').filter({ hasText: 'You are offline' })).toBeVisible();
	await expect(viewer).toHaveAttribute('data-drawn-index', '0');
	await page.getByRole('tab', { name: new RegExp(t('en', 'case_plane_coronal')) }).click();
	await expect(page.locator('section.viewer')).toHaveAttribute('data-count', '5');
	await context.setOffline(false);
});
