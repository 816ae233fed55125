import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A single-page app: every client route falls back to index.html, which the Go
		// server serves for unknown paths, and the service worker precaches.
		adapter: adapter({ fallback: 'index.html' }),
		alias: { $workers: 'workers' }
	}
};

export default config;
