// sw-early-case: imported by the service worker (vite.config.ts, workbox importScripts) before
// Workbox's own routes. When a returning reader opens /cases/<id>, the worker starts that case's one
// request (GET /api/cassette/cases/<id>/bundle) as it answers the navigation, instead of waiting
// until the page has been parsed and its script asks (src/app.html): on a slow network the request
// is most of the wait, and a phone takes 100–200 ms to get from the navigation to that script.
// The page's own request for the same URL, from the page that navigation made, gets that response;
// any other request goes to the network as before. Same origin, no credentials: the page's request
// is a guest's too (src/lib/pocketbase/case-bundle-api.ts), so the answer is the same.
'use strict';

(function () {
	var CASE_PAGE = /^\/cases\/([a-z0-9]{15})\/?$/;
	/** A response waits at most this long for its page; a page that never asks leaves nothing behind. */
	var KEEP_MS = 20000;
	/** early: the bundle URL → { client: the id of the page the navigation makes, response: Promise<Response> }. */
	var early = new Map();

	self.addEventListener('fetch', function (event) {
		var request = event.request;
		if (request.method !== 'GET') return;
		var url = new URL(request.url);
		if (url.origin !== self.location.origin) return;
		if (request.mode === 'navigate') {
			var match = CASE_PAGE.exec(url.pathname);
			// resultingClientId names the page this navigation makes (empty where a browser lacks it)
			if (!match || !event.resultingClientId) return;
			var bundle = new URL('/api/cassette/cases/' + match[1] + '/bundle', self.location.origin).href;
			var response = fetch(bundle, { credentials: 'omit' });
			var entry = { client: event.resultingClientId, response: response };
			early.set(bundle, entry);
			// Workbox answers the navigation with the app shell; this only keeps the worker alive for the request.
			event.waitUntil(
				response.then(
					function () {},
					function () {}
				)
			);
			setTimeout(function () {
				if (early.get(bundle) === entry) early.delete(bundle);
			}, KEEP_MS);
			return;
		}
		var found = early.get(request.url);
		if (!found || found.client !== event.clientId) return;
		early.delete(request.url);
		// If the early request failed (offline, a dropped connection), the page's own goes out, so
		// it fails or succeeds exactly as it would have without this file.
		event.respondWith(
			found.response.catch(function () {
				return fetch(request);
			})
		);
	});
})();
