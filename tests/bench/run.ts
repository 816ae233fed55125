/**
 * run: the benchmark (`npm run bench`, `node scripts/bench.js [--slices N] [--runs R] [--skip-browser] [--skip-viewer]`).
 * Cassette and its peers are measured in the same run on the same generated CT series and
 * printed as one table; then the stack-viewer benchmark (tests/bench/viewer) prints its own. It only prints: timings are never asserted, the exit code is 0 unless
 * something could not run at all.
 */
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CACHE_ROOT, generateCtSeries, type CtVariant } from '../fixtures/ct/generate';
import { openBenchPage } from './browser-harness';
import { measureDeid, nodeStartup } from './deid-peers';
import { median } from './measure';

const repo = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
	options: { slices: { type: 'string', default: '300' }, runs: { type: 'string', default: '3' }, 'skip-browser': { type: 'boolean', default: false }, 'skip-viewer': { type: 'boolean', default: false } }
});
const slices = Number(values.slices);
const runs = Number(values.runs);
if (!Number.isInteger(slices) || slices < 1 || !Number.isInteger(runs) || runs < 1) {
	console.error('usage: bench [--slices N] [--runs R] [--skip-browser] [--skip-viewer]');
	process.exit(2);
}

const MB = 1e6;
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const table = (head: string[], rows: string[][]) => {
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
};

const series = await generateCtSeries({ slices }, (line) => console.error(line));
const scratch = join(CACHE_ROOT, 'scratch');
mkdirSync(scratch, { recursive: true });
console.log(`Cassette benchmark: ${slices}-slice 512×512 16-bit CT (${fmt(series.raw.bytes / MB)} MB; JPEG-LS ${fmt(series.jpegLs.bytes / MB)} MB; J2K ${fmt(series.j2k.bytes / MB)} MB), median of ${runs} run(s), ${new Date().toISOString()}\n`);

// 1. De-identification, CLI vs peers.
const { results: deid, oneSlice, createFilesMs } = await measureDeid(repo, series.raw.dir, scratch, runs, slices);
const ours = deid[0].ms;
console.log('De-identification (one process per run, uncompressed series; ratio = tool time / cassette time)\n');
console.log(
	table(
		['tool', 'median ms', 'files/s', 'MB/s', 'ratio'],
		deid.map((d) => [d.tool, fmt(d.ms, 0), fmt(slices / (d.ms / 1000), 0), fmt(series.raw.bytes / MB / (d.ms / 1000)), fmt(d.ms / ours, 2)])
	)
);
const gdcm = deid.find((d) => d.tool.startsWith('gdcmanon -e'))!.ms;
const dcmjs = deid.find((d) => d.tool.startsWith('dcmjs'))!.ms;
console.log(
	`\nFile system: ${createFilesMs.files} empty files in a new output folder took ${fmt(createFilesMs.before, 0)} ms to create before the runs and ${fmt(createFilesMs.after, 0)} ms after them, ` +
		`a cost inside every tool's time (output folders ${createFilesMs.spread ? 'spread over block groups by chattr +T; ' : 'not spread: chattr +T failed; '}see OutputFolders in deid-peers.ts)`
);
console.log(`cassette / gdcmanon -e = ${fmt(ours / gdcm, 2)} (goal ≤ 1, limit 1.5); dcmjs / cassette = ${fmt(dcmjs / ours, 2)} (must ≥ 5)`);
// What bounds the ratio: each tool's fixed cost (one slice) and its cost per further slice.
const perSlice = (tool: string) => (deid.find((d) => d.tool === tool)!.ms - oneSlice.find((d) => d.tool === tool)!.ms) / Math.max(1, slices - 1);
console.log(
	`One slice (start-up and set-up): ${oneSlice.map((d) => `${d.tool.split(' (')[0]} ${fmt(d.ms, 0)} ms`).join(', ')}; ` +
		`each further slice: ${oneSlice.map((d) => `${d.tool.split(' (')[0]} ${fmt(perSlice(d.tool), 2)} ms`).join(', ')}`
);
const startup = nodeStartup(runs);
console.log(
	`Node start-up (node -e ''), counted in both Node tools: ${fmt(startup.tools, 0)} ms` +
		(process.env.NODE_EXTRA_CA_CERTS ? `; ${fmt(startup.machine, 0)} ms with this machine's NODE_EXTRA_CA_CERTS, which the tools run without (see measure.ts)\n` : '\n')
);

