/**
 * SliceLoader fetches and decodes the slices of one series for the viewer. The current slice
 * comes first; the rest load outward from it, ahead of the scroll direction first (loadOrder), with
 * a bounded number of fetches and decodes in flight. Decoding is `createImageBitmap(blob)`, which
 * browsers run off the main thread, so a scroll frame only ever draws a ready bitmap. Compressed
 * JPEG bytes (small) stay cached for the life of the loader; decoded bitmaps (large) are kept only
 * within `decodedRadius` of the current slice and closed outside it, so memory stays bounded on
 * phones while re-decoding a slice never touches the network.
 */
import { keepWindow, loadOrder } from './view-math';

/** FetchSlice returns the bytes of a slice URL; the default is `fetch`, the offline module passes a cache-aware one. */
export type FetchSlice = (url: string, signal: AbortSignal) => Promise<Blob>;

/** DecodeSlice turns JPEG bytes into a drawable bitmap off the main thread. */
export type DecodeSlice = (blob: Blob) => Promise<ImageBitmap>;

/** SliceLoaderOptions: injectable I/O and the limits. */
export interface SliceLoaderOptions {
	fetchSlice?: FetchSlice;
	decode?: DecodeSlice;
	/** fetches in flight (HTTP/1.1 allows 6 per host) */
	fetchConcurrency?: number;
	/** decodes in flight */
	decodeConcurrency?: number;
	/** decoded bitmaps kept each side of the current slice (Infinity keeps all) */
	decodedRadius?: number;
	/** called when a slice's bitmap becomes available (or fails), to schedule a redraw */
	onChange?: (index: number) => void;
	/** called when a slice's bytes arrive, with how many slices have theirs (for a progress bar) */
	onFetched?: (fetched: number) => void;
}

/** SliceStatus is what the loader knows about one slice. */
export type SliceStatus = 'pending' | 'fetched' | 'decoded' | 'failed';

/** fetchBlob is the default FetchSlice: plain fetch, failing on HTTP errors. */
export async function fetchBlob(url: string, signal: AbortSignal): Promise<Blob> {
	const response = await fetch(url, { signal });
	if (!response.ok) throw new Error(`slice ${url}: HTTP ${response.status}`);
	return response.blob();
}

/** SliceLoader loads one series' slices; call `focus` whenever the current slice changes and `destroy` when done. */
export class SliceLoader {
	readonly #urls: readonly string[];
	readonly #fetchSlice: FetchSlice;
	readonly #decode: DecodeSlice;
	readonly #fetchLimit: number;
	readonly #decodeLimit: number;
	readonly #radius: number;
	readonly #onChange: (index: number) => void;
	readonly #onFetched: (fetched: number) => void;
	readonly #abort = new AbortController();
	readonly #blobs = new Map<number, Blob>();
	readonly #bitmaps = new Map<number, ImageBitmap>();
	readonly #fetching = new Set<number>();
	readonly #decoding = new Set<number>();
	readonly #failed = new Map<number, string>();
	#order: number[] = [];
	#current = 0;
	#destroyed = false;

	constructor(urls: readonly string[], options: SliceLoaderOptions = {}) {
		this.#urls = [...urls];
		this.#fetchSlice = options.fetchSlice ?? fetchBlob;
		this.#decode = options.decode ?? ((blob) => createImageBitmap(blob));
		this.#fetchLimit = Math.max(1, options.fetchConcurrency ?? 6);
		this.#decodeLimit = Math.max(1, options.decodeConcurrency ?? 2);
		this.#radius = Math.max(0, options.decodedRadius ?? Number.POSITIVE_INFINITY);
		this.#onChange = options.onChange ?? (() => {});
		this.#onFetched = options.onFetched ?? (() => {});
	}

	/** count is the number of slices. */
	get count(): number {
		return this.#urls.length;
	}

	/** fetchedCount is how many slices have their bytes (for a progress bar). */
	get fetchedCount(): number {
		return this.#blobs.size;
	}

	/** decodedCount is how many bitmaps are held now (bounded by the decoded window). */
	get decodedCount(): number {
		return this.#bitmaps.size;
	}

