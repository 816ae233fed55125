/**
 * Vite config of the bench page: the app's modules served as they are in development, with
 * $lib pointing at src/lib and module workers, without SvelteKit (the page is plain TypeScript).
 */
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
