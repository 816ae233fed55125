// Viewer benchmark: Cassette's stack viewer against a page that preloads every slice as an <img>
// (tests/bench/viewer/baseline.ts), on the real server with a 300-slice series, in Debian's headless
// Chromium with a phone profile and 4× CPU throttling. Prints one row per page and the goals.
//
//   npx tsx tests/bench/viewer/bench.ts        (needs the built app embedded in pocketbase/cassette-server;
//                                               BENCH_PROFILE=1 also saves CPU profiles of the flicks and
//                                               prints the requests made before the first slice)
//
// Per page, in a browser of its own (so peak process memory is the page's own):
//  1. first slice on Fast 3G: HTTP cache cleared, the app shell from the service worker (a returning
//     reader), Chrome DevTools' Fast 3G request-level numbers: 562.5 ms latency, 1.44 Mbit/s down,
//     675 kbit/s up (150 ms RTT and 1.6 Mbit/s at packet level, × 3.75 and × 0.9);
//  2. the rest of the stack loads without network throttling (the flick is measured "once loaded");
//  3. the flick: one wheel notch per frame (60 Hz) from the first slice to the last and back, while a
//     requestAnimationFrame loop records frame timestamps;
//  4. peak JS heap (CDP Performance.getMetrics JSHeapUsedSize, sampled every 100 ms) and peak
//     resident memory of the renderer and GPU processes (VmHWM from /proc, where decoded images live).
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCase, signInApi } from '../../e2e/viewer-fixtures';
import { baselineHtml } from './baseline';
import { frameStats, type FrameStats } from './stats';
import { CHROMIUM_LAUNCH } from '../../chromium';
import { windowingBench, windowingTable } from './windowing';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SERVER_BIN = path.join(ROOT, 'pocketbase', 'cassette-server');
const RESULT_FILE = path.join(ROOT, 'tests', '.tmp', 'bench', 'viewer.json');
const SLICES = 300;
const SLICE_SIZE = 512;
const USER = { email: 'bench@cassette.test', password: 'bench-password-123' };

/** GOALS from the issue. */
const GOALS = { p95: 1000 / 60, droppedPct: 1, firstSliceMs: 1000, heapMb: 150 };

const LAUNCH = CHROMIUM_LAUNCH;

/** PHONE is a Pixel 7-like profile. */
const PHONE = {
	viewport: { width: 412, height: 839 },
	deviceScaleFactor: 2.625,
	isMobile: true,
	hasTouch: true,
	userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36'
};

/** FAST_3G: Chrome DevTools' preset (front_end/core/sdk/NetworkManager.ts), in bytes per second and ms. */
const FAST_3G = { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };
const NO_THROTTLE = { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };

interface Row {
	page: string;
	firstSliceMs: number;
	frames: FrameStats;
	heapMb: number;
	rssMb: number;
	/** share of frames in the flick that showed the slice asked for (the viewer may show a neighbour while one decodes) */
	onTargetPct: number;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => resolve(port));
		});
	});
}

