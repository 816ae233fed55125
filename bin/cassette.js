#!/usr/bin/env node
// cassette: the CLI entry. `npx cassette` works right after `npm ci`, with no build step: on first
// use (and whenever one of its sources changed) src/cli/main.ts is bundled with esbuild into
// node_modules/.cache/cassette/, and later runs import that bundle. Compiling the TypeScript on
// every run through tsx cost ~250 ms of a ~800 ms `cassette deid` over 300 files. If esbuild cannot
// be loaded or the bundle cannot be built, tsx compiles the sources on the fly as before.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, 'node_modules/.cache/cassette');
const entry = join(cacheDir, 'main.mjs');
/** inputsFile lists the bundle's sources (from esbuild's metafile): the only files whose mtimes are checked. */
const inputsFile = join(cacheDir, 'inputs.json');
const workerEntry = join(cacheDir, 'deid-worker.mjs');
/** STALE_CHUNK_MS: chunks of an older build are deleted once no run started before the rebuild can still be loading them. */
const STALE_CHUNK_MS = 10 * 60 * 1000;

/** isFresh: the bundle exists and is newer than this file and every source it was built from. */
function isFresh() {
	try {
		const built = statSync(entry).mtimeMs;
		statSync(workerEntry); // a bundle from before the helper threads has none
		const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
		// A new import always edits an existing source, so the recorded list is enough to notice it.
		return [fileURLToPath(import.meta.url), ...inputs].every((file) => statSync(resolve(root, file)).mtimeMs <= built);
	} catch {
		return false; // no bundle yet, or a source was deleted or renamed
	}
}

async function build() {
	const esbuild = await import('esbuild');
	const result = await esbuild.build({
		// deid-worker is the entry of `cassette deid`'s helper threads (src/cli/deid-threads.ts).
		entryPoints: [join(root, 'src/cli/main.ts'), join(root, 'src/cli/deid-worker.ts')],
		bundle: true,
		// Code splitting keeps main.ts's lazy `import('./deid')` lazy: `deid` loads neither the
		// renderer nor the ZIP reader (zip.js and fflate alone cost ~60 ms to load).
		splitting: true,
		outdir: cacheDir,
		entryNames: '[name]',
		chunkNames: '[name]-[hash]',
		outExtension: { '.js': '.mjs' },
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
	// Every file is written to a temporary name and renamed, so a concurrent run never reads one
	// half-written; chunk names carry a content hash, so an existing chunk is already right. The
	// entry goes last: until it is renamed, runs keep importing the previous build.
	const written = new Set();
	const suffix = `.${process.pid}.tmp`;
	const put = (path, contents) => {
		writeFileSync(path + suffix, contents);
		renameSync(path + suffix, path);
	};
	for (const file of result.outputFiles) {
		written.add(basename(file.path));
		// Entry points keep their names from build to build: always rewrite them.
		if (file.path !== entry && (!existsSync(file.path) || file.path === workerEntry)) put(file.path, file.contents);
	}
	put(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
	put(entry, result.outputFiles.find((file) => file.path === entry).contents);
	for (const name of readdirSync(cacheDir)) {
		const path = join(cacheDir, name);
		if (name.endsWith('.mjs') && !written.has(name) && Date.now() - statSync(path).mtimeMs > STALE_CHUNK_MS) rmSync(path, { force: true });
	}
}

async function loadMain() {
	try {
		if (!isFresh()) await build();
		return (await import(pathToFileURL(entry).href)).main;
	} catch {
		const { register } = await import('tsx/esm/api');
		register();
		return (await import('../src/cli/main.ts')).main;
	}
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
