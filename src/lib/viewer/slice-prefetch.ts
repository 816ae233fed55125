/**
 * SlicePrefetch starts fetching a slice before the viewer exists (the case page knows the first
 * slice's URL while the rest of the page is still loading and rendering) and hands the same
 * request to the viewer's loader, so the bytes are never fetched twice.
 */
import type { FetchSlice } from './slice-loader';

/** SlicePrefetch wraps a FetchSlice with requests started ahead of time. */
export class SlicePrefetch {
	readonly #fetch: FetchSlice;
	readonly #pending = new Map<string, Promise<Blob>>();

	constructor(fetchSlice: FetchSlice) {
		this.#fetch = fetchSlice;
	}

	/** start begins fetching url now (once). */
	start(url: string): void {
		if (this.#pending.has(url)) return;
		const request = this.#fetch(url, new AbortController().signal);
		// a failure is reported when the viewer asks for the slice, not as an unhandled rejection
		request.catch(() => {});
		this.#pending.set(url, request);
	}

	/** fetchSlice is the FetchSlice to give the viewer: a started request is handed over, anything else is fetched. */
	readonly fetchSlice: FetchSlice = (url, signal) => {
		const started = this.#pending.get(url);
		if (!started) return this.#fetch(url, signal);
		this.#pending.delete(url);
		return started;
	};
}
