#!/usr/bin/env node
// `npm start`: everything a newcomer needs on a fresh clone, in one command. Installs what is
// missing, builds app and server, migrates and seeds the database, starts the mail catcher and
// the server, and prints where everything is.
//
// Environment: CASSETTE_HOST (127.0.0.1), CASSETTE_PORT (8090), CASSETTE_DATA_DIR (.data/pb_data),
// CASSETTE_SMTP_PORT / CASSETTE_INBOX_PORT for the catcher (1025 / 8025); set CASSETTE_SMTP_HOST to
// use a real mail server instead of the catcher.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SERVER_BIN, buildApp, buildServer, ensureGo, ensureNodeModules, step } from './lib/toolchain.js';

const host = process.env.CASSETTE_HOST ?? '127.0.0.1';
const port = Number(process.env.CASSETTE_PORT ?? 8090);
const dataDir = path.resolve(ROOT, process.env.CASSETTE_DATA_DIR ?? '.data/pb_data');
const appUrl = process.env.CASSETTE_APP_URL ?? `http://${host}:${port}`;
const demo = { email: 'demo@cassette.local', password: 'cassette-demo-2026' };

try {
	ensureNodeModules();
	step('Checking Go and downloading the server modules');
	ensureGo();
	buildApp();
	buildServer();
} catch (err) {
	console.error(`\n✖ ${err instanceof Error ? err.message : err}`);
	process.exit(1);
}

const children = [];
let catcher = null;
const env = { ...process.env, CASSETTE_APP_URL: appUrl };

if (!process.env.CASSETTE_SMTP_HOST) {
	step('Starting the local mail catcher');
	// Imported only now: smtp-server is an npm package, installed a few lines above.
	const { startMailCatcher } = await import('./mail-catcher.js');
	catcher = await startMailCatcher({
		smtpPort: Number(process.env.CASSETTE_SMTP_PORT ?? 1025),
		httpPort: Number(process.env.CASSETTE_INBOX_PORT ?? 8025),
		log: (line) => console.log(`[mail] ${line}`)
	}).catch(async (err) => {
		// A port already taken (another catcher running) must not stop the app: pick free ones.
		console.warn(`[mail] ${err.message}; using free ports instead`);
		const { startMailCatcher: again } = await import('./mail-catcher.js');
		return again({ smtpPort: 0, httpPort: 0, log: (line) => console.log(`[mail] ${line}`) });
	});
	Object.assign(env, { CASSETTE_SMTP_HOST: '127.0.0.1', CASSETTE_SMTP_PORT: String(catcher.smtpPort) });
}

mkdirSync(dataDir, { recursive: true });
step('Migrating and seeding the demo data');
const seeded = spawnSync(SERVER_BIN, ['seed', '--dir', dataDir, '--email', demo.email, '--password', demo.password], {
	stdio: 'inherit',
	env
});
if (seeded.status !== 0) {
	console.error('\n✖ Seeding failed (see above).');
	await shutdown(1);
}

step('Starting the server');
const server = spawn(SERVER_BIN, ['serve', '--http', `${host}:${port}`, '--dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env });
children.push(server);
server.stdout.on('data', (d) => process.stdout.write(`[server] ${d}`));
server.stderr.on('data', (d) => process.stderr.write(`[server] ${d}`));
server.on('exit', (code) => {
	console.error(`[server] exited with ${code}`);
	shutdown(code ?? 1);
});

await waitForHealth(`http://${host}:${port}/api/health`);
console.log(`
\x1b[1mCassette is running\x1b[0m
  App:        ${appUrl}/
  Dashboard:  ${appUrl}/_/   (first superuser: ${shown(SERVER_BIN)} superuser upsert you@example.com 'a-long-password' --dir ${shown(dataDir)})
  Demo user:  ${demo.email} / ${demo.password}
  Inbox:      ${catcher ? catcher.inboxUrl : '(real SMTP server configured)'}   (verification and reset emails land here)
  Data:       ${shown(dataDir)}
Press Ctrl+C to stop.
`);

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

/** shown prints a path relative to the repository when it lies inside it, absolute otherwise. */
function shown(p) {
	const rel = path.relative(ROOT, p);
	return rel.startsWith('..') ? p : rel;
}

async function waitForHealth(url) {
	for (let i = 0; i < 150; i++) {
		try {
			const res = await fetch(url);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	console.error(`✖ The server did not answer at ${url}.`);
	await shutdown(1);
}

async function shutdown(code) {
	for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
	await catcher?.close();
	process.exit(code);
}
