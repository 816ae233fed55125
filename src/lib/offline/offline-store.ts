/**
 * OfflineStore keeps cases readable without network, with the Cache API: one cache per case
 * holding the case bundle (as JSON under a synthetic URL) and its preview JPEGs keyed by their
 * real URLs. A case the reader opens is remembered with the slices they loaded ("opened"; only
 * the most recent few are kept); a case marked "keep offline" gets every preview of every series
 * ("kept") and stays until the reader removes it. Works on any CacheStorage, so tests pass a fake.
 */
import type { InlineSlice } from '$lib/viewer/inline-slices';
import type { FetchSlice } from '$lib/viewer/slice-loader';
import type { CaseBundle } from './case-bundle';

/** OFFLINE_POLICY is the policy, as data. */
export const OFFLINE_POLICY = {
	cachePrefix: 'cassette-case-',
	/** synthetic origin of bundle keys (never fetched) */
	bundleOrigin: 'https://cassette.offline',
	/** opened-but-not-kept cases remembered, newest first */
	recentOpened: 10,
	/** downloads in flight when keeping a case */
	downloadConcurrency: 4
} as const;

/** SaveKind: remembered because the reader opened the case, or because they asked to keep it. */
export type SaveKind = 'opened' | 'kept';

/** SavedCase is one line of the saved-cases list. */
export interface SavedCase {
	id: string;
	title: string;
	kind: SaveKind;
	savedAt: string;
	/** bytes of everything stored for the case (bundle and previews) */
	bytes: number;
	/** previews stored */
	images: number;
}

interface StoredBundle {
	bundle: CaseBundle;
	kind: SaveKind;
	savedAt: string;
}

const cacheName = (id: string) => `${OFFLINE_POLICY.cachePrefix}${id}`;
const bundleUrl = (id: string) => `${OFFLINE_POLICY.bundleOrigin}/cases/${encodeURIComponent(id)}.json`;

/** KeepProgress reports a download: previews stored so far of the total. */
export interface KeepProgress {
	done: number;
	total: number;
}

/** OfflineStore is the offline copy of cases on this device. */
export class OfflineStore {
	readonly #caches: CacheStorage;
	readonly #fetch: typeof fetch;
	readonly #now: () => Date;
	/** #writes settles when the last queued save or removal has (see #serially). */
	#writes: Promise<void> = Promise.resolve();

	constructor(caches: CacheStorage, fetchFn: typeof fetch = (...args) => fetch(...args), now: () => Date = () => new Date()) {
		this.#caches = caches;
		this.#fetch = fetchFn;
		this.#now = now;
	}

	/**
	 * remember stores the bundle of a case the reader opened (or kept), with any slices that came
	 * without a request of their own (the inline first slice); a kept case stays kept.
	 */
	remember(bundle: CaseBundle, kind: SaveKind, slices: readonly InlineSlice[] = []): Promise<void> {
		return this.#serially(() => this.#remember(bundle, kind, slices));
	}

