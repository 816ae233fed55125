/**
 * run: the load section of `npm run bench` (`node --import tsx tests/bench/load/run.ts [--duration S]
 * [--readers 1,8,32,64] [--publishers 1,4,16|none] [--uploads N] [--storage disk,S3]`). Readers open the seeded published case
 * (its bundle) and fetch its slices in scroll order; contributors upload slices to their own draft
 * series; on the local disk and on S3 (versitygw on loopback); Go's http.FileServer serving the same
 * slice files is the anchor. `npm run bench` runs it last; CASSETTE_BENCH_SKIP_LOAD=1 leaves it out. Every run is bounded in time (readers) or count (uploads), loopback only.
 */
import autocannon from 'autocannon';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { copySlices, draftSeries, publishedSlices, readerRequests, uploadRequest, type Slices } from './scenario';
import { SERVER_BIN, startCassette, startFileServer, type Running } from './servers';

// not strict: `npm run bench` passes the other sections' flags too
const { values } = parseArgs({
	strict: false,
	options: {
		duration: { type: 'string', default: '5' },
		readers: { type: 'string', default: '1,8,32,64' },
		publishers: { type: 'string', default: '1,4,16' },
		uploads: { type: 'string', default: '40' },
		storage: { type: 'string', default: 'disk,S3' }
	}
});
const duration = Number(values.duration);
const readerLevels = String(values.readers).split(',').map(Number);
// `--publishers none` measures reading only
const publisherLevels = values.publishers === 'none' ? [] : String(values.publishers).split(',').map(Number);
const storages = String(values.storage).split(',').filter((s): s is 'disk' | 'S3' => s === 'disk' || s === 'S3');
const uploadsPerPublisher = Number(values.uploads);

interface Row { target: string; load: string; rps: number; p50: number; p95: number; p99: number; errors: number; total: number }

function row(target: string, load: string, r: autocannon.Result): Row {
	const total = r.requests.total + r.errors;
	// autocannon's latency percentiles: p50, p97_5 and p99 are reported; p95 is not, so p97.5 stands in
	const l = r.latency;
	const seconds = (new Date(r.finish).getTime() - new Date(r.start).getTime()) / 1000;
	return { target, load, rps: r.requests.total / seconds, p50: l.p50, p95: l.p97_5, p99: l.p99, errors: r.errors + r.non2xx, total };
}

async function readers(target: string, base: string, requests: ReturnType<typeof readerRequests>, connections: number): Promise<Row> {
	const r = await autocannon({ url: base, connections, duration, requests, timeout: 10 });
	return row(target, `${connections} readers`, r);
}

async function publishers(target: string, base: string, s: Slices, email: string, password: string, count: number): Promise<Row> {
	const { token, series } = await draftSeries(base, email, password, count);
	const next = uploadRequest(series, s.jpeg);
	const r = await autocannon({
		url: base, connections: count, amount: count * uploadsPerPublisher, timeout: 30,
		requests: [{
			method: 'POST', path: '/api/collections/images/records',
			setupRequest: (req) => {
				const { body, contentType } = next();
				return { ...req, body, headers: { ...req.headers, authorization: token, 'content-type': contentType } };
			}
		}]
	});
	return row(target, `${count} contributors`, r);
}

/** saturation is the first load whose throughput is under 1.1× the previous one (more clients, no more work done). */
function saturation(rows: Row[]): string {
	for (let i = 1; i < rows.length; i++) if (rows[i].rps < rows[i - 1].rps * 1.1) return `${rows[i - 1].load} (${Math.round(rows[i - 1].rps)} req/s)`;
	return `not reached (${Math.round(rows.at(-1)!.rps)} req/s at ${rows.at(-1)!.load})`;
}

function table(rows: Row[]): string {
	const head = ['target', 'load', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'errors'];
	const body = rows.map((r) => [r.target, r.load, r.rps.toFixed(0), String(r.p50), String(r.p95), String(r.p99), `${r.errors}/${r.total} (${((100 * r.errors) / Math.max(r.total, 1)).toFixed(1)}%)`]);
	const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
	return [head, ...body].map((cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |').join('\n');
}

if (!existsSync(SERVER_BIN)) {
	console.log(`Load benchmark skipped: ${SERVER_BIN} is missing (npx vite build, then cd pocketbase && go build -o cassette-server .)`);
	process.exit(0);
}
const started: Running[] = [];
try {
	const rows: Row[] = [];
	const saturations: string[] = [];
	let anchorRps = 0, cassetteRps = 0;
	for (const storage of storages) {
		const server = await startCassette(storage);
		started.push(server);
		const slices = await publishedSlices(server.url);
		if (storage === 'disk') {
			const dir = mkdtempSync(join(tmpdir(), 'cassette-load-static-'));
			await copySlices(server.url, slices, dir);
			const files = await startFileServer(dir);
			started.push(files);
			const anchor: Row[] = [];
			for (const n of readerLevels) anchor.push(await readers('static files (Go http.FileServer)', files.url, readerRequests(slices, false), n));
			rows.push(...anchor);
			anchorRps = Math.max(...anchor.map((r) => r.rps));
			await files.stop();
			rmSync(dir, { recursive: true, force: true });
		}
		const slicesOnly: Row[] = [];
		for (const n of readerLevels) slicesOnly.push(await readers(`Cassette slices, ${storage}`, server.url, readerRequests(slices, false), n));
		if (storage === 'disk') cassetteRps = Math.max(...slicesOnly.map((r) => r.rps));
		const withBundle: Row[] = [];
		for (const n of readerLevels) withBundle.push(await readers(`Cassette bundle + slices, ${storage}`, server.url, readerRequests(slices), n));
		const uploads: Row[] = [];
		for (const m of publisherLevels) uploads.push(await publishers(`Cassette uploads, ${storage}`, server.url, slices, server.email, server.password, m));
		rows.push(...slicesOnly, ...withBundle, ...uploads);
		saturations.push(`${storage}: readers saturate at ${saturation(withBundle)}` + (uploads.length > 0 ? `; uploads at ${saturation(uploads)}` : ''));
		console.error(`load: ${storage} done (${slices.paths.length} slices per scroll)`);
		await server.stop();
	}
	console.log(`\nLoad (autocannon, ${duration} s per reader level, ${uploadsPerPublisher} uploads per contributor; loopback, rate limits off; ${new Date().toISOString()})\n`);
	console.log(table(rows));
	console.log('\n' + saturations.join('\n'));
	if (anchorRps > 0) console.log(`Cassette slices (disk) / static file server, best throughput: ${(cassetteRps / anchorRps).toFixed(2)} (goal ≥ 0.7)`);
} finally {
	for (const s of started.reverse()) await s.stop();
}