async function startCassette(): Promise<{ url: string; stop: () => Promise<void> }> {
	if (!existsSync(SERVER_BIN)) throw new Error(`${SERVER_BIN} is missing: build the app (npx vite build) and then the server (cd pocketbase && go build -o cassette-server .)`);
	const dir = mkdtempSync(path.join(tmpdir(), 'cassette-bench-'));
	const seeded = spawnSync(SERVER_BIN, ['seed', '--dir', dir, '--email', USER.email, '--password', USER.password], { encoding: 'utf8' });
	if (seeded.status !== 0) throw new Error(`seed failed:\n${seeded.stdout}${seeded.stderr}`);
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	// rate limits stay on: the viewer must prefetch a whole series within them
	const child: ChildProcess = spawn(SERVER_BIN, ['serve', '--http', `127.0.0.1:${port}`, '--dir', dir], { stdio: 'ignore' });
	for (let i = 0; ; i++) {
		if (child.exitCode !== null) throw new Error(`cassette-server exited with ${child.exitCode}`);
		if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
		if (i > 300) throw new Error('cassette-server did not start within 60 s');
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		url,
		stop: async () => {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				await new Promise((r) => child.once('exit', r));
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

async function serveBaseline(html: string): Promise<{ url: string; server: Server }> {
	const server = createHttpServer((req, res) => {
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
		res.end(html);
	});
	const port = await freePort();
	await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
	return { url: `http://127.0.0.1:${port}/baseline.html`, server };
}

/** previewUrls lists the series' preview URLs in slice order, as the viewer would. */
async function previewUrls(base: string, seriesId: string): Promise<string[]> {
	const filter = encodeURIComponent(`series = "${seriesId}"`);
	const res = await fetch(`${base}/api/collections/images/records?perPage=1000&sort=index&fields=id,preview&filter=${filter}`);
	const body = (await res.json()) as { items: { id: string; preview: string }[] };
	return body.items.map((i) => `${base}/api/files/images/${i.id}/${i.preview}`);
}

/** peakRssMb sums VmHWM (peak resident set) of the browser's renderer and GPU processes. */
async function peakRssMb(browser: Browser): Promise<number> {
	const session = await browser.newBrowserCDPSession();
	const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
	await session.detach();
	let kb = 0;
	for (const p of processInfo.filter((p) => p.type === 'renderer' || p.type === 'GPU')) {
		const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
		kb += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
	}
	return kb / 1024;
}

/** sampleHeap polls JSHeapUsedSize until stopped and returns the peak in MB. */
function sampleHeap(cdp: CDPSession): { stop: () => Promise<number> } {
	let peak = 0;
	let running = true;
	const loop = (async () => {
		while (running) {
			const answer = (await cdp.send('Performance.getMetrics').catch(() => null)) as { metrics: { name: string; value: number }[] } | null;
			// the page is gone (a failed run closes the browser): the error that closed it is reported instead
			if (!answer) break;
			peak = Math.max(peak, answer.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
			await new Promise((r) => setTimeout(r, 100));
		}
	})();
	return {
		stop: async () => {
			running = false;
			await loop;
			return peak / 1024 / 1024;
		}
	};
}

/** flick sends one wheel notch per frame over the stage, first to last slice and back, recording rAF timestamps. */
async function flick(page: Page, cdp: CDPSession): Promise<{ stamps: number[]; onTarget: number }> {
	const box = (await page.locator('.viewer .stage').first().boundingBox())!;
	const x = box.x + box.width / 2;
	const y = box.y + box.height / 2;
	await page.evaluate(() => {
		const w = window as unknown as { benchStamps: number[]; benchOnTarget: number; benchRunning: boolean };
		const viewer = document.querySelector<HTMLElement>('.viewer')!;
		w.benchStamps = [];
		w.benchOnTarget = 0;
		w.benchRunning = true;
		const tick = (t: number) => {
			w.benchStamps.push(t);
			if (viewer.dataset.drawnIndex === viewer.dataset.index) w.benchOnTarget++;
			if (w.benchRunning) requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
	});
	const wheel = (deltaY: number) => cdp.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x, y, deltaX: 0, deltaY });
	const start = Date.now();
	let sent = 0;
	for (const direction of [1, -1]) {
		for (let i = 0; i < SLICES - 1; i++) {
			// a steady 60 events per second, whatever each dispatch costs
			const due = start + (sent * 1000) / 60;
			const wait = due - Date.now();
			if (wait > 0) await new Promise((r) => setTimeout(r, wait));
			await wheel(100 * direction);
			sent++;
		}
	}
	await page.waitForTimeout(300);
	return page.evaluate(() => {
		const w = window as unknown as { benchStamps: number[]; benchOnTarget: number; benchRunning: boolean };
		w.benchRunning = false;
		return { stamps: w.benchStamps, onTarget: w.benchOnTarget };
	});
}

/**
 * throttleServiceWorkers applies network conditions to the service workers' own requests:
 * emulating them on the page's session leaves a request the worker starts by itself (the early
 * case request, static/sw-early-case.js) at full speed. Through the browser session, as
 * Playwright offers no session for a worker: attached without flattening, each command goes in
 * a Target.sendMessageToTarget envelope.
 */
async function throttleServiceWorkers(browser: Browser, conditions: typeof FAST_3G): Promise<number> {
	// The session stays open until the browser closes: detaching would end the emulation.
	const session = await browser.newBrowserCDPSession();
	const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
	const workers = targetInfos.filter((t) => t.type === 'service_worker');
	for (const worker of workers) {
		const { sessionId } = (await session.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })) as { sessionId: string };
		let id = 0;
		for (const [method, params] of [['Network.enable', {}], ['Network.emulateNetworkConditions', conditions]] as const) {
			await session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: ++id, method, params }) });
		}
	}
	return workers.length;
}