	/**
	 * #serially runs the store's read-modify-write steps one after another. remember reads the
	 * saved entry and writes it back across several awaits: run side by side, the case page's
	 * "opened" and the reader's "keep offline" both read the entry before either wrote, and the
	 * last to write won, so a kept case could come back as merely opened (seen in an e2e run).
	 */
	#serially<T>(step: () => Promise<T>): Promise<T> {
		const result = this.#writes.then(step, step);
		this.#writes = result.then(
			() => {},
			() => {}
		);
		return result;
	}

	async #remember(bundle: CaseBundle, kind: SaveKind, slices: readonly InlineSlice[]): Promise<void> {
		const id = bundle.case.id;
		const previous = await this.stored(id);
		const stored: StoredBundle = {
			// a bundle still waiting for some series' lists never forgets lists saved before
			bundle: previous?.bundle.case.id === id ? { ...bundle, images: { ...previous.bundle.images, ...bundle.images } } : bundle,
			kind: previous?.kind === 'kept' ? 'kept' : kind,
			savedAt: this.#now().toISOString()
		};
		const cache = await this.#caches.open(cacheName(id));
		await cache.put(bundleUrl(id), new Response(JSON.stringify(stored), { headers: { 'content-type': 'application/json' } }));
		for (const slice of slices) await cache.put(slice.url, new Response(slice.blob, { headers: { 'content-type': slice.blob.type || 'image/jpeg' } }));
		if (stored.kind === 'opened') await this.#forgetOldOpened();
	}

	/** stored returns the saved bundle of a case, or null when this device has none. */
	async stored(id: string): Promise<StoredBundle | null> {
		if (!(await this.#caches.has(cacheName(id)))) return null;
		const cache = await this.#caches.open(cacheName(id));
		const response = await cache.match(bundleUrl(id));
		if (!response) return null;
		try {
			return (await response.json()) as StoredBundle;
		} catch {
			return null; // a damaged entry is as good as none
		}
	}

	/**
	 * fetchSlice returns the viewer's slice fetcher for a case: the stored copy when there is one,
	 * else the network, storing what arrives when the case is remembered.
	 */
	fetchSlice(caseId: string): FetchSlice {
		return async (url, signal) => {
			const cached = await this.#caches.match(url);
			if (cached) return cached.blob();
			const response = await this.#fetch(url, { signal });
			if (!response.ok) throw new Error(`slice ${url}: HTTP ${response.status}`);
			const blob = await response.blob();
			if (await this.#caches.has(cacheName(caseId))) {
				const cache = await this.#caches.open(cacheName(caseId));
				await cache.put(url, new Response(blob, { headers: { 'content-type': blob.type || 'image/jpeg' } }));
			}
			return blob;
		};
	}

	/** keep marks a case "keep offline" and downloads every preview not stored yet. */
	async keep(bundle: CaseBundle, urls: readonly string[], options: { signal?: AbortSignal; onProgress?: (p: KeepProgress) => void } = {}): Promise<void> {
		await this.remember(bundle, 'kept');
		const cache = await this.#caches.open(cacheName(bundle.case.id));
		const queue = [...urls];
		let done = 0;
		const report = () => options.onProgress?.({ done, total: urls.length });
		report();
		const worker = async () => {
			for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
				options.signal?.throwIfAborted();
				if (!(await cache.match(url))) {
					const response = await this.#fetch(url, { signal: options.signal });
					if (!response.ok) throw new Error(`preview ${url}: HTTP ${response.status}`);
					await cache.put(url, response);
				}
				done++;
				report();
			}
		};
		await Promise.all(Array.from({ length: OFFLINE_POLICY.downloadConcurrency }, worker));
	}

	/** remove deletes everything stored for a case (after any save of it under way). */
	remove(id: string): Promise<void> {
		return this.#serially(() => this.#remove(id));
	}

	async #remove(id: string): Promise<void> {
		await this.#caches.delete(cacheName(id));
	}

	/** saved returns the id and title of every saved case, without reading its previews. */
	async saved(): Promise<{ id: string; title: string }[]> {
		return (await this.#entries()).map(({ id, stored }) => ({ id, title: stored.bundle.case.title }));
	}

	/** list returns the saved cases, newest first, with the bytes each uses. */
	async list(): Promise<SavedCase[]> {
		const saved: SavedCase[] = [];
		for (const { id, stored } of await this.#entries()) {
			const cache = await this.#caches.open(cacheName(id));
			let bytes = 0;
			let images = 0;
			for (const request of await cache.keys()) {
				const response = await cache.match(request);
				if (!response) continue;
				bytes += (await response.blob()).size;
				if (!request.url.startsWith(OFFLINE_POLICY.bundleOrigin)) images++;
			}
			saved.push({ id, title: stored.bundle.case.title, kind: stored.kind, savedAt: stored.savedAt, bytes, images });
		}
		return saved.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
	}

	async #entries(): Promise<{ id: string; stored: StoredBundle }[]> {
		const entries: { id: string; stored: StoredBundle }[] = [];
		for (const name of await this.#caches.keys()) {
			if (!name.startsWith(OFFLINE_POLICY.cachePrefix)) continue;
			const id = name.slice(OFFLINE_POLICY.cachePrefix.length);
			const stored = await this.stored(id);
			if (stored) entries.push({ id, stored });
		}
		return entries;
	}

	async #forgetOldOpened(): Promise<void> {
		const opened = (await this.#entries())
			.filter((e) => e.stored.kind === 'opened')
			.sort((a, b) => b.stored.savedAt.localeCompare(a.stored.savedAt));
		// Already inside #serially (from #remember): the public remove would wait for itself.
		for (const old of opened.slice(OFFLINE_POLICY.recentOpened)) await this.#remove(old.id);
	}
}

/** offlineStore is the app's store, or null where the Cache API is missing (insecure origins, old browsers). */
export const offlineStore: OfflineStore | null = typeof caches === 'undefined' ? null : new OfflineStore(caches);
