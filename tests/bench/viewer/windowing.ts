// Windowing benchmark (issue 16): on the viewer benchmark's 300-slice case, (1) bytes per slice of
// today's preview JPEG, the companded-HU values JPEG readers window from, and lossless 16-bit
// (two 8-bit PNG channels), on a noisy CT-like phantom at 512²; (2) a window drag on the phone
// profile with 4× CPU throttling: one touch move per frame for 2 s, rAF frame times, dropped
// frames, and how many frames drew a new window.
import type { Browser, CDPSession, Page } from '@playwright/test';
import { encodedSizes, HU_KNOTS, installPhantom, uploadValues, type SliceBytes } from '../../e2e/viewer-window-fixtures';
import { frameStats, type FrameStats } from './stats';

const SIZE = 512;
const NOISE_HU = 12;
const SIZED_SLICES = 20;
const DRAG_MOVES = 120;

export interface WindowingResult {
	bytes: SliceBytes;
	frames: FrameStats;
	/** frames that drew a window different from the previous frame's, over drag moves sent */
	redrawnPct: number;
	/** which path drew the viewer's window: 'gl' (WebGL 2) or '2d' */
	renderer: string;
	/** the same drag through the viewer's 2D path and on two control pages, in the same browser: what the harness and a bare redraw cost */
	controls: { name: string; frames: FrameStats }[];
}

type Profile = Parameters<Browser['newContext']>[0];

/** windowingBench uploads the values of the series, measures sizes, then the drag. */
export async function windowingBench(browser: Browser, profile: Profile, base: string, token: string, caseId: string, seriesId: string): Promise<WindowingResult> {
	const setup = await browser.newContext();
	const helper = await setup.newPage();
	await helper.goto(`${base}/api/health`);
	await installPhantom(helper);
	const bytes = await helper.evaluate(encodedSizes, { knots: HU_KNOTS, size: SIZE, noise: NOISE_HU, slices: SIZED_SLICES });
	await helper.evaluate(uploadValues, { base, token, seriesId, knots: HU_KNOTS, size: SIZE, noise: NOISE_HU });
	await setup.close();

	const viewer = await viewerDrag(browser, profile, `${base}/cases/${caseId}`, false);
	const viewer2d = await viewerDrag(browser, profile, `${base}/cases/${caseId}`, true);
	const controls = [];
	for (const control of CONTROLS) controls.push({ name: control.name, frames: frameStats(await controlDrag(browser, profile, control.redraw)) });
	controls.unshift({ name: `Cassette viewer, its 2D canvas path (WebGL 2 hidden from the page; drew with ${viewer2d.renderer})`, frames: frameStats(viewer2d.stamps) });
	return { bytes, frames: frameStats(viewer.stamps), renderer: viewer.renderer, redrawnPct: (100 * viewer.redrawn) / DRAG_MOVES, controls };
}

/**
 * viewerDrag opens the case, picks a preset and drags in window mode at 4× CPU. Headless
 * Chromium has no GPU here: its WebGL 2 is SwiftShader, software on the CPU, so the viewer's GPU
 * path is also measured with WebGL 2 hidden, the way a browser without it runs the viewer.
 */
async function viewerDrag(browser: Browser, profile: Profile, url: string, hideWebGl: boolean): Promise<{ stamps: number[]; redrawn: number; renderer: string }> {
	const context = await browser.newContext(profile);
	await context.addInitScript('globalThis.__name = (f) => f');
	if (hideWebGl) {
		await context.addInitScript(() => {
			const getContext = OffscreenCanvas.prototype.getContext;
			OffscreenCanvas.prototype.getContext = function (this: OffscreenCanvas, type: string, ...rest: unknown[]) {
				return type === 'webgl2' ? null : (getContext as (...a: unknown[]) => unknown).call(this, type, ...rest);
			} as typeof getContext;
		});
	}
	const page = await context.newPage();
	await page.goto(url);
	await page.waitForFunction(() => document.querySelector<HTMLElement>('.viewer')?.dataset.drawnIndex === '0');
	const cdp = await context.newCDPSession(page);
	await page.locator('.viewer .toolbar button[aria-expanded]').click();
	await page.locator('.window-bar button').nth(1).click(); // soft tissue
	await page.waitForFunction(() => document.querySelector<HTMLElement>('.viewer')?.dataset.window === 'w40,400', undefined, { timeout: 60_000 });
	const renderer = (await page.locator('.viewer').getAttribute('data-window-renderer')) ?? '?';
	await page.locator('.window-bar button.adjust').click();
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
	const { stamps, redrawn } = await drag(page, cdp);
	await context.close();
	return { stamps, redrawn, renderer };
}

/**
 * CONTROLS are the anchors of the drag's figures: a page whose touch handler does nothing (what
 * injecting touches through CDP at 4× CPU costs by itself), and one that redraws a 512² slice
 * through a 256-entry window table into a 2D canvas on every move, the least any viewer does.
 */
const CONTROLS = [
	{ name: 'control: empty page, same touches', redraw: false },
	{ name: 'control: 512² table look-up + putImageData per move', redraw: true }
];

