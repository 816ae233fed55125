// The stack viewer on the public case page: every input moves through the slices and the counter
// follows; zoom, pan and cine change what is shown; the page never scrolls while the pointer or a
// finger is on the viewer, and scrolls normally outside it; no axe violations.
import AxeBuilder from '@axe-core/playwright';
import type { CDPSession, Locator, Page } from '@playwright/test';
import { DEMO, expect, serverUrl, t, test, useLocale } from './env';
import { createCase, liverIcd11, signInApi, type CreatedCase } from './viewer-fixtures';

const SLICES = 300;
let created: CreatedCase;

test.beforeAll(async ({ browser }) => {
	test.setTimeout(240_000);
	const auth = await signInApi(serverUrl(), DEMO.email, DEMO.password);
	created = await createCase(browser, serverUrl(), auth, {
		title: `Viewer test ${Date.now().toString(36)}`,
		category: 'abdomen',
		content: 'A **synthetic** phantom for the viewer tests.\n\n' + 'Padding paragraph so the page is taller than the screen. '.repeat(80),
		imaging_findings: '- Hypodense lesion in the right lobe.\n' + '- More text to scroll past.\n'.repeat(60),
		icd11: liverIcd11(),
		series: [
			{ plane: 'axial', modality: 'CT', description: 'Portal phase', slices: SLICES },
			{ plane: 'coronal', modality: 'CT', description: 'Coronal reformat', slices: 12 }
		]
	});
});

const viewer = (page: Page) => page.locator('section.viewer');
const stage = (page: Page) => page.locator('section.viewer .stage');
const index = async (page: Page) => Number(await viewer(page).getAttribute('data-index'));
const zoom = async (page: Page) => Number(await viewer(page).getAttribute('data-zoom'));
const scrollY = (page: Page) => page.evaluate(() => Math.round(window.scrollY));

async function openCase(page: Page): Promise<void> {
	await useLocale(page, 'en');
	await page.goto(`/cases/${created.id}`);
	await expect(viewer(page)).toHaveAttribute('data-drawn-index', '0');
}

/** expectSlice checks the slice index, the visible counter and the slider together. */
async function expectSlice(page: Page, i: number): Promise<void> {
	await expect(viewer(page)).toHaveAttribute('data-index', String(i));
	await expect(viewer(page).locator('.counter')).toHaveText(`${i + 1} / ${SLICES}`);
	await expect(page.getByRole('slider', { name: t('en', 'viewer_slider') })).toHaveValue(String(i + 1));
}

/** centre of a locator in CSS pixels of the viewport */
async function centre(locator: Locator): Promise<{ x: number; y: number }> {
	const box = (await locator.boundingBox())!;
	return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

type Touch = { x: number; y: number; id: number };

/** touch sends one touch event through CDP (Chrome turns it into pointer events). */
async function touch(cdp: CDPSession, type: 'touchStart' | 'touchMove' | 'touchEnd', points: Touch[]): Promise<void> {
	await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : points.map((p) => ({ ...p, radiusX: 1, radiusY: 1, force: 1 })) });
}

/** drag moves one pointer (a finger where the device has touch, else the mouse) in steps. */
async function drag(page: Page, from: { x: number; y: number }, dy: number, dx = 0, steps = 10): Promise<void> {
	const hasTouch = await page.evaluate(() => navigator.maxTouchPoints > 0);
	if (hasTouch) {
		const cdp = await page.context().newCDPSession(page);
		await touch(cdp, 'touchStart', [{ ...from, id: 1 }]);
		for (let s = 1; s <= steps; s++) await touch(cdp, 'touchMove', [{ x: from.x + (dx * s) / steps, y: from.y + (dy * s) / steps, id: 1 }]);
		await touch(cdp, 'touchEnd', []);
		await cdp.detach();
	} else {
		await page.mouse.move(from.x, from.y);
		await page.mouse.down();
		await page.mouse.move(from.x + dx, from.y + dy, { steps });
		await page.mouse.up();
	}
}

test('the mouse wheel moves one slice per notch without scrolling the page, and the page scrolls outside the viewer', async ({ page }) => {
	await openCase(page);
	await stage(page).scrollIntoViewIfNeeded();
	const before = await scrollY(page);
	const c = await centre(stage(page));
	await page.mouse.move(c.x, c.y);
	for (let i = 0; i < 3; i++) await page.mouse.wheel(0, 100);
	await expectSlice(page, 3);
	await page.mouse.wheel(0, -100);
	await expectSlice(page, 2);
	// one large flick (a fast wheel or trackpad fling) moves several slices at once
	await page.mouse.wheel(0, 1000);
	await expect.poll(() => index(page)).toBeGreaterThan(2 + 3);
	expect(await scrollY(page)).toBe(before);

	const text = page.locator('.text');
	await text.scrollIntoViewIfNeeded();
	const outside = await scrollY(page);
	const t0 = await centre(page.locator('.text h2').first());
	await page.mouse.move(t0.x, Math.min(t0.y, (page.viewportSize()?.height ?? 600) - 20));
	await page.mouse.wheel(0, 300);
	await expect.poll(() => scrollY(page)).toBeGreaterThan(outside);
});

