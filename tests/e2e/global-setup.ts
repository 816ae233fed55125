// Starts what the e2e suite runs against and stops it afterwards: the lead's mail catcher and
// the real cassette-server (with the built app embedded) on free ports, with a fresh data dir
// and the demo content seeded. It builds nothing: `npm test` builds app and server first.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEMO } from './env';
import { startE2ePacs } from '../pacs/e2e-pacs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVER_BIN = path.join(ROOT, 'pocketbase', 'cassette-server');
const APP_INDEX = path.join(ROOT, 'pocketbase', 'app', 'dist', 'index.html');
const MAIL_CATCHER = path.join(ROOT, 'scripts', 'mail-catcher.js');

/** MailCatcher is the part of scripts/mail-catcher.js's startMailCatcher result used here. */
interface MailCatcher {
	smtpPort: number;
	httpPort: number;
	close(): Promise<void>;
}

/**
 * startMailCatcher loads the lead's catcher by URL: a plain import would pull the untyped
 * script into this project's strict type check.
 */
async function startMailCatcher(options: { smtpPort: number; httpPort: number }): Promise<MailCatcher> {
	const module: { startMailCatcher(o: typeof options): Promise<MailCatcher> } = await import(pathToFileURL(MAIL_CATCHER).href);
	return module.startMailCatcher(options);
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

async function waitForHealth(url: string, server: ChildProcess, log: () => string): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (server.exitCode !== null) throw new Error(`cassette-server exited with ${server.exitCode}:\n${log()}`);
		try {
			const res = await fetch(`${url}/api/health`);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`cassette-server did not answer ${url}/api/health within 60 s:\n${log()}`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
	if (!existsSync(SERVER_BIN)) {
		throw new Error(`${SERVER_BIN} is missing. Build it first: cd pocketbase && go build -o cassette-server . (npm test does this).`);
	}
	if (!existsSync(APP_INDEX)) {
		throw new Error(`${APP_INDEX} is missing. Build the app first: npx vite build, then rebuild the server so it embeds the app.`);
	}
	const dataDir = mkdtempSync(path.join(tmpdir(), 'cassette-e2e-'));
	const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	// the test PACS and research archive, configured on the server as a deployment would (README)
	const pacs = await startE2ePacs(url);
	const env = {
		...process.env,
		...pacs.serverEnv,
		CASSETTE_APP_URL: url,
		CASSETTE_SMTP_HOST: '127.0.0.1',
		CASSETTE_SMTP_PORT: String(catcher.smtpPort),
		// The suite signs up and signs in many accounts from one address within a minute.
		CASSETTE_RATE_LIMITS: 'off'
	};

	const seeded = spawnSync(SERVER_BIN, ['seed', '--dir', dataDir, '--email', DEMO.email, '--password', DEMO.password], { env, encoding: 'utf8' });
	if (seeded.status !== 0) throw new Error(`cassette-server seed failed:\n${seeded.stdout}\n${seeded.stderr}`);

	let output = '';
	const server = spawn(SERVER_BIN, ['serve', '--http', `127.0.0.1:${port}`, '--dir', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
	server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
	await waitForHealth(url, server, () => output).catch(async (error) => {
		server.kill('SIGTERM');
		await pacs.stop();
		throw error;
	});

	// Workers inherit the environment of the process that ran global setup.
	process.env.CASSETTE_E2E_URL = url;
	process.env.CASSETTE_E2E_INBOX = `http://127.0.0.1:${catcher.httpPort}`;
	// Upload tests scan what the server wrote (SQLite and stored files), not only what its API returns.
	process.env.CASSETTE_E2E_DATA_DIR = dataDir;

	return async () => {
		server.kill('SIGTERM');
		await new Promise((r) => (server.exitCode !== null ? r(undefined) : server.once('exit', r)));
		await catcher.close();
		await pacs.stop();
		rmSync(dataDir, { recursive: true, force: true });
	};
}
