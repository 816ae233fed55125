/**
 * export-run: the research export section of `npm run bench` (`node --import tsx
 * tests/bench/export-run.ts [--export-cases 10,20,40] [--export-slices 300] [--export-size 256]
 * [--export-runs 3]`). A fresh server holds consented CT cases of generated slices (no patient
 * ever scanned); at each collection size the whole dataset is exported with curl to /dev/null and
 * compared with `cat` of the same stored DICOM files to /dev/null in the same run (both from a
 * warm page cache, runs alternated, medians), while the server's resident memory is sampled from
 * /proc. Goals (issue 13): export throughput ≥ 0.8 × cat, memory flat from 10 to 40 cases.
 * CASSETTE_BENCH_SKIP_EXPORT=1 leaves it out of `npm run bench`. Loopback only.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ctSeries, grantRole, previewPng, type Admin } from '../research/fixture-cases';
import { freePort, SERVER_BIN } from './load/servers';

// not strict: `npm run bench` passes the other sections' flags too
const { values } = parseArgs({
	strict: false,
	options: {
		'export-cases': { type: 'string', default: '10,20,40' },
		'export-slices': { type: 'string', default: '300' },
		'export-size': { type: 'string', default: '256' },
		'export-runs': { type: 'string', default: '3' }
	}
});
const levels = String(values['export-cases']).split(',').map(Number);
const slices = Number(values['export-slices']);
const size = Number(values['export-size']);
const runs = Number(values['export-runs']);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** rssMiB reads a process's resident set size (VmRSS, kB) from /proc. */
function rssMiB(pid: number): number {
	const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return kb ? Number(kb[1]) / 1024 : NaN;
}

function timed(cmd: string, args: string[], onTick?: () => void): Promise<{ seconds: number; stdout: string }> {
	return new Promise((done, fail) => {
		const start = process.hrtime.bigint();
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
		let stdout = '';
		child.stdout.on('data', (d) => (stdout += d));
		const tick = onTick ? setInterval(onTick, 20) : undefined;
		child.on('error', fail);
		child.on('close', (code) => {
			if (tick) clearInterval(tick);
			if (code !== 0) return fail(new Error(`${cmd} exited with ${code}`));
			done({ seconds: Number(process.hrtime.bigint() - start) / 1e9, stdout });
		});
	});
}

async function api(base: string, token: string, method: string, path: string, body?: unknown): Promise<{ id: string; token?: string }> {
	const form = body instanceof FormData;
	const res = await fetch(`${base}${path}`, {
		method,
		headers: { authorization: token, ...(form ? {} : { 'content-type': 'application/json' }) },
		body: form ? body : JSON.stringify(body)
	});
	if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
	return (await res.json()) as { id: string; token?: string };
}

/** addCase uploads one consented case; every case holds the same generated series (stored as separate files). */
async function addCase(admin: Admin, author: string, n: number, dicom: Uint8Array[]): Promise<void> {
	const c = await api(admin.url, admin.token, 'POST', '/api/collections/cases/records', {
		author, title: `Bench case ${n}`, category: 'abdomen', status: 'published', research_consent: true,
		icd11_code: 'DB93.1', icd11_title: 'Hepatic cirrhosis', region_of_interest: 'whole_liver', phi_acknowledged: true
	});
	const s = await api(admin.url, admin.token, 'POST', '/api/collections/series/records', { case: c.id, plane: 'axial', modality: 'CT', slice_count: dicom.length, order: 0 });
	const preview = previewPng(1);
	let next = 0;
	// a few uploads in flight: the server checks each DICOM and PNG as it arrives
	await Promise.all(Array.from({ length: 4 }, async () => {
		for (let i = next++; i < dicom.length; i = next++) {
			const form = new FormData();
			form.set('series', s.id);
			form.set('index', String(i));
			form.set('preview', preview, 'p.png');
			form.set('dicom', new Blob([dicom[i].slice()], { type: 'application/dicom' }), 's.dcm');
			await api(admin.url, admin.token, 'POST', '/api/collections/images/records', form);
		}
	}));
}

function storedDicom(dir: string): string[] {
	const out: string[] = [];
	const walk = (d: string) => {
		for (const e of readdirSync(d, { withFileTypes: true })) {
			if (e.isDirectory()) walk(join(d, e.name));
			else if (e.name.startsWith('dicom_') && e.name.endsWith('.dcm')) out.push(join(d, e.name));
		}
	};
	walk(join(dir, 'storage'));
	return out;
}

