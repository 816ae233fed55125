// ICD-11 MMS search timing (not part of `npm run bench`'s tables): parse and index the 17,220-code
// MMS once, then time what each keystroke costs, as the draft's diagnosis picker runs it.
//
//   node --import tsx tests/bench/icd11-search.ts [--runs 50] [--browser]
//
// Without --browser: Node on the development machine. With --browser: the same code bundled by
// esbuild and run in headless Debian Chromium with CDP's 4× CPU throttling (the viewer bench's
// phone stand-in), parse and index included.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../chromium';
import { Icd11Mms, type MmsData } from '../../src/lib/cases/icd11-mms';
import { median } from './measure';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '50' }, browser: { type: 'boolean', default: false } } });
const runs = Number(values.runs);
const text = gunzipSync(readFileSync(new URL('../../src/lib/cases/icd11-mms.json.gz', import.meta.url))).toString('utf8');
// What a phone user types, letter by letter (a word query, a code, a two-language query).
const queries = ['n', 'ne', 'neu', 'neum', 'neumonia', 'neumonia bac', 'D', 'DB', 'DB9', 'DB92', 'hepatitis cronica B', 'fractura de femur', 'zzqxw'];

if (values.browser) {
	await inChromium();
	process.exit(0);
}

const loads: number[] = [];
let mms: Icd11Mms | null = null;
for (let i = 0; i < 5; i++) {
	const t0 = performance.now();
	mms = new Icd11Mms(JSON.parse(text) as MmsData);
	loads.push(performance.now() - t0);
}
console.log(`ICD-11 MMS: ${mms!.entries.length} codes, ${(text.length / 1e6).toFixed(2)} MB; JSON.parse + index: median ${median(loads).toFixed(1)} ms of 5\n`);

const rows: string[][] = [];
for (const q of queries) {
	for (let i = 0; i < 3; i++) mms!.search(q, 'es'); // warm-up
	const times: number[] = [];
	let hits = 0;
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		hits = mms!.search(q, 'es', 12).length;
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	rows.push([JSON.stringify(q), String(hits), median(times).toFixed(2), times[Math.floor(times.length * 0.95)].toFixed(2)]);
}
printTable(rows);

function printTable(rows: string[][]): void {
	const all = [['query', 'results', 'median ms', 'p95 ms'], ...rows];
	const widths = [0, 1, 2, 3].map((c) => Math.max(...all.map((r) => r[c].length)));
	for (const r of all) console.log('| ' + r.map((v, c) => v.padEnd(widths[c])).join(' | ') + ' |');
}

/** inChromium runs the parse, index and searches in a page throttled 4× over CDP. */
async function inChromium(): Promise<void> {
	const bundle = await build({
		stdin: {
			contents: `import { Icd11Mms } from './src/lib/cases/icd11-mms.ts';
				globalThis.benchMms = (text, queries, runs) => {
					const t0 = performance.now();
					const mms = new Icd11Mms(JSON.parse(text));
					const load = performance.now() - t0;
					const rows = queries.map((q) => {
						for (let i = 0; i < 3; i++) mms.search(q, 'es');
						const times = [];
						let hits = 0;
						for (let i = 0; i < runs; i++) { const s = performance.now(); hits = mms.search(q, 'es', 12).length; times.push(performance.now() - s); }
						return { q, hits, times };
					});
					return { load, rows };
				};`,
			resolveDir: new URL('../..', import.meta.url).pathname,
			loader: 'ts'
		},
		bundle: true,
		write: false,
		format: 'iife',
		// the lazy `?url` import of the gzipped asset is never called here: the text is handed in
		external: ['*?url']
	});
	const browser = await chromium.launch({ executablePath: CHROMIUM_LAUNCH.executablePath, args: CHROMIUM_LAUNCH.args });
	try {
		const page = await browser.newPage();
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
		await page.addScriptTag({ content: bundle.outputFiles[0].text });
		const result = await page.evaluate(
			({ text, queries, runs }) => (globalThis as unknown as { benchMms: (t: string, q: string[], r: number) => { load: number; rows: { q: string; hits: number; times: number[] }[] } }).benchMms(text, queries, runs),
			{ text, queries, runs: Math.min(runs, 20) }
		);
		console.log(`ICD-11 MMS in headless Chromium, 4x CPU throttling: JSON.parse + index ${result.load.toFixed(0)} ms\n`);
		printTable(
			result.rows.map(({ q, hits, times }) => {
				times.sort((a, b) => a - b);
				return [JSON.stringify(q), String(hits), median(times).toFixed(2), times[Math.floor(times.length * 0.95)].toFixed(2)];
			})
		);
	} finally {
		await browser.close();
	}
}
