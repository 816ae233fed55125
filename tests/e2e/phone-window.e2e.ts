// Windowing for readers: a CT series published with its companded Hounsfield units
// (images.values, src/lib/viewer/hu-encoding.ts) is read under the author's window, then under
// the lung and bone presets and a dragged window; the pixels change as the physics says (soft
// tissue is bright in a lung window and dark in a bone window), the drag never moves through the
// slices, and a series without values says so instead of failing.
import type { Page } from '@playwright/test';
import { DEMO, expect, serverUrl, t, test, useLocale } from './env';
import { createCase, signInApi, type CreatedCase } from './viewer-fixtures';
import { HU_KNOTS, installPhantom, uploadValues } from './viewer-window-fixtures';

let created: CreatedCase;
let withoutValues: CreatedCase;

test.beforeAll(async ({ browser }) => {
	test.setTimeout(180_000);
	const auth = await signInApi(serverUrl(), DEMO.email, DEMO.password);
	const series = [{ plane: 'axial' as const, modality: 'CT', description: 'Portal phase', slices: 8 }];
	created = await createCase(browser, serverUrl(), auth, { title: `Window ${Date.now().toString(36)}`, category: 'abdomen', series });
	withoutValues = await createCase(browser, serverUrl(), auth, { title: `No values ${Date.now().toString(36)}`, category: 'abdomen', series });
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`${serverUrl()}/api/health`);
	await installPhantom(page);
	await page.evaluate(uploadValues, { base: serverUrl(), token: auth.token, seriesId: created.seriesIds[0], knots: HU_KNOTS, size: 256, noise: 12 });
	await context.close();
});

const viewer = (page: Page) => page.locator('section.viewer');

/** meanGrey is the mean red level of the viewer canvas (the slices are grey). */
const meanGrey = (page: Page) =>
	viewer(page)
		.locator('canvas')
		.evaluate((canvas: HTMLCanvasElement) => {
			const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
			let sum = 0;
			for (let i = 0; i < data.length; i += 4) sum += data[i];
			return sum / (data.length / 4);
		});

test('presets and a drag change the pixels as the window says, without moving through the slices', async ({ page }) => {
	await useLocale(page, 'en');
	await page.goto(`/cases/${created.id}`);
	await expect(viewer(page)).toHaveAttribute('data-drawn-index', '0');
	await expect(viewer(page)).toHaveAttribute('data-window', 'author');
	await page.getByRole('button', { name: t('en', 'viewer_window'), exact: true }).click();
	const bar = page.getByRole('group', { name: t('en', 'viewer_window') });
	await expect(bar.getByRole('button', { name: t('en', 'viewer_window_author') })).toHaveAttribute('aria-pressed', 'true');

	await bar.getByRole('button', { name: t('en', 'viewer_window_lung') }).click();
	await expect(viewer(page)).toHaveAttribute('data-window', 'w-600,1500');
	// drawn by the GPU (windowed-gl.ts; exact to the 2D path: windowed-gl.chromium.spec.ts)
	await expect(viewer(page)).toHaveAttribute('data-window-renderer', 'gl');
	const lung = await meanGrey(page);
	await bar.getByRole('button', { name: t('en', 'viewer_window_bone') }).click();
	await expect(viewer(page)).toHaveAttribute('data-window', 'w400,1800');
	const bone = await meanGrey(page);
	// the body (40 HU) is near white in a lung window, dark grey in a bone window
	expect(lung).toBeGreaterThan(bone + 40);
	await expect(bar.getByTestId('window-numbers')).toHaveText(t('en', 'viewer_window_value', { width: '1800', center: '400' }));

	await bar.getByRole('button', { name: t('en', 'viewer_window_adjust') }).click();
	const box = (await viewer(page).locator('.stage').boundingBox())!;
	const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
	// narrower and lower, in steps: every step's window is on screen before the next
	await page.mouse.move(from.x, from.y);
	await page.mouse.down();
	let last = 'w400,1800';
	for (let step = 1; step <= 8; step++) {
		await page.mouse.move(from.x - step * 15, from.y - step * 12);
		await expect(viewer(page)).not.toHaveAttribute('data-window', last);
		last = (await viewer(page).getAttribute('data-window')) ?? '';
	}
	await page.mouse.up();
	const [center, width] = last.slice(1).split(',').map(Number);
	expect(center).toBeLessThan(400);
	expect(width).toBeLessThan(1800);
	await expect(viewer(page)).toHaveAttribute('data-index', '0');
	expect(await meanGrey(page)).not.toBeCloseTo(bone, 0);

	// back to the author's: the published preview itself
	await bar.getByRole('button', { name: t('en', 'viewer_window_author') }).click();
	await expect(viewer(page)).toHaveAttribute('data-window', 'author');
	// scrolling under a reader's window draws the next slice under it too
	await bar.getByRole('button', { name: t('en', 'viewer_window_lung') }).click();
	await viewer(page).locator('.stage').focus();
	await page.keyboard.press('ArrowDown');
	await expect(viewer(page)).toHaveAttribute('data-drawn-index', '1');
	await expect(viewer(page)).toHaveAttribute('data-window', 'w-600,1500');
});

test('a series published without values keeps its previews and says why it cannot be windowed', async ({ page }) => {
	await useLocale(page, 'es');
	await page.goto(`/cases/${withoutValues.id}`);
	await expect(viewer(page)).toHaveAttribute('data-drawn-index', '0');
	await page.getByRole('button', { name: t('es', 'viewer_window'), exact: true }).click();
	await expect(page.getByText(t('es', 'viewer_window_unavailable'))).toBeVisible();
	await expect(viewer(page)).toHaveAttribute('data-window', 'author');
});
