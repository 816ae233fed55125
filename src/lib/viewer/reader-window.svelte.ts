/**
 * ReaderWindow is the reader's windowing of one series: whether the series' values are loaded,
 * the window chosen (null: the author's, i.e. the published preview itself), the drag-to-adjust
 * mode, and the loader of the values slices (a SliceLoader like the previews', so they prefetch
 * around the current slice the same way). The viewer asks `source(index)` for what to draw.
 */
import type { Window } from '$lib/dicom/render/window';
import { dragWindow } from './hu-encoding';
import { SliceLoader, type FetchSlice } from './slice-loader';
import { GlWindowedSlices } from './windowed-gl';
import { WindowedSlices } from './windowed-slices';

/** LoadValueUrls lists a series' values files in slice order, or null when the series has none. */
export type LoadValueUrls = () => Promise<readonly string[] | null>;

export type ReaderWindowStatus = 'idle' | 'loading' | 'ready' | 'unavailable';

interface Options {
	count: number;
	fetchSlice?: FetchSlice;
	decodedRadius: number;
	/** a values slice arrived: redraw if it is the one shown */
	onChange: (index: number) => void;
}

// The values must reach the canvas as the exact grey levels encoded: no colour management.
const decodeValues = (blob: Blob) => createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });

export class ReaderWindow {
	#status = $state<ReaderWindowStatus>('idle');
	#window = $state<Window | null>(null);
	#adjusting = $state(false);
	#loader: SliceLoader | undefined;
	// the GPU where there is one (WebGL 2), the 2D canvas otherwise or once the GPU context is lost
	#slices: GlWindowedSlices | WindowedSlices = GlWindowedSlices.create() ?? new WindowedSlices();
	#dragFrom: Window | null = null;
	#drawn: { key: string; image: CanvasImageSource } | null = null;
	readonly #author: Window | null;
	readonly #options: Options;

	constructor(author: Window | null, options: Options) {
		this.#author = author;
		this.#options = options;
	}

	get status(): ReaderWindowStatus {
		return this.#status;
	}
	get window(): Window | null {
		return this.#window;
	}
	get adjusting(): boolean {
		return this.#adjusting;
	}
	/** renderer says which path draws the window: 'gl' or '2d'. */
	get renderer(): 'gl' | '2d' {
		return this.#slices instanceof GlWindowedSlices ? 'gl' : '2d';
	}

	/** open loads the values list once; a series without values stays on its previews. */
	async open(load: LoadValueUrls, index: number): Promise<void> {
		if (this.#status !== 'idle') return;
		this.#status = 'loading';
		const urls = await load().catch(() => null);
		if (!urls || urls.length !== this.#options.count || urls.some((u) => !u)) {
			this.#status = 'unavailable';
			return;
		}
		this.#loader = new SliceLoader(urls, {
			fetchSlice: this.#options.fetchSlice,
			decode: decodeValues,
			decodedRadius: this.#options.decodedRadius,
			onChange: this.#options.onChange
		});
		this.#loader.focus(index);
		this.#status = 'ready';
	}

	pick(window: Window | null): void {
		this.#window = window;
	}

	setAdjusting(on: boolean): void {
		this.#adjusting = on && this.#status === 'ready';
	}

	/** drag adjusts from the window shown when the finger landed (first = that moment). */
	drag(dx: number, dy: number, first: boolean): void {
		if (first || !this.#dragFrom) this.#dragFrom = this.#window ?? this.#author ?? { center: 40, width: 400 };
		this.#window = dragWindow(this.#dragFrom, dx, dy);
	}

	focus(index: number, direction: 1 | -1): void {
		this.#loader?.focus(index, direction);
	}

	/** source is what to draw for slice index under the chosen window, or null to draw the preview. */
	source(index: number): { image: CanvasImageSource; key: string } | null {
		const window = this.#window;
		const bitmap = window && this.#loader?.bitmap(index);
		if (!window || !bitmap) return null;
		if (this.#slices instanceof GlWindowedSlices && this.#slices.lost) {
			this.#slices = new WindowedSlices();
			this.#drawn = null;
		}
		const key = `w${window.center},${window.width}`;
		// the viewer asks on every frame; the canvas already holds this slice under this window
		if (this.#drawn?.key !== `${index}|${key}`) this.#drawn = { key: `${index}|${key}`, image: this.#slices.render(index, bitmap, window) };
		return { image: this.#drawn.image, key };
	}

	destroy(): void {
		this.#loader?.destroy();
		this.#slices.clear();
		this.#drawn = null;
	}
}
