#!/usr/bin/env node
// cassette: the CLI entry. `npx cassette` works right after `npm ci`, with no build step: on first
// use (and whenever one of its sources changed) src/cli/main.ts is bundled with esbuild into
// node_modules/.cache/cassette/cli.mjs, and later runs import that bundle. Compiling the TypeScript
// on every run through tsx cost ~250 ms of a ~800 ms `cassette deid` over 300 files. If esbuild
// cannot be loaded or the bundle cannot be built, tsx compiles the sources on the fly as before.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src/cli/main.ts');
const cacheDir = join(root, 'node_modules/.cache/cassette');
const bundle = join(cacheDir, 'cli.mjs');
/** inputsFile lists the bundle's sources (from esbuild's metafile): the only files whose mtimes are checked. */
const inputsFile = join(cacheDir, 'cli-inputs.json');

/** isFresh: the bundle exists and is newer than this file and every source it was built from. */
function isFresh() {
	try {
		const built = statSync(bundle).mtimeMs;
		const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
		// A new import always edits an existing source, so the recorded list is enough to notice it.
		return [fileURLToPath(import.meta.url), ...inputs].every((file) => statSync(join(root, file)).mtimeMs <= built);
	} catch {
		return false; // no bundle yet, or a source was deleted or renamed
	}
}

async function build() {
	const esbuild = await import('esbuild');
	const result = await esbuild.build({
		entryPoints: [entry],
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		// Packages stay in node_modules: the WASM codecs find their .wasm through createRequire
		// from the bundle's own URL, which resolves upwards to node_modules. Vite's `?url` imports
		// only run in the browser, so they stay as (never evaluated) dynamic imports.
		packages: 'external',
		plugins: [{ name: 'vite-url-imports', setup: (b) => b.onResolve({ filter: /\?url$/ }, (args) => ({ path: args.path, external: true })) }],
		absWorkingDir: root,
		metafile: true,
		write: false,
		logLevel: 'silent'
	});
	mkdirSync(cacheDir, { recursive: true });
	// Write then rename, so that a concurrent run never imports a half-written bundle.
	const suffix = `.${process.pid}.tmp`;
	writeFileSync(bundle + suffix, result.outputFiles[0].contents);
	writeFileSync(inputsFile + suffix, JSON.stringify(Object.keys(result.metafile.inputs)));
	renameSync(inputsFile + suffix, inputsFile);
	renameSync(bundle + suffix, bundle);
}

async function loadMain() {
	try {
		if (!isFresh()) await build();
		return (await import(pathToFileURL(bundle).href)).main;
	} catch {
		const { register } = await import('tsx/esm/api');
		register();
		return (await import('../src/cli/main.ts')).main;
	}
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
