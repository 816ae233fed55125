/**
 * Test harness (Node only): runs the real cassette-server binary on a free port with a temporary
 * data directory, with a superuser and a verified contributor. Used by the outbox specs; needs
 * the Go toolchain the first time (it builds `pocketbase/` unless a fresh binary exists).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PocketBase from 'pocketbase';

const SERVER_DIR = fileURLToPath(new URL('../../pocketbase', import.meta.url));
const BUILT = '/tmp/cassette-server-outbox-test';

/** newestGoSource is the modification time of the newest Go source (or go.mod/go.sum) of the server. */
function newestGoSource(dir: string = SERVER_DIR): number {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'app' && !entry.name.startsWith('.') && entry.name !== 'pb_data') newest = Math.max(newest, newestGoSource(path));
		} else if (/\.go$|^go\.(mod|sum)$/.test(entry.name)) {
			newest = Math.max(newest, statSync(path).mtimeMs);
		}
	}
	return newest;
}

/** serverBinary returns a server binary at least as new as the Go sources, building one when needed. */
export function serverBinary(): string {
	const sources = newestGoSource();
	for (const candidate of [join(SERVER_DIR, 'cassette-server'), BUILT]) {
		if (existsSync(candidate) && statSync(candidate).mtimeMs >= sources) return candidate;
	}
	execFileSync('go', ['build', '-o', BUILT, '.'], { cwd: SERVER_DIR, stdio: 'pipe' });
	return BUILT;
}

function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
		});
	});
}

/** TestServer is a running server with a superuser client and a contributor's credentials. */
export interface TestServer {
	url: string;
	/** dir is the server's data directory (SQLite databases and `storage/` with the stored files). */
	dir: string;
	admin: PocketBase;
	user: { email: string; password: string; id: string };
	/** signIn returns a new client signed in as the contributor. */
	signIn(): Promise<PocketBase>;
	stop(): Promise<void>;
}

/** startServer starts the binary and waits for /api/health. */
export async function startServer(): Promise<TestServer> {
	const binary = serverBinary();
	const dir = mkdtempSync(join(tmpdir(), 'cassette-outbox-'));
	const su = { email: 'admin@cassette.test', password: 'admin-password-123' };
	execFileSync(binary, ['superuser', 'upsert', su.email, su.password, '--dir', dir], { stdio: 'pipe' });
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const child: ChildProcess = spawn(binary, ['serve', '--http', `127.0.0.1:${port}`, '--dir', dir], {
		env: { ...process.env, CASSETTE_RATE_LIMITS: 'off' },
		stdio: 'ignore'
	});
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	const stop = async () => {
		if (child.exitCode === null) {
			child.kill('SIGTERM');
			await exited;
		}
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		for (let i = 0; ; i++) {
			if (child.exitCode !== null) throw new Error(`cassette-server exited with ${child.exitCode}`);
			const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
			if (ok) break;
			if (i > 600) throw new Error('cassette-server did not answer /api/health within 60 s');
			await new Promise((r) => setTimeout(r, 100));
		}
		const admin = new PocketBase(url);
		admin.autoCancellation(false);
		await admin.collection('_superusers').authWithPassword(su.email, su.password);
		const user = { email: 'resident@cassette.test', password: 'resident-password-123', id: '' };
		user.id = (
			await admin.collection('users').create({ email: user.email, password: user.password, passwordConfirm: user.password, username: 'resident', verified: true })
		).id;
		const signIn = async () => {
			const pb = new PocketBase(url);
			pb.autoCancellation(false);
			await pb.collection('users').authWithPassword(user.email, user.password);
			return pb;
		};
		return { url, dir, admin, user, signIn, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