// 2. Import in headless Chromium through the worker pool.
if (!values['skip-browser']) {
	const bench = await openBenchPage();
	try {
		const rows: string[][] = [];
		const heapRows: string[][] = [];
		const variants: [string, CtVariant][] = [
			['uncompressed', series.raw],
			['JPEG-LS lossless', series.jpegLs],
			['JPEG 2000 lossless', series.j2k]
		];
		for (const [name, variant] of variants) {
			await bench.choose(variant.files);
			await bench.importAll(); // warm-up: workers started, codecs compiled
			const reads: number[] = [];
			const imports: Awaited<ReturnType<typeof bench.importAll>>[] = [];
			for (let i = 0; i < runs; i++) {
				reads.push((await bench.readOnly()).ms);
				imports.push(await bench.importAll());
			}
			await bench.decodeOnly(); // warm-up: the page's own codec compiled
			const decodes: number[] = [];
			for (let i = 0; i < runs; i++) decodes.push((await bench.decodeOnly()).ms);
			const sampled = await bench.importSampled();
			const last = imports.at(-1)!;
			if (last.progress.previewsMade !== slices) throw new Error(`${name}: ${last.progress.previewsMade} previews for ${slices} slices (${last.failures[0] ?? last.previewErrors[0] ?? ''})`);
			const read = median(reads);
			const total = median(imports.map((r) => r.ms));
			rows.push([
				name,
				String(last.poolSize),
				fmt(read, 0),
				fmt(total, 0),
				fmt(total / read, 1),
				// what the codec alone costs, split over the pool's workers: a floor no other work lowers
				fmt(median(decodes), 0),
				fmt((read + Math.max(0, median(decodes) - read) / last.poolSize) / read, 1),
				fmt(slices / (total / 1000), 0),
				fmt(sampled.peakHeapBytes / MB),
				`${fmt((100 * last.previewBytes) / last.sourceBytes)} %`,
				`${fmt((100 * (last.previewBytes + last.thumbnailBytes)) / last.sourceBytes)} %`
			]);
		}
		const ratioOf = (name: string) => rows.find((r) => r[0] === name)![4];
		const previewShare = rows.find((r) => r[0] === 'uncompressed')![9];
		console.log(
			'Import in headless Chromium (read + parse + de-identify + decode + JPEG preview and thumbnail, worker pool; ratio = import / read bytes only; ' +
				'decode ms = read + parse + decode alone on one thread; codec floor = (read + (decode ms − read) / workers) / read; peak heap from a separate sampled run)\n'
		);
		console.log(table(['series', 'workers', 'read ms', 'import ms', 'ratio', 'decode ms', 'codec floor', 'slices/s', 'peak heap MB', 'preview/source', '+thumbnails'], rows));

		// Peak heap against study length: the first 100 slices and the whole series.
		for (const count of [...new Set([Math.min(100, slices), slices])]) {
			await bench.choose(series.raw.files.slice(0, count));
			heapRows.push([String(count), fmt((await bench.importSampled()).peakHeapBytes / MB)]);
		}
		console.log('\nPeak JS heap (page + workers, sampled every 100 ms in a separate run) against the number of slices, uncompressed\n');
		console.log(table(['slices', 'peak heap MB'], heapRows));
		console.log(
			`\nimport / read: uncompressed ${ratioOf('uncompressed')} (goal ≤ 3), JPEG-LS ${ratioOf('JPEG-LS lossless')} (goal ≤ 6), JPEG 2000 ${ratioOf('JPEG 2000 lossless')} (reported); ` +
				`peak heap ${heapRows.map((r) => `${r[1]} MB at ${r[0]}`).join(', ')} (goal < 300 MB, flat); previews ${previewShare} of the uncompressed source (goal ≤ 10 %)`
		);
	} finally {
		await bench.close();
	}
}

// 3. The stack viewer against 300 preloaded <img> (its own fixed 300-slice series, phone profile).
// It runs in a child process: it serves the built app from the Go server and exits on its own terms.
if (!values['skip-viewer']) {
	const server = join(repo, 'pocketbase/cassette-server');
	if (!existsSync(server)) {
		console.log(`\nViewer benchmark skipped: ${server} is missing (npx vite build, then cd pocketbase && go build -o cassette-server .)`);
	} else {
		console.log('');
		const viewer = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'tests/bench/viewer/bench.ts')], { cwd: repo, stdio: 'inherit' });
		if (viewer.status !== 0) {
			console.error(`viewer benchmark failed (exit ${viewer.status ?? viewer.signal})`);
			process.exitCode = 1;
		}
	}
}
