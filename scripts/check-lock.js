#!/usr/bin/env node
// Checks that `npm ci` accepts package-lock.json, as the issue promises (`npx cassette` right
// after `npm ci`). Our own scripts install with `npm install` (see ensureNodeModules), which
// quietly repairs a lock that `npm ci` rejects: a lock written on one platform can miss another
// platform's optional binaries (it did once: lix-js's, on a registry mirror that lacked them),
// and nothing else would notice. `npm ci --dry-run` in a throw-away folder holding only the
// manifest and the lock validates the lock in a second without touching node_modules.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(tmpdir(), 'cassette-lock-'));
try {
	for (const file of ['package.json', 'package-lock.json']) copyFileSync(path.join(ROOT, file), path.join(dir, file));
	const ci = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
	if (ci.status !== 0) {
		// npm follows the reason with the whole usage text of `npm ci`; keep the reason.
		const lines = `${ci.stderr}`.split('\n').map((line) => line.replace(/^npm error ?/, ''));
		const end = lines.indexOf('Clean install a project');
		const errors = lines.slice(0, end > -1 ? end : 10).filter((line) => line.trim() && !line.startsWith('code '));
		console.error(`✖ npm ci rejects package-lock.json:\n${errors.join('\n')}\nRun \`npm install\` and commit the lock file.`);
		process.exit(1);
	}
	console.log('npm ci accepts package-lock.json');
} finally {
	rmSync(dir, { recursive: true, force: true });
}
