import { describe, expect, it } from 'vitest';
import { SliceLoader } from './slice-loader';

/** FakeBitmap stands in for ImageBitmap under Node: it records close(). */
class FakeBitmap {
	closed = false;
	constructor(readonly index: number) {}
	close(): void {
		this.closed = true;
	}
}

function deferred<T>() {
	let resolve!: (v: T) => void;
	let reject!: (e: unknown) => void;
	const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
	return { promise, resolve, reject };
}

const urls = (n: number) => Array.from({ length: n }, (_, i) => `/api/files/images/r${i}/s${i}.jpg`);
const indexOf = (url: string) => Number(/\/r(\d+)\//.exec(url)?.[1]);
const settle = () => new Promise((r) => setTimeout(r, 0));

function harness(n: number, options: { radius?: number; fetchConcurrency?: number; failing?: Set<number> } = {}) {
	const fetched: number[] = [];
	const pending = new Map<number, ReturnType<typeof deferred<Blob>>>();
	const bitmaps: FakeBitmap[] = [];
	const progress: number[] = [];
	const loader = new SliceLoader(urls(n), {
		onFetched: (fetched) => progress.push(fetched),
		fetchConcurrency: options.fetchConcurrency ?? 2,
		decodeConcurrency: 2,
		decodedRadius: options.radius,
		fetchSlice: (url) => {
			const i = indexOf(url);
			fetched.push(i);
			const d = deferred<Blob>();
			pending.set(i, d);
			return d.promise;
		},
		decode: async (blob) => {
			const i = Number(await blob.text());
			if (options.failing?.has(i)) throw new Error(`corrupt JPEG ${i}`);
			const b = new FakeBitmap(i);
			bitmaps.push(b);
			return b as unknown as ImageBitmap;
		}
	});
	/** answer resolves every fetch in flight, repeatedly, until nothing is pending. */
	const answerAll = async () => {
		for (let rounds = 0; rounds < 1000 && pending.size > 0; rounds++) {
			for (const [i, d] of [...pending]) {
				pending.delete(i);
				d.resolve(new Blob([String(i)]));
			}
			await settle();
			await settle();
		}
	};
	return { loader, fetched, pending, bitmaps, progress, answerAll };
}

describe('SliceLoader', () => {
	it('fetches the current slice first, then outward ahead of the direction, never more than the limit at once', async () => {
		const h = harness(20, { fetchConcurrency: 2 });
		h.loader.focus(10, -1);
		// the current slice alone until its bytes arrive
		expect(h.fetched).toEqual([10]);
		h.pending.get(10)!.resolve(new Blob(['10']));
		h.pending.delete(10);
		await settle();
		expect(h.fetched).toEqual([10, 9, 8]);
		expect(h.pending.size).toBe(2);
		await h.answerAll();
		expect(h.fetched.slice(0, 6)).toEqual([10, 9, 8, 7, 11, 6]);
		expect(new Set(h.fetched).size).toBe(20);
		expect(h.loader.fetchedCount).toBe(20);
		expect(h.loader.decodedCount).toBe(20);
		expect(h.loader.status(0)).toBe('decoded');
	});

	it('decodes the first slice alone: no neighbour is fetched or decoded before a picture is on screen', async () => {
		const decodes: number[] = [];
		const first = deferred<ImageBitmap>();
		const fetched: number[] = [];
		const loader = new SliceLoader(urls(10), {
			fetchSlice: async (url) => {
				fetched.push(indexOf(url));
				return new Blob([String(indexOf(url))]);
			},
			decode: async (blob) => {
				const i = Number(await blob.text());
				decodes.push(i);
				return i === 4 ? first.promise : (new FakeBitmap(i) as unknown as ImageBitmap);
			}
		});
		loader.focus(4);
		await settle();
		expect(fetched).toEqual([4]);
		expect(decodes).toEqual([4]);
		first.resolve(new FakeBitmap(4) as unknown as ImageBitmap);
		await settle();
		await settle();
		expect(fetched.length).toBeGreaterThan(1);
		expect(loader.status(4)).toBe('decoded');
		loader.destroy();
	});

	it('never has more fetches in flight than the limit while the reader scrolls over unloaded slices', () => {
		const h = harness(100, { fetchConcurrency: 3 });
		for (let i = 0; i < 50; i++) h.loader.focus(i);
		expect(h.pending.size).toBe(3);
		expect(h.fetched).toEqual([0, 1, 2]);
	});

	it('keeps only the decoded window around the current slice and re-decodes from cached bytes without fetching again', async () => {
		const h = harness(100, { radius: 5, fetchConcurrency: 6 });
		h.loader.focus(0);
		await h.answerAll();
		expect(h.loader.fetchedCount).toBe(100);
		// progress counts every slice's bytes, also those outside the decoded window
		expect(h.progress.at(-1)).toBe(100);
		expect(h.loader.decodedCount).toBe(6);
		const first = h.bitmaps.filter((b) => b.index <= 5);
		h.loader.focus(50);
		expect(h.loader.bitmap(0)).toBeUndefined();
		await settle();
		expect(first.every((b) => b.closed)).toBe(true);
		await h.answerAll();
		for (let i = 0; i < 10; i++) await settle();
		expect(h.loader.decodedCount).toBe(11);
		expect(h.loader.status(50)).toBe('decoded');
		expect(h.loader.status(0)).toBe('fetched');
		expect(h.fetched.length).toBe(100);
	});

	it('shows the nearest decoded slice while the current one loads', async () => {
		const h = harness(10, { radius: 1 });
		h.loader.focus(3);
		await h.answerAll();
		expect(h.loader.nearest(3)?.index).toBe(3);
		h.loader.focus(7);
		expect(h.loader.bitmap(3)).toBeUndefined();
		expect(h.loader.nearest(7)).toBeUndefined();
		for (let i = 0; i < 5; i++) await settle();
		expect(h.loader.nearest(9)?.index).toBe(8);
	});

	it('reports a failed slice with its reason and keeps loading the others; retry tries again', async () => {
		const failing = new Set([4]);
		const h = harness(8, { failing });
		h.loader.focus(0);
		await h.answerAll();
		for (let i = 0; i < 5; i++) await settle();
		expect(h.loader.status(4)).toBe('failed');
		expect(h.loader.error(4)).toBe('corrupt JPEG 4');
		expect(h.loader.status(7)).toBe('decoded');
		failing.clear();
		h.loader.retry();
		for (let i = 0; i < 5; i++) await settle();
		expect(h.loader.status(4)).toBe('decoded');
	});

	it('closes every bitmap and ignores late answers after destroy', async () => {
		const h = harness(4, { fetchConcurrency: 4 });
		h.loader.focus(0);
		const [zero] = [h.pending.get(0)!];
		h.pending.delete(0);
		zero.resolve(new Blob(['0']));
		for (let i = 0; i < 5; i++) await settle();
		h.loader.destroy();
		expect(h.bitmaps.every((b) => b.closed)).toBe(true);
		await h.answerAll();
		expect(h.loader.decodedCount).toBe(0);
	});
});