	/** status reports one slice. */
	status(index: number): SliceStatus {
		if (this.#bitmaps.has(index)) return 'decoded';
		if (this.#failed.has(index)) return 'failed';
		if (this.#blobs.has(index)) return 'fetched';
		return 'pending';
	}

	/** error is why a failed slice failed. */
	error(index: number): string | undefined {
		return this.#failed.get(index);
	}

	/** bitmap returns the decoded slice, if ready. */
	bitmap(index: number): ImageBitmap | undefined {
		return this.#bitmaps.get(index);
	}

	/** nearest returns the decoded slice closest to index (the viewer shows it while index decodes), preferring the one behind. */
	nearest(index: number): { index: number; bitmap: ImageBitmap } | undefined {
		for (let d = 0; d < this.#urls.length; d++) {
			for (const i of [index - d, index + d]) {
				const bitmap = this.#bitmaps.get(i);
				if (bitmap) return { index: i, bitmap };
			}
		}
		return undefined;
	}

	/** focus makes index the current slice: reorders the queue around it, releases bitmaps outside the window and starts work. */
	focus(index: number, direction: 1 | -1 = 1): void {
		if (this.#destroyed || this.#urls.length === 0) return;
		this.#current = Math.min(this.#urls.length - 1, Math.max(0, Math.round(index)));
		const { lo, hi } = keepWindow(this.#current, this.#urls.length, this.#radius);
		const leaving: ImageBitmap[] = [];
		for (const [i, bitmap] of this.#bitmaps) {
			if (i < lo || i > hi) {
				leaving.push(bitmap);
				this.#bitmaps.delete(i);
			}
		}
		// freeing a bitmap costs main-thread time: do it after the frame that scrolled, not in it
		if (leaving.length > 0) setTimeout(() => leaving.forEach((bitmap) => bitmap.close()), 0);
		// focus runs on every slice of a flick, so the queue holds only what may still need work:
		// nothing once every slice is decoded (or failed), the decoded window once every slice has
		// its bytes, else the whole stack
		if (this.#bitmaps.size + this.#failed.size >= this.#urls.length) this.#order = [];
		else if (this.#blobs.size + this.#failed.size >= this.#urls.length) this.#order = loadOrder(this.#current - lo, hi - lo + 1, direction).map((i) => i + lo);
		else this.#order = loadOrder(this.#current, this.#urls.length, direction);
		this.#pump();
	}

	/** retry forgets failures (e.g. when the network comes back) and loads again. */
	retry(): void {
		this.#failed.clear();
		this.focus(this.#current);
	}

	/** destroy stops all work and closes every bitmap. */
	destroy(): void {
		this.#destroyed = true;
		this.#abort.abort();
		for (const bitmap of this.#bitmaps.values()) bitmap.close();
		this.#bitmaps.clear();
		this.#blobs.clear();
	}

	#inWindow(index: number): boolean {
		return Math.abs(index - this.#current) <= this.#radius;
	}

	#pump(): void {
		if (this.#destroyed) return;
		// the slice on screen first, alone: on a slow link, neighbours fetched beside it would split
		// the bandwidth and delay the one image the reader is waiting for
		const current = this.#current;
		if (!this.#blobs.has(current) && !this.#failed.has(current)) {
			// a fast scroll over unloaded slices must not pile up fetches beyond the limit either
			if (!this.#fetching.has(current) && this.#fetching.size < this.#fetchLimit) this.#startFetch(current);
			return;
		}
		// until the first picture is decoded the screen is empty: its decode does not share the
		// (throttled) main thread with starting six fetches and a second decode
		if (this.#bitmaps.size === 0 && !this.#failed.has(current)) {
			if (!this.#decoding.has(current)) this.#startDecode(current, this.#blobs.get(current)!);
			return;
		}
		for (const i of this.#order) {
			const fetchFull = this.#fetching.size >= this.#fetchLimit;
			const decodeFull = this.#decoding.size >= this.#decodeLimit;
			if (fetchFull && decodeFull) return;
			if (this.#failed.has(i) || this.#bitmaps.has(i) || this.#fetching.has(i) || this.#decoding.has(i)) continue;
			const blob = this.#blobs.get(i);
			if (blob) {
				if (!decodeFull && this.#inWindow(i)) this.#startDecode(i, blob);
			} else if (!fetchFull) {
				this.#startFetch(i);
			}
		}
	}

	#startFetch(i: number): void {
		this.#fetching.add(i);
		this.#fetchSlice(this.#urls[i], this.#abort.signal).then(
			(blob) => {
				this.#fetching.delete(i);
				if (this.#destroyed) return;
				this.#blobs.set(i, blob);
				this.#onFetched(this.#blobs.size);
				this.#pump();
			},
			(error: unknown) => this.#fail(i, error, this.#fetching)
		);
	}

	#startDecode(i: number, blob: Blob): void {
		this.#decoding.add(i);
		this.#decode(blob).then(
			(bitmap) => {
				this.#decoding.delete(i);
				// the reader may have scrolled away while this decoded: keep memory within the window
				if (this.#destroyed || !this.#inWindow(i)) bitmap.close();
				else {
					this.#bitmaps.set(i, bitmap);
					this.#onChange(i);
				}
				this.#pump();
			},
			(error: unknown) => this.#fail(i, error, this.#decoding)
		);
	}

	#fail(i: number, error: unknown, inFlight: Set<number>): void {
		inFlight.delete(i);
		if (this.#destroyed) return;
		this.#failed.set(i, error instanceof Error ? error.message : String(error));
		this.#onChange(i);
		this.#pump();
	}
}
