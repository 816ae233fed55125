/**
 * pacs-run: the PACS benchmark (`npm run bench`; `CASSETTE_BENCH_SKIP_PACS=1` skips it). The
 * generated 300-slice CT (tests/fixtures/ct) is loaded into Debian's Orthanc behind nginx on
 * loopback (tests/pacs/pacs.ts, the proxy a hospital puts in front), and in the same run, in
 * headless Chromium with one worker pool, imported three ways through the same pipeline
 * (importItems → importStudy, tests/bench/pacs-page):
 *   - the file picker: the same files chosen from disk;
 *   - the PACS, streamed, as the PACS page runs it: WADO-RS parts handed to the import as they
 *     arrive (src/lib/import/dicomweb) and scanned as they come (importItems' streamed source);
 *   - the PACS collected first: every retrieved instance gathered before the import starts, as
 *     the app did before its import took a streamed source (1af121c), for comparison.
 * Times are medians of alternated runs; peaks come from separate runs sampled every 100 ms: the JS
 * heap of the page and its workers (CDP), and the proportional set size of every Chromium process
 * (a retrieved instance is a Blob, kept by the browser outside any JS heap). It only prints.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM_LAUNCH } from '../chromium';
import { generateCtSeries } from '../fixtures/ct/generate';
import { startPacs, storeInOrthanc } from '../pacs/pacs';
import { HeapSampler } from './heap-sampler';
import { median } from './measure';
import type { PacsRun, Source } from './pacs-page/main';

const { values } = parseArgs({ strict: false, options: { slices: { type: 'string', default: '300' }, runs: { type: 'string', default: '3' } } });
const slices = Number(values.slices);
const runs = Number(values.runs);
const MB = 1e6;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** chromiumPss sums the proportional set size (kB → bytes) of the Chromium process started with `nonce` and its descendants. */
function chromiumPss(nonce: string): number {
	const parents = new Map<number, number>();
	let root = 0;
	for (const name of readdirSync('/proc')) {
		const pid = Number(name);
		if (!Number.isInteger(pid)) continue;
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
			if (!root && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(nonce)) root = pid;
		} catch {
			// a process that ended while listing
		}
	}
	const tree = new Set([root]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const [pid, ppid] of parents) if (tree.has(ppid) && !tree.has(pid)) (tree.add(pid), (grew = true));
	}
	let kb = 0;
	for (const pid of tree) {
		try {
			kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
		} catch {
			// gone
		}
	}
	return root ? kb * 1024 : 0;
}

const series = (await generateCtSeries({ slices }, (line) => console.error(line))).raw;
const nonce = `--cassette-pacs-bench=${process.pid}`;
const vite = await createServer({ configFile: fileURLToPath(new URL('./pacs-page/vite.config.ts', import.meta.url)), server: { port: 0, host: '127.0.0.1' } });
await vite.listen();
const pageUrl = vite.resolvedUrls!.local[0];
const pacs = await startPacs({ allowOrigins: [new URL(pageUrl).origin] });
const browser = await chromium.launch({ executablePath: CHROMIUM_LAUNCH.executablePath, args: [...CHROMIUM_LAUNCH.args, nonce] });
try {
	await storeInOrthanc(pacs.orthancUrl, undefined, series.files.map((f) => new Uint8Array(readFileSync(f))));
	const found = (await (await fetch(`${pacs.dicomWebUrl}/series`, { headers: { Accept: 'application/dicom+json' } })).json()) as Record<string, { Value: string[] }>[];
	if (found.length !== 1) throw new Error(`the PACS holds ${found.length} series, expected the generated one`);
	const where = { url: pacs.dicomWebUrl, study: found[0]['0020000D'].Value[0], series: found[0]['0020000E'].Value[0] };

	const page = await browser.newPage();
	await page.goto(pageUrl);
	await page.waitForFunction(() => 'pacsBench' in window, undefined, { timeout: 120_000 });
	await page.setInputFiles('#files', series.files);
	const heap = await HeapSampler.create(browser);
	const sources: [string, Source][] = [
		['file picker', { kind: 'files' }],
		['PACS, streamed (WADO-RS → import)', { kind: 'pacs', ...where, drain: false }],
		['PACS collected first (the app before 1af121c)', { kind: 'pacs', ...where, drain: true }]
	];
	const runOnce = async (source: Source): Promise<PacsRun> => {
		const run = await page.evaluate((s) => window.pacsBench.run(s), source);
		if (run.instances !== slices || run.previews !== slices || run.failures.length) {
			throw new Error(`${source.kind}: ${run.instances} instances, ${run.previews} previews for ${slices} slices (${run.failures[0] ?? ''})`);
		}
		return run;
	};
	const sampled = async (source: Source) => {
		let peakHeap = 0;
		let peakPss = 0;
		let sampling = true;
		const sampler = (async () => {
			while (sampling) {
				peakHeap = Math.max(peakHeap, await heap.sample().catch(() => 0));
				peakPss = Math.max(peakPss, chromiumPss(nonce));
				await new Promise((r) => setTimeout(r, 100));
			}
		})();
		try {
			await runOnce(source);
		} finally {
			sampling = false;
			await sampler;
		}
		return { peakHeap, peakPss };
	};

	for (const [, source] of sources) await runOnce(source); // warm-up: workers started, Orthanc's cache warm
	const times = sources.map(() => [] as number[]);
	for (let i = 0; i < runs; i++) for (const [k, [, source]] of sources.entries()) times[k].push((await runOnce(source)).ms);
	const peaks: { peakHeap: number; peakPss: number }[] = [];
	for (const [, source] of sources) peaks.push(await sampled(source));
	await heap.close();

	const fileMs = median(times[0]);
	const rows = sources.map(([name], k) => {
		const ms = median(times[k]);
		return [name, fmt(ms, 0), fmt(ms / fileMs, 2), fmt(slices / (ms / 1000), 0), fmt(peaks[k].peakHeap / MB), fmt(peaks[k].peakPss / MB, 0)];
	});
	const head = ['source', 'median ms', '× file picker', 'slices/s', 'peak JS heap MB', 'peak Chromium PSS MB'];
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	console.log(`\nPACS import: ${slices}-slice 512×512 16-bit CT (${fmt(series.bytes / MB)} MB) from Orthanc + nginx on loopback vs the same files through the file picker, headless Chromium, one worker pool, median of ${runs} alternated run(s); peaks from separate sampled runs\n`);
	console.log([line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
	console.log(
		`\nPACS streamed / file picker = ${rows[1][2]} (goal ≤ 1.3); peak JS heap ${rows[0][4]} / ${rows[1][4]} / ${rows[2][4]} MB, ` +
			`Chromium PSS ${rows[0][5]} / ${rows[1][5]} / ${rows[2][5]} MB (file picker / streamed / collected first)`
	);
} finally {
	await browser.close();
	await pacs.stop();
	await vite.close();
}