if (!existsSync(SERVER_BIN)) {
	console.log(`Export benchmark skipped: ${SERVER_BIN} is missing (npx vite build, then cd pocketbase && go build -o cassette-server .)`);
} else {
	const dir = mkdtempSync(join(tmpdir(), 'cassette-export-bench-'));
	const su = { email: 'bench@cassette.test', password: 'bench-password-123' };
	execFileSync(SERVER_BIN, ['superuser', 'upsert', su.email, su.password, '--dir', dir], { stdio: 'pipe' });
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const server = spawn(SERVER_BIN, ['serve', '--http', `127.0.0.1:${port}`, '--dir', dir], { env: { ...process.env, CASSETTE_RATE_LIMITS: 'off' }, stdio: 'ignore' });
	try {
		for (let i = 0; !(await fetch(`${url}/api/health`).then((r) => r.ok, () => false)); i++) {
			if (i > 300 || server.exitCode !== null) throw new Error('cassette-server did not start');
			await new Promise((r) => setTimeout(r, 100));
		}
		const admin: Admin = { url, token: (await api(url, '', 'POST', '/api/collections/_superusers/auth-with-password', { identity: su.email, password: su.password })).token! };
		const account = (name: string) => ({ email: `${name}@cassette.test`, password: `${name}-password-1`, passwordConfirm: `${name}-password-1`, username: name, verified: true });
		const author = (await api(url, admin.token, 'POST', '/api/collections/users/records', account('author'))).id;
		const researcher = await api(url, admin.token, 'POST', '/api/collections/users/records', account('researcher'));
		await grantRole(admin, researcher.id, 'researcher');
		const token = (await api(url, '', 'POST', '/api/collections/users/auth-with-password', { identity: 'researcher@cassette.test', password: 'researcher-password-1' })).token!;

		console.error(`export: generating ${slices} de-identified ${size}×${size} CT slices`);
		const dicom = ctSeries(slices, 1, size);
		const rows: string[][] = [];
		let cases = 0;
		for (const level of levels) {
			const start = Date.now();
			while (cases < level) await addCase(admin, author, ++cases, dicom);
			console.error(`export: ${cases} cases uploaded (${((Date.now() - start) / 1000).toFixed(0)} s)`);
			const files = storedDicom(dir);
			const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
			const list = join(dir, 'files.list');
			writeFileSync(list, files.join('\0'));
			await timed('sh', ['-c', `xargs -0 -a '${list}' cat > /dev/null`]); // warm the page cache for both
			const cat: number[] = [];
			const exp: number[] = [];
			let zipBytes = 0;
			let peak = 0;
			let growth = 0;
			const idle = rssMiB(server.pid!);
			for (let r = 0; r < runs; r++) {
				cat.push(bytes / (await timed('sh', ['-c', `xargs -0 -a '${list}' cat > /dev/null`])).seconds);
				// what one export adds to a warm server (the first run also fills SQLite's page cache,
				// up to 32 MB per connection: PocketBase's cache_size pragma, core/db_connect.go)
				const before = rssMiB(server.pid!);
				let runPeak = before;
				const e = await timed('curl', ['-sf', '-o', '/dev/null', '-w', '%{size_download}', '-H', `Authorization: ${token}`, `${url}/api/cassette/research/export`], () => {
					runPeak = Math.max(runPeak, rssMiB(server.pid!));
				});
				peak = Math.max(peak, runPeak);
				if (r === runs - 1) growth = runPeak - before;
				zipBytes = Number(e.stdout);
				exp.push(zipBytes / e.seconds);
			}
			const mbs = (x: number) => (x / 1e6).toFixed(0);
			rows.push([String(cases), String(files.length), (bytes / 1e6).toFixed(0), (zipBytes / 1e6).toFixed(0), mbs(median(cat)), mbs(median(exp)),
				(median(exp) / median(cat)).toFixed(2), idle.toFixed(0), peak.toFixed(0), growth.toFixed(0)]);
		}
		const head = ['cases', 'DICOM files', 'DICOM MB', 'ZIP MB', 'cat MB/s', 'export MB/s', 'export/cat', 'server RSS idle MiB', 'RSS peak during export MiB', 'last export adds MiB'];
		const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
		console.log(`\nResearch export (${slices} slices of ${size}×${size} per case, curl and cat to /dev/null, median of ${runs}; loopback; ${new Date().toISOString()})\n`);
		console.log([head, ...rows].map((c) => '| ' + c.map((x, i) => x.padEnd(widths[i])).join(' | ') + ' |').join('\n'));
		console.log('Goals: export/cat ≥ 0.8; memory flat from the smallest to the largest collection (the last column: what an export adds to a warm server).');
	} finally {
		if (server.exitCode === null) {
			const exited = new Promise((r) => server.once('exit', r));
			server.kill('SIGTERM');
			await exited;
		}
		rmSync(dir, { recursive: true, force: true });
	}
}
