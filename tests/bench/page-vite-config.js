/**
 * The Vite config of the benchmark pages (tests/bench/browser, pacs-page, ocr): the app's modules
 * served as they are in development, with $lib pointing at src/lib and module workers, without
 * SvelteKit (each page is plain TypeScript driven by its harness). Plain JavaScript with an
 * explicit extension, like src/lib/ocr/vite-plugin.js: Vite config files import it.
 */
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/**
 * benchPageConfig serves the page in `pageDir` (its index.html and main.ts) with the app's sources.
 * @param {URL} pageDir
 * @param {import('vite').PluginOption[]} [plugins]
 * @returns {import('vite').UserConfig}
 */
export function benchPageConfig(pageDir, plugins = []) {
	return {
		root: fileURLToPath(pageDir),
		plugins,
		resolve: { alias: { $lib: `${repo}src/lib` } },
		server: { fs: { allow: [repo] }, hmr: false },
		worker: { format: 'es' },
		logLevel: 'warn',
		clearScreen: false
	};
}
