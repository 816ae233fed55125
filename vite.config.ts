import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { paraglideOptions } from './paraglide.config.js';
import { ocrLanguageData } from './src/lib/ocr/vite-plugin.js';

/**
 * keepGitkeep puts back pocketbase/app/dist/.gitkeep, which adapter-static's clean output
 * removes: the Go server's `//go:embed all:dist` needs the folder in a fresh clone.
 */
function keepGitkeep(): Plugin {
	return {
		name: 'cassette:keep-dist-gitkeep',
		apply: 'build',
		closeBundle: {
			order: 'post',
			sequential: true,
			handler() {
				const dist = new URL('./pocketbase/app/dist/', import.meta.url);
				mkdirSync(dist, { recursive: true });
				writeFileSync(new URL('.gitkeep', dist), '');
			}
		}
	};
}

export default defineConfig({
	plugins: [
		paraglideVitePlugin(paraglideOptions),
		sveltekit(),
		SvelteKitPWA({
			registerType: 'prompt',
			// The app registers the worker itself (src/lib/state/pwa-update.svelte.ts) so it
			// can offer a reload prompt when a new version is waiting.
			injectRegister: false,
			// SvelteKit's relative Vite base would register `./sw.js` with scope `./`, which from a
			// deep link (/cases/…, an email's /verify/…) is a 404 or the app shell, never the worker.
			base: '/',
			scope: '/',
			manifest: {
				name: 'Cassette',
				short_name: 'Cassette',
				description:
					'Casos docentes de radiología anonimizados en tu dispositivo. De-identified radiology teaching cases, made on your device.',
				lang: 'es',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				theme_color: '#10212e',
				background_color: '#0b151d',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
				]
			},
			kit: { spa: true, adapterFallback: 'index.html' },
			workbox: {
				globPatterns: ['client/**/*.{js,css,html,svg,png,webmanifest,wasm}', 'client/ocr/lang/*.traineddata.gz', 'client/_app/immutable/assets/icd11-mms*.gz'],
				// Codec wasm (OpenJPEG, CharLS) is several MB and must work offline.
				maximumFileSizeToCacheInBytes: 24 * 1024 * 1024,
				navigateFallback: '/index.html',
				// API calls and the PocketBase dashboard are served by the Go server, never the shell.
				navigateFallbackDenylist: [/^\/api\//, /^\/_\//],
				// Before Workbox's routes: a case page's one request starts with the navigation (static/sw-early-case.js).
				importScripts: ['/sw-early-case.js'],
				cleanupOutdatedCaches: true
			}
		}),
		keepGitkeep(),
		// OCR trained data served by the app (and precached below: `gz`), never from a CDN
		ocrLanguageData()
	],
	worker: { format: 'es' },
	test: {
		include: ['src/**/*.spec.ts', 'workers/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		environment: 'node',
		// DICOM tests read real files and decode large frames: give them room on a busy machine.
		testTimeout: 60_000,
		hookTimeout: 120_000
	}
});
