/**
 * The readers' windowing on the GPU in a real browser: Debian's Chromium (WebGL 2 through
 * SwiftShader) draws every code under several windows exactly as the 2D canvas path does.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openBenchPage, type BenchPage } from '../../../tests/bench/browser-harness';

let page: BenchPage;
beforeAll(async () => {
	page = await openBenchPage();
}, 180_000);
afterAll(async () => {
	await page?.close();
});

it('draws each window on the GPU pixel for pixel as the 2D canvas does', async () => {
	const check = await page.page.evaluate(() => window.windowingCheck());
	expect(check.gl).toBe(true);
	expect(check.pixels).toBeGreaterThan(20_000);
	expect(check.mismatched, check.firstMismatch).toBe(0);
});
