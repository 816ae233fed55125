#!/usr/bin/env node
// cassette: the CLI entry. `npx cassette` works right after `npm ci`, with no build step: on first
// use (and whenever one of its sources changed) src/cli/main.ts is bundled with esbuild into
// node_modules/.cache/cassette/, and later runs load that bundle. If esbuild cannot be loaded or
// the bundle cannot be built, tsx compiles the sources on the fly instead.
//
// Start-up is most of a short command's time, so the bundle is one CommonJS script that V8
// compiles from a code cache (vm.Script cachedData): no module graph to resolve, no source to
// parse. Measured on `cassette deid` over 300 slices: compiling the TypeScript on every run (tsx)
// cost ~250 ms; the split ESM bundle ~20 ms of loading and compiling; this, a few ms.
//
// This entry is CommonJS itself: an ES module entry costs every run Node's ESM loader (~5 ms).
'use strict';
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join, resolve } = require('node:path');
const vm = require('node:vm');

const root = resolve(__dirname, '..');
const cacheDir = join(root, 'node_modules/.cache/cassette');
/** manifestFile names the current bundle (by content hash) and lists its sources (from esbuild's metafile). */
const manifestFile = join(cacheDir, 'manifest.json');
/** STALE_MS: files of an older build are deleted once no run started before the rebuild can still be loading them. */
const STALE_MS = 10 * 60 * 1000;

/** freshManifest returns the manifest when the bundle exists and is newer than this file and every source it was built from. */
function freshManifest() {
	try {
		const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
		const built = statSync(join(cacheDir, manifest.main)).mtimeMs;
		statSync(join(cacheDir, manifest.worker));
		// A new import always edits an existing source, so the recorded list is enough to notice it.
		const fresh = [__filename, ...manifest.inputs].every((file) => statSync(resolve(root, file)).mtimeMs <= built);
		return fresh ? manifest : undefined;
	} catch {
		return undefined; // no bundle yet, or a source was deleted or renamed
	}
}

const bundleOptions = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	// The WASM codecs stay in node_modules: they find their .wasm through createRequire from the
	// bundle's own URL, which resolves upwards to node_modules. So do the ZIP reader and comlink,
	// loaded only when needed. fflate (inflate, for Deflated files) is bundled: required from
	// node_modules it cost every run ~10 ms of compiling, which the code cache now saves.
	external: ['@cornerstonejs/*', 'jpeg-lossless-decoder-js', '@zip.js/zip.js', 'comlink'],
	// Vite's `?url` imports only run in the browser, so they stay as (never evaluated) dynamic imports.
	plugins: [{ name: 'vite-url-imports', setup: (b) => b.onResolve({ filter: /\?url$/ }, (args) => ({ path: args.path, external: true })) }],
	absWorkingDir: root,
	metafile: true,
	write: false,
	logLevel: 'silent'
};

async function build() {
	const esbuild = require('esbuild');
	const { createHash } = require('node:crypto');
	const [main, worker] = await Promise.all([
		esbuild.build({
			...bundleOptions,
			entryPoints: [join(root, 'src/cli/main.ts')],
			outfile: join(cacheDir, 'main.cjs'),
			format: 'cjs',
			// import() becomes require(): code V8 compiles from a cache loses the host's dynamic-import
			// hook in Node 20 ("A dynamic import callback was not specified"). The codecs are CommonJS.
			supported: { 'dynamic-import': false },
			// The sources are ES modules: import.meta.url is the bundle's own URL.
			define: { 'import.meta.url': '__bundleUrl' },
			banner: { js: 'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;' }
		}),
		// The entry of `cassette deid`'s helper threads (src/cli/deid-threads.ts), next to the bundle.
		esbuild.build({ ...bundleOptions, entryPoints: [join(root, 'src/cli/deid-worker.ts')], outfile: join(cacheDir, 'deid-worker.mjs'), format: 'esm' })
	]);
	mkdirSync(cacheDir, { recursive: true });
	// The bundle is named by its content, so its code caches (named after it) can never belong to
	// another build. Every file goes to a temporary name and is renamed, so a concurrent run never
	// reads one half-written; the manifest goes last: until it is renamed, runs load the previous build.
	const code = main.outputFiles[0].contents;
	const name = `main-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.cjs`;
	const suffix = `.${process.pid}.tmp`;
	const put = (file, contents) => {
		writeFileSync(join(cacheDir, file) + suffix, contents);
		renameSync(join(cacheDir, file) + suffix, join(cacheDir, file));
	};
	put(name, code);
	put('deid-worker.mjs', worker.outputFiles[0].contents);
	const inputs = [...new Set([...Object.keys(main.metafile.inputs), ...Object.keys(worker.metafile.inputs)])];
	put('manifest.json', JSON.stringify({ main: name, worker: 'deid-worker.mjs', inputs }));
	for (const file of readdirSync(cacheDir)) {
		const path = join(cacheDir, file);
		if (!file.startsWith(name) && file !== 'deid-worker.mjs' && file !== 'manifest.json' && Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
	}
	return { main: name };
}

/**
 * runBundle runs the CommonJS bundle's `main` with the arguments. V8 compiles it from the code
 * cache of this command when there is one, and writes that cache after the first run (once the
 * command's functions are compiled, so they are in it). V8 itself rejects a cache from another V8
 * version or other flags, which is then simply rewritten.
 */
async function runBundle(file, argv) {
	const path = join(cacheDir, file);
	const command = /^[a-z]+$/.test(argv[0] ?? '') ? argv[0] : 'other';
	const cacheFile = `${path}.${command}.v8cache`;
	const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
	const wrapper = `(function (exports, require, module, __filename, __dirname) {${readFileSync(path, 'utf8')}\n})`;
	const script = new vm.Script(wrapper, {
		filename: path,
		cachedData
	});
	const module = { exports: {} };
	script.runInThisContext()(module.exports, createRequire(path), module, path, cacheDir);
	const code = await module.exports.main(argv);
	if (!cachedData || script.cachedDataRejected) {
		try {
			const temporary = `${cacheFile}.${process.pid}.tmp`;
			writeFileSync(temporary, script.createCachedData());
			renameSync(temporary, cacheFile);
		} catch {
			// A read-only node_modules only costs the next run its compilation.
		}
	}
	return code;
}

async function run(argv) {
	let manifest;
	try {
		manifest = freshManifest() ?? (await build());
	} catch {
		const { register } = await import('tsx/esm/api');
		register();
		return (await import('../src/cli/main.ts')).main(argv);
	}
	return runBundle(manifest.main, argv);
}

run(process.argv.slice(2)).then((code) => {
	process.exitCode = code;
});
