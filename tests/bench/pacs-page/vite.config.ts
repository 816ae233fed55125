/** Vite config of the PACS bench page: as tests/bench/browser's (the app's modules as in development, $lib, module workers). */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

export default defineConfig({
	root: fileURLToPath(new URL('.', import.meta.url)),
	resolve: { alias: { $lib: `${repo}src/lib` } },
	server: { fs: { allow: [repo] }, hmr: false },
	worker: { format: 'es' },
	logLevel: 'warn',
	clearScreen: false
});
