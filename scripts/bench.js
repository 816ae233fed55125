#!/usr/bin/env node
// bench: `npm run bench [-- --slices N --runs R --skip-browser --skip-viewer]`. Prints one table
// comparing Cassette with gdcmanon and dcmjs (de-identification), its import pipeline in Chromium
// (from files, and from a PACS over DICOMweb: CASSETTE_BENCH_SKIP_PACS=1 skips that),
// and the stack viewer against preloaded <img> (needs the built server, pocketbase/cassette-server).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

// The Chromium bench page is built by Vite with the app's tsconfig, which extends SvelteKit's
// generated one: on a fresh clone that only exists after `svelte-kit sync`.
if (!existsSync(new URL('../.svelte-kit/tsconfig.json', import.meta.url))) {
	spawnSync('npx', ['svelte-kit', 'sync'], { cwd: new URL('..', import.meta.url), stdio: 'inherit' });
}
register();
await import('../tests/bench/run.ts');
if (!process.env.CASSETTE_BENCH_SKIP_PACS) await import('../tests/bench/pacs-run.ts');
if (!process.env.CASSETTE_BENCH_SKIP_LOAD) await import('../tests/bench/load/run.ts');
if (!process.env.CASSETTE_BENCH_SKIP_EXPORT) await import('../tests/bench/export-run.ts');
if (!process.env.CASSETTE_BENCH_SKIP_OCR) await import('../tests/bench/ocr-run.ts');