/** controlDrag runs the drag on a control page of its own, with the viewer's profile and 4× CPU. */
async function controlDrag(browser: Browser, profile: Profile, redraw: boolean): Promise<number[]> {
	const context = await browser.newContext(profile);
	await context.addInitScript('globalThis.__name = (f) => f');
	const page = await context.newPage();
	await page.setContent('<div class="viewer"><canvas class="stage" width="512" height="512" style="width:100%;touch-action:none"></canvas></div>');
	await page.evaluate((redraw) => {
		const canvas = document.querySelector('canvas')!;
		const context = canvas.getContext('2d')!;
		const codes = Uint8Array.from({ length: 512 * 512 }, (_, i) => (i * 7) % 256);
		const image = new ImageData(512, 512);
		const out = new Uint32Array(image.data.buffer);
		const table = new Uint32Array(256);
		let move = 0;
		canvas.addEventListener(
			'touchmove',
			(e) => {
				document.querySelector<HTMLElement>('.viewer')!.dataset.window = String(++move);
				if (!redraw) return;
				const width = 40 + e.touches[0].clientX;
				for (let code = 0; code < 256; code++) {
					const g = Math.max(0, Math.min(255, Math.round(((code - 128) / width) * 255 + 128)));
					table[code] = (0xff << 24) | (g << 16) | (g << 8) | g;
				}
				for (let i = 0; i < codes.length; i++) out[i] = table[codes[i]];
				context.putImageData(image, 0, 0);
			},
			{ passive: true }
		);
	}, redraw);
	const cdp = await context.newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
	const { stamps } = await drag(page, cdp);
	await context.close();
	return stamps;
}

/** drag moves one finger sideways and back over the stage, one move per frame, recording rAF stamps. */
async function drag(page: Page, cdp: CDPSession): Promise<{ stamps: number[]; redrawn: number }> {
	const box = (await page.locator('.viewer .stage').first().boundingBox())!;
	const x = box.x + box.width / 2;
	const y = box.y + box.height / 2;
	await page.evaluate(() => {
		const w = window as unknown as { wStamps: number[]; wRedrawn: number; wRunning: boolean };
		const viewer = document.querySelector<HTMLElement>('.viewer')!;
		let last = viewer.dataset.window;
		w.wStamps = [];
		w.wRedrawn = 0;
		w.wRunning = true;
		const tick = (t: number) => {
			w.wStamps.push(t);
			if (viewer.dataset.window !== last) (w.wRedrawn++, (last = viewer.dataset.window));
			if (w.wRunning) requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
	});
	const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', px: number) =>
		cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: px, y, id: 1, radiusX: 1, radiusY: 1, force: 1 }] });
	await touch('touchStart', x);
	const start = Date.now();
	for (let i = 1; i <= DRAG_MOVES; i++) {
		const due = start + (i * 1000) / 60;
		const wait = due - Date.now();
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		// a triangle wave of ±80 px: width goes up and down through the drag
		const phase = (i % 40) / 40;
		await touch('touchMove', x + (phase < 0.5 ? phase : 1 - phase) * 320 - 80);
	}
	await touch('touchEnd', x);
	await page.waitForTimeout(200);
	return page.evaluate(() => {
		const w = window as unknown as { wStamps: number[]; wRedrawn: number; wRunning: boolean };
		w.wRunning = false;
		return { stamps: w.wStamps, redrawn: w.wRedrawn };
	});
}

/** windowingTable prints the result next to today's preview bytes and the goals. */
export function windowingTable(r: WindowingResult): string {
	const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
	const x = (n: number) => `${(n / r.bytes.previewJpeg).toFixed(2)}×`;
	return [
		`Windowing: ${SIZE}² CT-like phantom with ${NOISE_HU} HU noise (${SIZED_SLICES} slices), drag of ${DRAG_MOVES} moves at 60 Hz, phone profile, 4× CPU`,
		'| published per slice | bytes | vs preview | goal |',
		'|---|---|---|---|',
		`| preview JPEG 0.85 (soft-tissue window, today) | ${kb(r.bytes.previewJpeg)} | 1.00× | — |`,
		`| companded HU JPEG 0.95 (what readers window) | ${kb(r.bytes.valuesJpeg)} | ${x(r.bytes.valuesJpeg)} | ≤ 2× |`,
		`| lossless 16-bit in two PNG channels (not used) | ${kb(r.bytes.png16)} | ${x(r.bytes.png16)} | — |`,
		'',
		'| window drag | p95 frame (ms) | dropped frames (%) | frames with a new window (% of moves) |',
		'|---|---|---|---|',
		`| Cassette viewer (drew with ${r.renderer}) | ${r.frames.p95.toFixed(1)} | ${r.frames.droppedPct.toFixed(2)} | ${r.redrawnPct.toFixed(0)} |`,
		...r.controls.map((c) => `| ${c.name} | ${c.frames.p95.toFixed(1)} | ${c.frames.droppedPct.toFixed(2)} | — |`),
		`| goal | ≤ ${(1000 / 60).toFixed(1)} | ≤ 1 | — |`
	].join('\n');
}
