import { describe, expect, it } from 'vitest';
import type { CaseBundle } from './case-bundle';
import { allPreviewUrls, groupImages, previewUrls } from './case-bundle';
import { dropUnpublished } from './drop-unpublished';
import { OFFLINE_POLICY, OfflineStore } from './offline-store';

/**
 * memory-caches: a CacheStorage kept in memory, for specs under Node (which has Request and
 * Response but no Cache API). Only what OfflineStore uses: open, has, delete, keys, match, and a
 * cache's put, match and keys.
 */
const keyOf = (request: RequestInfo | URL) => (typeof request === 'string' ? request : request instanceof URL ? request.href : request.url);

class MemoryCache {
	readonly entries = new Map<string, { body: ArrayBuffer; type: string }>();

	async put(request: RequestInfo | URL, response: Response): Promise<void> {
		this.entries.set(keyOf(request), { body: await response.arrayBuffer(), type: response.headers.get('content-type') ?? '' });
	}

	async match(request: RequestInfo | URL): Promise<Response | undefined> {
		const entry = this.entries.get(keyOf(request));
		return entry ? new Response(entry.body.slice(0), { headers: { 'content-type': entry.type } }) : undefined;
	}

	async keys(): Promise<Request[]> {
		return [...this.entries.keys()].map((url) => new Request(url));
	}
}

/** memoryCaches returns a fresh in-memory CacheStorage. */
function memoryCaches(): CacheStorage {
	const caches = new Map<string, MemoryCache>();
	const storage = {
		async open(name: string) {
			let cache = caches.get(name);
			if (!cache) caches.set(name, (cache = new MemoryCache()));
			return cache;
		},
		async has(name: string) {
			return caches.has(name);
		},
		async delete(name: string) {
			return caches.delete(name);
		},
		async keys() {
			return [...caches.keys()];
		},
		async match(request: RequestInfo | URL) {
			for (const cache of caches.values()) {
				const hit = await cache.match(request);
				if (hit) return hit;
			}
			return undefined;
		}
	};
	return storage as unknown as CacheStorage;
}

const url = (seriesId: string, i: number) => `http://127.0.0.1:8090/api/files/images/${seriesId}-${i}/slice_${i}.jpg`;

function bundle(id: string, slices = 3): CaseBundle {
	const series = [{ id: `${id}-ax`, case: id, order: 0 }, { id: `${id}-co`, case: id, order: 1 }] as CaseBundle['series'];
	const images = series.flatMap((s) =>
		// listed in reverse, as a server could return them
		Array.from({ length: slices }, (_, k) => slices - 1 - k).map((i) => ({ id: `${s.id}-${i}`, collectionId: 'img', collectionName: 'images', series: s.id, index: i, preview: `slice_${i}.jpg` }))
	);
	return { case: { id, title: `Case ${id}` } as CaseBundle['case'], author: null, series, images: groupImages(series, images) };
}

const fileUrl = (record: { id: string }, filename: string) => `http://127.0.0.1:8090/api/files/images/${record.id}/${filename}`;

/** network serves every URL as a small JPEG-typed body, counting requests; online can be switched off. */
function network() {
	const state = { online: true, requests: [] as string[] };
	const fetchFn = (async (input: RequestInfo | URL) => {
		const u = String(input);
		state.requests.push(u);
		if (!state.online) throw new TypeError('Failed to fetch');
		if (u.includes('missing')) return new Response('no', { status: 404 });
		return new Response(new Blob([`jpeg:${u}`], { type: 'image/jpeg' }));
	}) as typeof fetch;
	return { state, fetchFn };
}

describe('case bundle', () => {
	it('groups images per series in index order without touching the input', () => {
		const b = bundle('c1');
		expect(b.images['c1-ax']?.map((i) => i.index)).toEqual([0, 1, 2]);
		expect(previewUrls(b, 'c1-ax', fileUrl)).toEqual([0, 1, 2].map((i) => url('c1-ax', i)));
		expect(previewUrls(b, 'nope', fileUrl)).toEqual([]);
		expect(allPreviewUrls(b, fileUrl)).toHaveLength(6);
	});
});

