import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** The Go server embeds this folder and serves app, API and dashboard from one port. */
const appDist = 'pocketbase/app/dist';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A single-page app: every client route falls back to index.html, which the Go
		// server serves for unknown paths, and the service worker precaches.
		adapter: adapter({ pages: appDist, assets: appDist, fallback: 'index.html' }),
		alias: { $workers: 'workers' }
	}
};

export default config;
