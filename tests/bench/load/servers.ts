/** servers: start and stop the processes the load benchmark measures, all on loopback. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repo = resolve(import.meta.dirname, '../../..');
/** SERVER_BIN is the server measured; CASSETTE_BENCH_SERVER names another build (an older one, for before/after figures). */
export const SERVER_BIN = process.env.CASSETTE_BENCH_SERVER ?? join(repo, 'pocketbase/cassette-server');
const CACHE = join(repo, 'node_modules/.cache/cassette');

/** freePort asks the kernel for a free loopback port. */
export function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const s = createServer();
		s.once('error', fail);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as { port: number };
			s.close(() => ok(port));
		});
	});
}

/** goBuild compiles a Go command into the cache (incremental after the first time) and returns its path. */
export function goBuild(name: string, pkg: string, cwd: string): string {
	mkdirSync(CACHE, { recursive: true });
	const out = join(CACHE, name);
	const r = spawnSync('go', ['build', '-o', out, pkg], { cwd, stdio: 'inherit' });
	if (r.status !== 0) throw new Error(`go build ${pkg} failed`);
	return out;
}

export interface Running {
	url: string;
	dir: string;
	stop: () => Promise<void>;
}

/** waitFor polls url until it answers (any status) or 30 s pass. */
async function waitFor(url: string, child: ChildProcess): Promise<void> {
	for (let i = 0; i < 300; i++) {
		if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
		try {
			await fetch(url);
			return;
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	throw new Error(`${url} did not answer within 30 s`);
}

function stopper(child: ChildProcess): () => Promise<void> {
	return () => new Promise((ok) => {
		if (child.exitCode !== null) return ok();
		child.once('exit', () => ok());
		child.kill('SIGTERM');
	});
}

/** startS3 runs the versitygw test gateway (pocketbase/s3test/s3gw) with a `cassette` bucket holding a copy of `storage`. */
export async function startS3(storage: string): Promise<Running> {
	const bin = goBuild('s3gw', './s3test/s3gw', join(repo, 'pocketbase'));
	const dir = mkdtempSync(join(tmpdir(), 'cassette-load-s3-'));
	const port = await freePort();
	const child = spawn(bin, ['--addr', `127.0.0.1:${port}`, '--dir', dir, '--bucket', 'cassette', '--import-storage', storage], { stdio: ['ignore', 'pipe', 'inherit'] });
	await new Promise<void>((ok, fail) => {
		child.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('s3gw ready')) ok(); });
		child.once('exit', (code) => fail(new Error(`s3gw exited with ${code}`)));
	});
	return { url: `http://127.0.0.1:${port}`, dir, stop: stopper(child) };
}

/**
 * startCassette migrates, seeds (demo user + published demo case) and serves a fresh data dir. With
 * `S3`, the seeded files are moved to the test S3 server first (`seed` writes to the data dir: the
 * CASSETTE_S3_* variables apply to `serve`), as a deployment moving to S3 copies its storage folder.
 */
export async function startCassette(storage: 'disk' | 'S3'): Promise<Running & { email: string; password: string; s3?: Running }> {
	const dir = mkdtempSync(join(tmpdir(), 'cassette-load-data-'));
	const env: NodeJS.ProcessEnv = { ...process.env, CASSETTE_RATE_LIMITS: 'off' };
	const email = 'load@cassette.local', password = 'load-bench-password';
	const seeded = spawnSync(SERVER_BIN, ['seed', '--dir', dir, '--email', email, '--password', password], { env, encoding: 'utf8' });
	if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
	let s3: Running | undefined;
	if (storage === 'S3') {
		s3 = await startS3(join(dir, 'storage'));
		rmSync(join(dir, 'storage'), { recursive: true, force: true });
		Object.assign(env, {
			CASSETTE_S3_BUCKET: 'cassette', CASSETTE_S3_REGION: 'us-east-1', CASSETTE_S3_ENDPOINT: s3.url,
			CASSETTE_S3_ACCESS_KEY: 'cassette-test-access', CASSETTE_S3_SECRET: 'cassette-test-secret-key', CASSETTE_S3_FORCE_PATH_STYLE: 'true'
		});
	}
	const port = await freePort();
	const child = spawn(SERVER_BIN, ['serve', '--http', `127.0.0.1:${port}`, '--dir', dir], { env, stdio: 'ignore' });
	const url = `http://127.0.0.1:${port}`;
	await waitFor(`${url}/api/health`, child);
	const stopServer = stopper(child);
	return {
		url, dir, email, password, s3,
		stop: async () => {
			await stopServer();
			await s3?.stop();
			for (const d of [dir, s3?.dir]) if (d) rmSync(d, { recursive: true, force: true });
		}
	};
}

/** startFileServer serves dir with Go's http.FileServer. */
export async function startFileServer(dir: string): Promise<Running> {
	const bin = goBuild('fileserver', join(repo, 'tests/bench/load/fileserver.go'), repo);
	const port = await freePort();
	const child = spawn(bin, [`127.0.0.1:${port}`, dir], { stdio: 'ignore' });
	const url = `http://127.0.0.1:${port}`;
	await waitFor(url + '/', child);
	return { url, dir, stop: stopper(child) };
}