describe('OfflineStore', () => {
	it('serves an opened case and the slices the reader loaded without network', async () => {
		const net = network();
		const store = new OfflineStore(memoryCaches(), net.fetchFn);
		const b = bundle('c1');
		await store.remember(b, 'opened');
		const fetchSlice = store.fetchSlice('c1');
		const first = await fetchSlice(url('c1-ax', 0), new AbortController().signal);
		net.state.online = false;
		expect(await (await fetchSlice(url('c1-ax', 0), new AbortController().signal)).text()).toBe(await first.text());
		await expect(fetchSlice(url('c1-ax', 1), new AbortController().signal)).rejects.toThrow('Failed to fetch');
		expect((await store.stored('c1'))?.bundle.case.title).toBe('Case c1');
	});

	it('stores the slices that came inline with the bundle, so they open without any request', async () => {
		const net = network();
		const store = new OfflineStore(memoryCaches(), net.fetchFn);
		await store.remember(bundle('c4'), 'opened', [{ url: url('c4-ax', 0), blob: new Blob(['inline'], { type: 'image/jpeg' }) }]);
		net.state.online = false;
		const blob = await store.fetchSlice('c4')(url('c4-ax', 0), new AbortController().signal);
		expect(await blob.text()).toBe('inline');
		expect(blob.type).toBe('image/jpeg');
		expect(net.state.requests).toEqual([]);
	});

	it('keeps the series lists it has when a bundle still missing some is remembered again', async () => {
		const store = new OfflineStore(memoryCaches(), network().fetchFn);
		const whole = bundle('c5');
		await store.keep(whole, []);
		await store.remember({ ...whole, images: { 'c5-ax': whole.images['c5-ax'] } }, 'opened');
		const saved = await store.stored('c5');
		expect(Object.keys(saved?.bundle.images ?? {}).sort()).toEqual(['c5-ax', 'c5-co']);
		expect(saved?.kind).toBe('kept');
	});

	it('keeps a case kept while the page is still remembering it as opened (no lost update)', async () => {
		const store = new OfflineStore(memoryCaches(), network().fetchFn);
		const whole = bundle('c6');
		// The case page remembers the bundle as opened, the reader taps "keep offline", and the
		// page remembers the completed bundle: all at once, as on a slow phone.
		await Promise.all([store.remember({ ...whole, images: { 'c6-ax': whole.images['c6-ax'] } }, 'opened'), store.keep(whole, []), store.remember(whole, 'opened')]);
		const saved = await store.stored('c6');
		expect(saved?.kind).toBe('kept');
		expect(Object.keys(saved?.bundle.images ?? {}).sort()).toEqual(['c6-ax', 'c6-co']);
	});

	it('does not store slices of a case that is not remembered', async () => {
		const net = network();
		const caches = memoryCaches();
		const store = new OfflineStore(caches, net.fetchFn);
		await store.fetchSlice('c9')(url('c9-ax', 0), new AbortController().signal);
		expect(await caches.keys()).toEqual([]);
	});

	it('keeps every preview of a kept case, reports progress, and lists it with its size', async () => {
		const net = network();
		const store = new OfflineStore(memoryCaches(), net.fetchFn);
		const b = bundle('c2', 4);
		const progress: number[] = [];
		await store.keep(b, allPreviewUrls(b, fileUrl), { onProgress: (p) => progress.push(p.done) });
		expect(progress.at(-1)).toBe(8);
		const [saved] = await store.list();
		expect(saved).toMatchObject({ id: 'c2', title: 'Case c2', kind: 'kept', images: 8 });
		expect(saved.bytes).toBeGreaterThan(8 * 'jpeg:'.length);
		net.state.online = false;
		const blob = await store.fetchSlice('c2')(url('c2-co', 3), new AbortController().signal);
		expect(await blob.text()).toBe(`jpeg:${url('c2-co', 3)}`);
		// opening a kept case again does not demote it
		await store.remember(b, 'opened');
		expect((await store.stored('c2'))?.kind).toBe('kept');
	});

	it('fails a keep on a missing preview with the URL and status', async () => {
		const net = network();
		const store = new OfflineStore(memoryCaches(), net.fetchFn);
		await expect(store.keep(bundle('c3'), ['http://x/missing.jpg'])).rejects.toThrow('HTTP 404');
	});

	it('forgets the oldest opened cases beyond the limit but never kept ones; remove deletes a case', async () => {
		const net = network();
		let t = Date.UTC(2026, 0, 1);
		const store = new OfflineStore(memoryCaches(), net.fetchFn, () => new Date((t += 1000)));
		await store.keep(bundle('kept'), []);
		for (let i = 0; i < OFFLINE_POLICY.recentOpened + 2; i++) await store.remember(bundle(`o${i}`), 'opened');
		const ids = (await store.list()).map((c) => c.id);
		expect(ids).toHaveLength(OFFLINE_POLICY.recentOpened + 1);
		expect(ids).toContain('kept');
		expect(ids).not.toContain('o0');
		expect(ids).not.toContain('o1');
		expect(ids[0]).toBe(`o${OFFLINE_POLICY.recentOpened + 1}`);
		await store.remove('kept');
		expect(await store.stored('kept')).toBeNull();
	});

	it('drops every stored byte of a kept case that is no longer published, and keeps the others', async () => {
		const net = network();
		const store = new OfflineStore(memoryCaches(), net.fetchFn);
		await store.keep(bundle('gone'), allPreviewUrls(bundle('gone'), fileUrl));
		await store.keep(bundle('here'), allPreviewUrls(bundle('here'), fileUrl));
		expect((await store.saved()).map((s) => s.id).sort()).toEqual(['gone', 'here']);
		const dropped = await dropUnpublished(store, async () => new Set(['here']));
		expect(dropped).toEqual(['Case gone']);
		expect(await store.stored('gone')).toBeNull();
		net.state.online = false;
		await expect(store.fetchSlice('gone')(url('gone-ax', 0), new AbortController().signal)).rejects.toThrow();
		expect(await store.stored('here')).not.toBeNull();
	});
});
