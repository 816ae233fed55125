// Cassette is a client-side app: PHI handling, IndexedDB and workers only exist in the browser.
export const ssr = false;
export const prerender = false;
