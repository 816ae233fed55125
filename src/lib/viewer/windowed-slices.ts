/**
 * windowed-slices: draws the reader's window over a series published with companded HU
 * (hu-encoding.ts). A slice's codes are read once from its decoded values bitmap; a window
 * change is then one table lookup per pixel into an ImageData and one putImageData, so a drag
 * redraws within a frame. Codes are kept for a bounded number of slices (a 512² slice is 256 KB).
 */
import type { Window } from '$lib/dicom/render/window';
import { applyWindow, codesOf, windowTable } from './hu-encoding';

/** WINDOWED_KEPT is how many slices' codes stay in memory (about 8 MB at 512²). */
export const WINDOWED_KEPT = 32;

interface Codes {
	width: number;
	height: number;
	codes: Uint8Array;
}

/** WindowedSlices renders slices under a window onto one reusable canvas. */
export class WindowedSlices {
	#codes = new Map<number, Codes>();
	#canvas: OffscreenCanvas | null = null;
	#image: ImageData | null = null;
	#table: Uint32Array | null = null;
	#tableKey = '';

	/** has says whether the codes of a slice are read already. */
	has(index: number): boolean {
		return this.#codes.has(index);
	}

	/** render draws slice `index` (its values bitmap) under window and returns the canvas to draw from. */
	render(index: number, bitmap: ImageBitmap, window: Window): OffscreenCanvas {
		const codes = this.#codesOf(index, bitmap);
		const canvas = this.#canvasFor(codes.width, codes.height);
		const key = `${window.center}|${window.width}`;
		if (key !== this.#tableKey || !this.#table) {
			this.#table = windowTable(window);
			this.#tableKey = key;
		}
		const image = this.#image!;
		applyWindow(codes.codes, this.#table, new Uint32Array(image.data.buffer));
		canvas.getContext('2d')!.putImageData(image, 0, 0);
		return canvas;
	}

	/** clear forgets every slice's codes (the series or its values changed). */
	clear(): void {
		this.#codes.clear();
	}

	#codesOf(index: number, bitmap: ImageBitmap): Codes {
		const known = this.#codes.get(index);
		if (known) {
			// most recently used last, so the oldest goes first
			this.#codes.delete(index);
			this.#codes.set(index, known);
			return known;
		}
		const reader = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d', { willReadFrequently: true })!;
		reader.drawImage(bitmap, 0, 0);
		const codes = { width: bitmap.width, height: bitmap.height, codes: codesOf(reader.getImageData(0, 0, bitmap.width, bitmap.height).data) };
		this.#codes.set(index, codes);
		if (this.#codes.size > WINDOWED_KEPT) this.#codes.delete(this.#codes.keys().next().value!);
		return codes;
	}

	#canvasFor(width: number, height: number): OffscreenCanvas {
		if (!this.#canvas || this.#canvas.width !== width || this.#canvas.height !== height) {
			this.#canvas = new OffscreenCanvas(width, height);
			this.#image = new ImageData(width, height);
		}
		return this.#canvas;
	}
}
