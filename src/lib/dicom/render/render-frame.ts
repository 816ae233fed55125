/**
 * renderFrame turns a decoded frame into 8-bit RGBA in the shape ImageData wants: modality LUT
 * (rescale or table), VOI (window or table), MONOCHROME1 inversion (PS3.3 C.7.6.3.1.2),
 * palette colour (C.7.6.3.1.5), or colour samples scaled to 8 bits.
 */
import type { DecodedFrame, ImageInfo, LookupTable, PaletteLut } from '../decode/image-info';
import { lookup, modalityFunction, rescaleOf } from './modality';
import { DecodeError } from '../decode/decode-error';
import { defaultWindow, windowFunction, type Window } from './window';

/** RenderedImage is RGBA pixels, 4 bytes per pixel, row by row. */
export interface RenderedImage {
	readonly width: number;
	readonly height: number;
	readonly rgba: Uint8ClampedArray;
}

/**
 * renderFrame renders one frame. `window` applies to monochrome images only; without it the
 * file's own VOI is used (its VOI LUT, else its window, else the value range).
 */
export function renderFrame(frame: DecodedFrame, info: ImageInfo, window?: Window): RenderedImage {
	const width = frame.columns;
	const height = frame.rows;
	const rgba = new Uint8ClampedArray(width * height * 4);
	const photometric = frame.photometricInterpretation;
	if (photometric === 'PALETTE COLOR') {
		renderPalette(frame, info, rgba);
	} else if (frame.samplesPerPixel === 3) {
		renderColour(frame, rgba);
	} else if (photometric === 'MONOCHROME1' || photometric === 'MONOCHROME2') {
		renderMonochrome(frame, info, rgba, window);
	} else {
		throw new DecodeError('unsupported-format', `photometric interpretation ${photometric} cannot be rendered`);
	}
	return { width, height, rgba };
}

function renderMonochrome(frame: DecodedFrame, info: ImageInfo, rgba: Uint8ClampedArray, window?: Window): void {
	const { pixels } = frame;
	// One 32-bit store per pixel: the four RGBA bytes of a grey level, in the platform's byte order.
	const out = new Uint32Array(rgba.buffer, rgba.byteOffset, pixels.length);
	const mapping = monochromeMapping(frame, info, window);
	if (pixels instanceof Float32Array || frame.bitsStored > 16) {
		for (let i = 0; i < pixels.length; i++) out[i] = pack(mapping.grey(pixels[i]));
		return;
	}
	// Integer samples of up to 16 bits go through a lookup table from stored value to packed pixel.
	// A series shares its rescale and window, so a table indexed by the 16 bits of any value the
	// array can hold is built once and kept for the next frame: one load and one store a pixel.
	if (mapping.key !== undefined && (pixels instanceof Int16Array || pixels instanceof Uint16Array || pixels instanceof Uint8Array)) {
		applyWordTable(pixels, wordTable(mapping as Required<MonochromeMapping>, pixels instanceof Int16Array), out);
		return;
	}
	// Any other mapping (a LUT table, a window from the frame's own range) gets a table over the
	// values the frame actually holds (a CT slice uses a few thousand of the 65 536).
	let low = Infinity;
	let high = -Infinity;
	for (let i = 0; i < pixels.length; i++) {
		const v = pixels[i];
		if (v < low) low = v;
		if (v > high) high = v;
	}
	const lut = new Uint32Array(Math.max(0, high - low + 1));
	for (let i = 0; i < lut.length; i++) lut[i] = pack(mapping.grey(low + i));
	for (let i = 0; i < pixels.length; i++) out[i] = lut[pixels[i] - low];
}

/** MonochromeMapping is stored value → grey level, with a key naming it when it can be cached. */
interface MonochromeMapping {
	readonly grey: (stored: number) => number;
	readonly key?: string;
}

