/**
 * hu-encoding: the published representation that lets readers window a CT slice. A preview is
 * one fixed window burned into 8 bits; windowing needs the Hounsfield units. Sixteen-bit lossless
 * PNG costs 4–6× a preview JPEG per slice, so each slice is published a second time as an 8-bit
 * grey JPEG whose grey levels are *companded* Hounsfield units: a piecewise-linear map that spends
 * most codes where reading windows are narrow (−100…200 HU: soft tissue, liver, brain, at about
 * 2 HU per code, under the 10–20 HU noise of a CT) and few where they are wide (lung, bone).
 * The viewer turns codes back into HU and a window into a 256-entry lookup table, so a window
 * change costs one table lookup per pixel. Presets are PS3.3's usual CT windows (window.ts).
 *
 * Producing it (authoring side): from the slice's modality values (HU after the modality LUT,
 * PS3.3 C.11.1), `encodeHu(hu, width, height)` gives RGBA to encode as a JPEG (quality ≥ 0.9)
 * uploaded as the image record's `values` file.
 */
import { windowFunction, type Window } from '$lib/dicom/render/window';

/** HU_KNOTS are the (HU, code) corners of the map, increasing in both; codes 0–255. */
export const HU_KNOTS: readonly (readonly [hu: number, code: number])[] = [
	[-1024, 0],
	[-200, 36],
	[-100, 50],
	[200, 194],
	[500, 224],
	[1500, 250],
	[3071, 255]
];

/** huToCode maps HU to its code (clamped to the map's ends). */
export function huToCode(hu: number): number {
	const first = HU_KNOTS[0];
	if (!(hu > first[0])) return first[1];
	for (let k = 1; k < HU_KNOTS.length; k++) {
		const [h1, c1] = HU_KNOTS[k];
		if (hu <= h1) {
			const [h0, c0] = HU_KNOTS[k - 1];
			return Math.round(c0 + ((hu - h0) * (c1 - c0)) / (h1 - h0));
		}
	}
	return HU_KNOTS[HU_KNOTS.length - 1][1];
}

/** codeToHu is the HU a code stands for (its place on the map; fractional codes interpolate). */
export function codeToHu(code: number): number {
	const c = Math.min(255, Math.max(0, code));
	for (let k = 1; k < HU_KNOTS.length; k++) {
		const [h1, c1] = HU_KNOTS[k];
		if (c <= c1) {
			const [h0, c0] = HU_KNOTS[k - 1];
			return h0 + ((c - c0) * (h1 - h0)) / (c1 - c0);
		}
	}
	return HU_KNOTS[HU_KNOTS.length - 1][0];
}

/** encodeHu renders modality values (HU) as grey RGBA codes, ready for a JPEG encoder. */
export function encodeHu(hu: ArrayLike<number>, width: number, height: number): { width: number; height: number; rgba: Uint8ClampedArray } {
	const rgba = new Uint8ClampedArray(width * height * 4);
	for (let i = 0; i < width * height; i++) {
		const code = huToCode(hu[i]);
		rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = code;
		rgba[i * 4 + 3] = 255;
	}
	return { width, height, rgba };
}

/** MAX_TABLE_SPAN: frames whose stored values span more than this (32-bit or float data) are encoded value by value. */
const MAX_TABLE_SPAN = 1 << 17;

/**
 * encodeStoredHu is encodeHu(stored values through toHu), the way a CT slice is published: for
 * integer samples of up to 17 bits' span, the code of every stored value between the frame's
 * least and greatest is worked out once (a table of at most 128 k entries) and each pixel is one
 * look-up and one 32-bit store. Computing HU and then its code pixel by pixel cost ~10 ms of a
 * 512×512 slice, more than decoding its JPEG-LS. The codes are the ones encodeHu gives the HU
 * as a Float32Array holds them, so both paths give the same bytes.
 */
export function encodeStoredHu(
	stored: ArrayLike<number>,
	toHu: (stored: number) => number,
	width: number,
	height: number
): { width: number; height: number; rgba: Uint8ClampedArray } {
	const count = width * height;
	let min = Infinity;
	let max = -Infinity;
	for (let i = 0; i < count; i++) {
		const v = stored[i];
		if (v < min) min = v;
		if (v > max) max = v;
	}
	const integers = stored instanceof Int16Array || stored instanceof Uint16Array || stored instanceof Uint8Array || stored instanceof Int8Array;
	if (!integers || !(max - min < MAX_TABLE_SPAN)) {
		const hu = new Float32Array(count);
		for (let i = 0; i < count; i++) hu[i] = toHu(stored[i]);
		return encodeHu(hu, width, height);
	}
	const table = new Uint32Array(max - min + 1);
	for (let v = min; v <= max; v++) {
		const code = huToCode(Math.fround(toHu(v)));
		table[v - min] = ((0xff << 24) | (code << 16) | (code << 8) | code) >>> 0;
	}
	const rgba = new Uint8ClampedArray(count * 4);
	// RGBA as one little-endian 32-bit word per pixel, as windowTable writes it.
	const words = new Uint32Array(rgba.buffer);
	for (let i = 0; i < count; i++) words[i] = table[stored[i] - min];
	return { width, height, rgba };
}

/** codesOf reads the codes back from a decoded slice's RGBA (the green sample: JPEG keeps grey in luma, G weighs most in it). */
export function codesOf(rgba: Uint8ClampedArray): Uint8Array {
	const codes = new Uint8Array(rgba.length / 4);
	for (let i = 0; i < codes.length; i++) codes[i] = rgba[i * 4 + 1];
	return codes;
}

/** windowTable maps each code to an opaque grey pixel (RGBA as one little-endian 32-bit word) under window. */
export function windowTable(window: Window): Uint32Array {
	const intensity = windowFunction(window);
	const table = new Uint32Array(256);
	for (let code = 0; code < 256; code++) {
		const g = Math.round(intensity(codeToHu(code)) * 255);
		table[code] = (0xff << 24) | (g << 16) | (g << 8) | g;
	}
	return table;
}

/** applyWindow writes the windowed pixels of codes into out (the Uint32 view of an ImageData's buffer). */
export function applyWindow(codes: Uint8Array, table: Uint32Array, out: Uint32Array): void {
	for (let i = 0; i < codes.length; i++) out[i] = table[codes[i]];
}

/** dragWindow is the window after a drag of dx, dy CSS pixels: right widens, down raises the level (as on PACS workstations), scaled to the width. */
export function dragWindow(start: Window, dx: number, dy: number): Window {
	const scale = Math.max(start.width, 20) / 200;
	return { center: Math.round(start.center + dy * scale), width: Math.round(Math.min(4000, Math.max(1, start.width + dx * scale * 2))) };
}