test('dragging up and down scrubs through the stack in proportion to the drag, without scrolling the page', async ({ page }) => {
	await openCase(page);
	await stage(page).scrollIntoViewIfNeeded();
	const before = await scrollY(page);
	const c = await centre(stage(page));
	await drag(page, { x: c.x, y: c.y + 60 }, -100);
	const afterShort = await index(page);
	expect(afterShort).toBeGreaterThan(0);
	await drag(page, { x: c.x, y: c.y + 100 }, -200);
	const afterLong = await index(page);
	// twice the distance moves about twice as far
	expect(afterLong - afterShort).toBeGreaterThan(afterShort * 1.5);
	await drag(page, { x: c.x, y: c.y - 100 }, 200);
	expect(await index(page)).toBeLessThan(afterLong);
	await expect(viewer(page).locator('.counter')).toHaveText(`${(await index(page)) + 1} / ${SLICES}`);
	expect(await scrollY(page)).toBe(before);
});

test('the keyboard alone moves through the stack, zooms and plays', async ({ page }) => {
	await openCase(page);
	await stage(page).focus();
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	await expectSlice(page, 2);
	await page.keyboard.press('PageDown');
	await expectSlice(page, 12);
	await page.keyboard.press('ArrowUp');
	await expectSlice(page, 11);
	await page.keyboard.press('End');
	await expectSlice(page, SLICES - 1);
	await page.keyboard.press('Home');
	await expectSlice(page, 0);
	await page.keyboard.press('+');
	await expect.poll(() => zoom(page)).toBeGreaterThan(1);
	await page.keyboard.press('0');
	await expect.poll(() => zoom(page)).toBe(1);
	// the slice is announced politely once the reader pauses
	await page.keyboard.press('ArrowDown');
	await expect(viewer(page).locator('[aria-live="polite"]')).toHaveText(t('en', 'viewer_slice_status', { current: '2', count: String(SLICES) }));
});

test('the slider sets the slice and shows the position', async ({ page }) => {
	await openCase(page);
	const slider = page.getByRole('slider', { name: t('en', 'viewer_slider') });
	await slider.fill('150');
	await expectSlice(page, 149);
	await stage(page).focus();
	await page.keyboard.press('ArrowDown');
	await expect(slider).toHaveValue('151');
});

test('pinch or ctrl+wheel zooms, a drag pans when zoomed, and double tap toggles zoom', async ({ page }) => {
	await openCase(page);
	await stage(page).scrollIntoViewIfNeeded();
	const before = await scrollY(page);
	const c = await centre(stage(page));
	const hasTouch = await page.evaluate(() => navigator.maxTouchPoints > 0);
	if (hasTouch) {
		const cdp = await page.context().newCDPSession(page);
		await touch(cdp, 'touchStart', [{ x: c.x - 30, y: c.y, id: 1 }, { x: c.x + 30, y: c.y, id: 2 }]);
		for (let s = 1; s <= 8; s++) await touch(cdp, 'touchMove', [{ x: c.x - 30 - s * 10, y: c.y, id: 1 }, { x: c.x + 30 + s * 10, y: c.y, id: 2 }]);
		await touch(cdp, 'touchEnd', []);
		await cdp.detach();
	} else {
		await page.mouse.move(c.x, c.y);
		await page.keyboard.down('Control');
		await page.mouse.wheel(0, -120);
		await page.keyboard.up('Control');
	}
	await expect.poll(() => zoom(page)).toBeGreaterThan(1.5);
	const slice = await index(page);
	const panBefore = Number(await viewer(page).getAttribute('data-pan-x'));
	await drag(page, c, 40, 60);
	await expect.poll(async () => Number(await viewer(page).getAttribute('data-pan-x'))).not.toBe(panBefore);
	// a drag on a zoomed image pans; it does not change the slice
	expect(await index(page)).toBe(slice);
	expect(await scrollY(page)).toBe(before);

	await page.getByRole('button', { name: t('en', 'viewer_zoom_reset') }).click();
	await expect.poll(() => zoom(page)).toBe(1);
	await expect(viewer(page)).toHaveAttribute('data-pan-x', '0.0');
	// the button click may have scrolled the page: aim at where the stage is now
	await stage(page).scrollIntoViewIfNeeded();
	const at = await centre(stage(page));
	const tap = async () => (hasTouch ? page.touchscreen.tap(at.x, at.y) : page.mouse.click(at.x, at.y));
	await tap();
	await tap();
	await expect.poll(() => zoom(page)).toBe(2.5);
	await tap();
	await tap();
	await expect.poll(() => zoom(page)).toBe(1);
});

test('cine advances through the slices and stops on pause', async ({ page }) => {
	await openCase(page);
	const play = page.getByRole('button', { name: t('en', 'viewer_play') });
	await play.click();
	await expect(viewer(page)).toHaveAttribute('data-playing', 'true');
	await expect.poll(() => index(page)).toBeGreaterThan(3);
	await page.getByRole('button', { name: t('en', 'viewer_pause') }).click();
	await expect(viewer(page)).toHaveAttribute('data-playing', 'false');
	const stopped = await index(page);
	await page.waitForTimeout(600);
	expect(await index(page)).toBe(stopped);
});

test('series tabs switch the viewer to the other series', async ({ page }) => {
	await openCase(page);
	await page.getByRole('tab', { name: new RegExp(t('en', 'case_plane_coronal')) }).click();
	await expect(viewer(page)).toHaveAttribute('data-count', '12');
	await expect(viewer(page).locator('.counter')).toHaveText('1 / 12');
	await expect(page.getByText('Coronal reformat')).toBeVisible();
});

test('the case page shows its label with the WHO link and has no axe violations', async ({ page }) => {
	await openCase(page);
	const icd = liverIcd11();
	await expect(page.getByText(icd.code, { exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: t('en', 'case_icd11_who_link', { code: icd.code }) })).toHaveAttribute('href', /^https:\/\/icd\.who\.int\/browse\//);
	const results = await new AxeBuilder({ page }).analyze();
	expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
});
