/**
 * Vite config of the OCR bench page: the app's OCR worker (workers/ocr.worker.ts, tesseract.js
 * with the app's own core and trained data, served by the app's Vite plugin) driven from a plain
 * page, without SvelteKit.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { ocrLanguageData } from '../../../src/lib/ocr/vite-plugin.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

export default defineConfig({
	root: fileURLToPath(new URL('.', import.meta.url)),
	plugins: [ocrLanguageData()],
	resolve: { alias: { $lib: `${repo}src/lib` } },
	server: { fs: { allow: [repo] }, hmr: false },
	worker: { format: 'es' },
	logLevel: 'warn',
	clearScreen: false
});