function monochromeMapping(frame: DecodedFrame, info: ImageInfo, window?: Window): MonochromeMapping {
	const modality = modalityFunction(info);
	const table = window ? undefined : info.voiLuts?.[0];
	const voiWindow = table ? undefined : (window ?? defaultWindow(info, frame));
	const voi = voiWindow ? windowFunction(voiWindow) : voiTableFunction(table!);
	// MONOCHROME1: the minimum value is white (PS3.3 C.7.6.3.1.2).
	const invert = frame.photometricInterpretation === 'MONOCHROME1';
	const grey = (stored: number) => {
		const level = Math.round(voi(modality(stored)) * 255);
		return invert ? 255 - level : level;
	};
	// A window taken from this frame's own value range changes from frame to frame: not worth keeping.
	const windowOfFrame = !window && !(Number.isFinite(info.windowCenters[0]) && info.windowWidths[0] > 0);
	if (info.modalityLut || !voiWindow || windowOfFrame) return { grey };
	const { slope, intercept } = rescaleOf(info);
	const key = [slope, intercept, voiWindow.center, voiWindow.width, voiWindow.function ?? 'LINEAR', invert].join();
	return { grey, key };
}

/** cachedTable is the last word table built, for the next frame of the same series. */
let cachedTable: { key: string; lut: Uint32Array } | undefined;

/**
 * wordTable returns the packed pixel of every 16-bit word, entry `value & 0xffff`: for a signed
 * array the upper half holds the negative values (two's complement), so no offset is needed.
 */
function wordTable(mapping: Required<MonochromeMapping>, signed: boolean): Uint32Array {
	const key = `${mapping.key};${signed}`;
	if (cachedTable?.key === key) return cachedTable.lut;
	const lut = new Uint32Array(0x10000);
	for (let word = 0; word < lut.length; word++) lut[word] = pack(mapping.grey(signed ? (word << 16) >> 16 : word));
	cachedTable = { key, lut };
	return lut;
}

/** LITTLE_ENDIAN is the byte order of typed arrays on this platform (RGBA packing depends on it). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** pack is the 32-bit RGBA word of an opaque grey level. */
const pack = LITTLE_ENDIAN ? (level: number) => (level * 0x010101 + 0xff000000) >>> 0 : (level: number) => ((level * 0x01010100) | 0xff) >>> 0;

/** applyWordTable is the render's hot loop, kept apart so that the engine sees one array type at a time. */
function applyWordTable(pixels: Int16Array | Uint16Array | Uint8Array, lut: Uint32Array, out: Uint32Array): void {
	const count = pixels.length;
	for (let i = 0; i < count; i++) out[i] = lut[pixels[i] & 0xffff];
}

/** voiTableFunction maps modality values to 0..1 through a VOI LUT (preferred over the file's windows, as pydicom does). */
function voiTableFunction(table: LookupTable): (value: number) => number {
	const map = lookup(table);
	const max = 2 ** table.bits - 1;
	return (value) => map(Math.round(value)) / max;
}

function renderColour(frame: DecodedFrame, rgba: Uint8ClampedArray): void {
	const { pixels } = frame;
	const shift = Math.max(0, frame.bitsStored - 8);
	const scale = 2 ** shift;
	for (let i = 0, o = 0; i < pixels.length; i += 3, o += 4) {
		rgba[o] = Math.floor(pixels[i] / scale);
		rgba[o + 1] = Math.floor(pixels[i + 1] / scale);
		rgba[o + 2] = Math.floor(pixels[i + 2] / scale);
		rgba[o + 3] = 255;
	}
}

function renderPalette(frame: DecodedFrame, info: ImageInfo, rgba: Uint8ClampedArray): void {
	const palette = info.palette;
	if (!palette) throw new DecodeError('invalid-image-info', 'PALETTE COLOR image without palette lookup tables');
	const red = channel(palette.red);
	const green = channel(palette.green);
	const blue = channel(palette.blue);
	const { pixels } = frame;
	for (let i = 0, o = 0; i < pixels.length; i++, o += 4) {
		const v = pixels[i];
		rgba[o] = red(v);
		rgba[o + 1] = green(v);
		rgba[o + 2] = blue(v);
		rgba[o + 3] = 255;
	}
}

/** channel maps a stored value through one palette channel, scaled to 8 bits (C.7.6.3.1.5). */
function channel(table: PaletteLut): (value: number) => number {
	const map = lookup(table);
	const shift = Math.max(0, table.bits - 8);
	return (value) => map(value) >> shift;
}
