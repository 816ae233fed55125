#!/usr/bin/env node
// `npm test`: every test of the project, from a fresh clone, with no input. Installs what is
// missing (npm packages, Go modules, Debian's Chromium and DICOM reference tools), then runs the
// type checks, Vitest, `go test`, builds app and server, and runs Playwright against the real
// server in Debian's Chromium. Every stage runs even when an earlier one failed, so one run shows
// everything that is broken; the exit code is non-zero when anything failed.
//
// `npm test -- --only vitest,go` runs a subset (stages: check, vitest, go, e2e).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SERVER_DIR, buildApp, buildServer, ensureGo, ensureNodeModules, ensureSystemPackages, step } from './lib/toolchain.js';

const TMP = path.join(ROOT, 'tests', '.tmp');
mkdirSync(TMP, { recursive: true });

const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > -1 ? new Set(process.argv[onlyArg + 1].split(',')) : null;
const wants = (stage) => !only || only.has(stage);

/** @type {{ stage: string, passed: number, failed: number, skipped: number, note?: string }[]} */
const results = [];

try {
	ensureNodeModules();
	ensureSystemPackages();
	step('Checking Go and downloading the server modules');
	ensureGo();
} catch (err) {
	console.error(`\n✖ Setup failed: ${err instanceof Error ? err.message : err}`);
	process.exit(1);
}

if (wants('check')) {
	step('Type checks (paraglide compile, svelte-kit sync, svelte-check: strict TypeScript)');
	const ok = exec('node', ['scripts/paraglide-compile.js']) && exec('npx', ['svelte-kit', 'sync']) && exec('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']);
	results.push({ stage: 'svelte-check', passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
	step('package-lock.json is accepted by `npm ci`');
	const lockOk = exec('node', ['scripts/check-lock.js']);
	results.push({ stage: 'npm ci lock', passed: lockOk ? 1 : 0, failed: lockOk ? 0 : 1, skipped: 0 });
}

if (wants('vitest')) {
	step('Vitest (DICOM engine on real files, app logic)');
	const out = path.join(TMP, 'vitest.json');
	rmSync(out, { force: true });
	exec('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
	results.push(vitestCounts(out));
}

if (wants('go')) {
	step('Go tests (server: API rules, hooks, migrations, serving)');
	results.push(goTest());
}

if (wants('e2e')) {
	let built = true;
	try {
		buildApp();
		buildServer();
	} catch (err) {
		console.error(`✖ ${err instanceof Error ? err.message : err}`);
		built = false;
	}
	if (built) {
		step('Generated PocketBase types match the server schema');
		const typesOk = exec('node', ['scripts/gen-pb-types.js', '--check']);
		results.push({ stage: 'types sync', passed: typesOk ? 1 : 0, failed: typesOk ? 0 : 1, skipped: 0 });
		step('Playwright end-to-end tests (real server, Debian Chromium, desktop and phone)');
		const out = path.join(TMP, 'playwright.json');
		rmSync(out, { force: true });
		exec('npx', ['playwright', 'test', '--reporter=list,json'], { env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out } });
		results.push(playwrightCounts(out));
	} else {
		results.push({ stage: 'playwright', passed: 0, failed: 1, skipped: 0, note: 'build failed' });
	}
}

step('Summary');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const r of results) {
	console.log(`  ${r.stage.padEnd(14)} ${String(r.passed).padStart(5)} passed  ${String(r.failed).padStart(4)} failed  ${String(r.skipped).padStart(3)} skipped${r.note ? `  (${r.note})` : ''}`);
	passed += r.passed;
	failed += r.failed;
	skipped += r.skipped;
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

function exec(cmd, args, options = {}) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
	return r.status === 0;
}

function vitestCounts(file) {
	if (!existsSync(file)) return { stage: 'vitest', passed: 0, failed: 1, skipped: 0, note: 'no report: vitest crashed' };
	const r = JSON.parse(readFileSync(file, 'utf8'));
	// A suite that fails to load (syntax error, missing import) has no tests but is a failure.
	const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
	return {
		stage: 'vitest',
		passed: r.numPassedTests,
		failed: r.numFailedTests + brokenFiles,
		skipped: r.numPendingTests + r.numTodoTests
	};
}

function goTest() {
	const r = spawnSync('go', ['test', '-json', '-count=1', './...'], { cwd: SERVER_DIR, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
	let passed = 0;
	let failed = 0;
	let skipped = 0;
	/** @type {Map<string, string[]>} output of each test, printed only when it fails */
	const output = new Map();
	for (const line of (r.stdout ?? '').split('\n')) {
		if (!line.startsWith('{')) continue;
		const ev = JSON.parse(line);
		const key = `${ev.Package} ${ev.Test ?? ''}`;
		if (ev.Action === 'output') {
			if (!output.has(key)) output.set(key, []);
			output.get(key).push(ev.Output);
			if (!ev.Test && /^(ok|FAIL|\?)\s/.test(ev.Output)) process.stdout.write(ev.Output);
		}
		// Subtests count as tests too: ApiScenario tables are one subtest per scenario.
		if (ev.Test && ev.Action === 'pass') passed++;
		if (ev.Test && ev.Action === 'skip') skipped++;
		if (ev.Action === 'fail') {
			if (ev.Test) failed++;
			process.stdout.write((output.get(key) ?? []).join(''));
		}
	}
	if (r.stderr) process.stderr.write(r.stderr);
	if (r.status !== 0 && failed === 0) failed = 1; // a build failure has no test events
	return { stage: 'go test', passed, failed, skipped };
}

function playwrightCounts(file) {
	if (!existsSync(file)) return { stage: 'playwright', passed: 0, failed: 1, skipped: 0, note: 'no report: playwright crashed' };
	const report = JSON.parse(readFileSync(file, 'utf8'));
	const s = report.stats ?? {};
	// Errors outside tests (globalSetup failing, a spec that does not load) are failures too.
	const errors = (report.errors ?? []).length;
	// A flaky test passed on retry: it counts as passed, and the summary says so.
	return {
		stage: 'playwright',
		passed: (s.expected ?? 0) + (s.flaky ?? 0),
		failed: (s.unexpected ?? 0) + errors,
		skipped: s.skipped ?? 0,
		note: s.flaky ? `${s.flaky} passed only on retry` : undefined
	};
}