/** waterfall lists what the page fetched before its first slice (start → end, ms from navigation; bytes over the wire). */
async function waterfall(page: Page, until: number): Promise<string> {
	const entries = await page.evaluate(() =>
		performance.getEntriesByType('resource').map((e) => {
			const r = e as PerformanceResourceTiming;
			return { name: r.name, start: r.startTime, end: r.responseEnd, bytes: r.transferSize };
		})
	);
	const lines = entries
		.filter((e) => e.start <= until)
		.map((e) => `  ${e.start.toFixed(0).padStart(5)} → ${e.end.toFixed(0).padStart(5)}  ${String(e.bytes).padStart(7)} B  ${new URL(e.name).pathname.slice(0, 90)}`);
	return [`before the first slice (${until.toFixed(0)} ms):`, ...lines].join('\n');
}

/** measure runs one page through the whole protocol in a fresh browser. */
async function measure(name: string, pageUrl: string, warmUrl: string, isLoaded: (page: Page) => Promise<boolean>): Promise<Row> {
	const browser = await chromium.launch(LAUNCH);
	try {
		const context: BrowserContext = await browser.newContext({ ...PHONE, serviceWorkers: 'allow' });
		// tsx wraps functions in an __name helper; the functions evaluated in the page need it too
		await context.addInitScript('globalThis.__name = (f) => f');
		const page = await context.newPage();
		// a returning reader: the service worker has the app shell, the HTTP cache is empty
		await page.goto(warmUrl);
		await page.evaluate(async () => {
			if ('serviceWorker' in navigator && navigator.serviceWorker.getRegistrations) {
				const deadline = Date.now() + 15_000;
				while (Date.now() < deadline && !(await navigator.serviceWorker.getRegistrations()).some((r) => r.active)) await new Promise((r) => setTimeout(r, 200));
			}
			for (const key of await caches.keys()) if (key.startsWith('cassette-case-')) await caches.delete(key);
		});
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.clearBrowserCache');
		await cdp.send('Performance.enable');
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
		const heap = sampleHeap(cdp);
		await cdp.send('Network.emulateNetworkConditions', FAST_3G);
		const throttledWorkers = await throttleServiceWorkers(browser, FAST_3G);
		const hasWorker = await page.evaluate(async () => (await navigator.serviceWorker?.getRegistrations()).some((r) => r.active));
		// a worker left at full speed would fetch the case early for free: no figure rather than a wrong one
		if (hasWorker && throttledWorkers === 0) throw new Error(`${name}: the service worker could not be throttled`);
		if (process.env.BENCH_PROFILE) console.log(`Fast 3G on the page and on ${throttledWorkers} service worker(s)`);
		await page.goto(pageUrl, { waitUntil: 'commit' });
		const firstSliceMs = await page.waitForFunction(() => performance.getEntriesByName('viewer:first-slice')[0]?.startTime, undefined, { timeout: 120_000, polling: 50 }).then((h) => h.jsonValue() as Promise<number>);
		if (process.env.BENCH_PROFILE) console.log(await waterfall(page, firstSliceMs));
		await cdp.send('Network.emulateNetworkConditions', NO_THROTTLE);
		await throttleServiceWorkers(browser, NO_THROTTLE);
		for (const deadline = Date.now() + 180_000; !(await isLoaded(page)); ) {
			if (Date.now() > deadline) throw new Error(`${name}: the stack did not finish loading`);
			await page.waitForTimeout(250);
		}
		// BENCH_PROFILE=1 saves a CPU profile of each flick (open it in Chrome DevTools' Performance panel)
		if (process.env.BENCH_PROFILE) {
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.start');
		}
		const { stamps, onTarget } = await flick(page, cdp);
		if (process.env.BENCH_PROFILE) {
			const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
			mkdirSync(path.dirname(RESULT_FILE), { recursive: true });
			writeFileSync(path.join(path.dirname(RESULT_FILE), `${name.replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(profile));
		}
		const heapMb = await heap.stop();
		const rssMb = await peakRssMb(browser);
		const frames = frameStats(stamps);
		return { page: name, firstSliceMs, frames, heapMb, rssMb, onTargetPct: (100 * onTarget) / stamps.length };
	} finally {
		await browser.close();
	}
}

function table(rows: Row[]): string {
	const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
	const head = ['page', 'first slice, Fast 3G (ms)', 'p95 frame (ms)', 'dropped frames (%)', 'peak JS heap (MB)', 'peak renderer+GPU RSS (MB)', 'frames on the asked slice (%)'];
	const lines = rows.map((r) => [r.page, f(r.firstSliceMs, 0), f(r.frames.p95), f(r.frames.droppedPct, 2), f(r.heapMb), f(r.rssMb, 0), f(r.onTargetPct)]);
	lines.push(['goal', `≤ ${GOALS.firstSliceMs}`, `≤ ${f(GOALS.p95)}`, `≤ ${GOALS.droppedPct}`, `≤ ${GOALS.heapMb}`, 'below baseline', '—']);
	const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
	const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	return [row(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}

async function main(): Promise<void> {
	const cassette = await startCassette();
	let baseline: Server | undefined;
	try {
		console.log(`server ${cassette.url}; creating a published case with a ${SLICES}-slice series of ${SLICE_SIZE}² JPEGs…`);
		const auth = await signInApi(cassette.url, USER.email, USER.password);
		const setup = await chromium.launch(LAUNCH);
		const created = await createCase(setup, cassette.url, auth, {
			title: 'Benchmark: 300-slice synthetic CT',
			category: 'abdomen',
			content: 'Synthetic phantom for the viewer benchmark.',
			series: [{ plane: 'axial', modality: 'CT', description: 'Axial', slices: SLICES, size: SLICE_SIZE }]
		});
		await setup.close();
		const urls = await previewUrls(cassette.url, created.seriesIds[0]);
		const served = await serveBaseline(baselineHtml(urls));
		baseline = served.server;

		const rows: Row[] = [];
		console.log('measuring Cassette viewer…');
		rows.push(
			await measure('Cassette viewer', `${cassette.url}/cases/${created.id}`, `${cassette.url}/`, (page) =>
				page.locator('.viewer .progress').count().then((n) => n === 0)
			)
		);
		console.log('measuring baseline (300 preloaded <img>)…');
		rows.push(await measure('baseline: 300 <img>', served.url, served.url, (page) => page.evaluate(() => (window as unknown as { benchLoaded: () => boolean }).benchLoaded())));

		console.log(`\nViewer benchmark: ${SLICES} slices of ${SLICE_SIZE}², phone profile (412×839 @2.625), 4× CPU throttling, headless Chromium`);
		console.log(table(rows));
		console.log('dropped frames: vsyncs missed between consecutive requestAnimationFrame callbacks, over all vsyncs of the flick (one wheel notch per frame, first→last→first).');
		mkdirSync(path.dirname(RESULT_FILE), { recursive: true });
		writeFileSync(RESULT_FILE, JSON.stringify({ date: new Date().toISOString(), slices: SLICES, sliceSize: SLICE_SIZE, goals: GOALS, rows }, null, 2));
		console.log(`results: ${path.relative(ROOT, RESULT_FILE)}`);

		console.log('\nmeasuring windowing (uploading the series’ companded values first)…');
		const windowBrowser = await chromium.launch(LAUNCH);
		try {
			const windowing = await windowingBench(windowBrowser, PHONE, cassette.url, auth.token, created.id, created.seriesIds[0]);
			console.log(windowingTable(windowing));
			writeFileSync(path.join(path.dirname(RESULT_FILE), 'windowing.json'), JSON.stringify({ date: new Date().toISOString(), ...windowing }, null, 2));
		} finally {
			await windowBrowser.close();
		}
	} finally {
		baseline?.close();
		await cassette.stop();
	}
}

main().catch((err: unknown) => {
	console.error(err instanceof Error ? err.stack : err);
	process.exit(1);
});
