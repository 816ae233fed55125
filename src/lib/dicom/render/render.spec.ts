/**
 * Rendering against pydicom: modality LUT (apply_modality_lut, exact), VOI windows with the
 * file's window, presets and min/max (apply_voi_lut, ±1 for rounding), MONOCHROME1 inversion,
 * palette colour (apply_color_lut), plus resizing and PNG output.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressedFile, sourceFile } from '../../../../tests/reference/generated';
import { PYDICOM_DATA, referencePalette, referenceVoi } from '../../../../tests/reference/reference';
import { decodeFrame } from '../decode/decode-frame';
import { encodedFrame, imageInfoOf } from '../decode/frames';
import { parseDicom } from '../parse';
import { applyModalityLut, modalityFunction } from './modality';
import { encodePng } from './png';
import { renderFrame, type RenderedImage } from './render-frame';
import { resizeToFit } from './resize';
import { WINDOW_PRESETS, defaultWindow, windowFunction, type Window } from './window';

async function load(path: string) {
	const file = parseDicom(new Uint8Array(readFileSync(path)));
	const info = imageInfoOf(file);
	const frame = await decodeFrame(encodedFrame(file, 0, info), info, file.transferSyntaxUID);
	return { info, frame };
}

const testFile = (name: string) => join(PYDICOM_DATA, 'test_files', name);

/** MONOCHROME files of several kinds: signed CT with rescale, MR, MONOCHROME1 CR, 32-bit dose. */
const MONOCHROME = [
	testFile('CT_small.dcm'),
	testFile('MR_small.dcm'),
	testFile('dicomdirtests/77654033/CR1/6154'),
	testFile('rtdose_1frame.dcm'),
	testFile('JPEG2000.dcm')
];

/** pydicom's windowing output range: the stored range mapped through the rescale (util.apply_windowing). */
function pydicomRange(info: { bitsStored: number; pixelRepresentation: number; rescaleSlope: number; rescaleIntercept: number }) {
	const min = info.pixelRepresentation === 0 ? 0 : -(2 ** (info.bitsStored - 1));
	const max = info.pixelRepresentation === 0 ? 2 ** info.bitsStored - 1 : 2 ** (info.bitsStored - 1) - 1;
	return { min: min * info.rescaleSlope + info.rescaleIntercept, max: max * info.rescaleSlope + info.rescaleIntercept };
}

async function expectWindowMatches(path: string, window: Window) {
	const { info, frame } = await load(path);
	const reference = referenceVoi(path, window.center, window.width);
	const modality = applyModalityLut(frame, info.rescaleSlope, info.rescaleIntercept);
	expect(modality.length).toBe(reference.modality.length);
	let modalityError = 0;
	let magnitude = 1;
	for (let i = 0; i < modality.length; i++) {
		modalityError = Math.max(modalityError, Math.abs(modality[i] - reference.modality[i]));
		magnitude = Math.max(magnitude, Math.abs(reference.modality[i]));
	}
	// Both are float64 slope × value + intercept: equal up to rounding.
	expect(modalityError).toBeLessThanOrEqual(1e-12 * magnitude);
	const image = renderFrame(frame, info, window);
	const range = pydicomRange(info);
	const invert = info.photometricInterpretation === 'MONOCHROME1';
	let worst = 0;
	let notGrey = 0;
	for (let i = 0; i < modality.length; i++) {
		const level = ((reference.voi[i] - range.min) / (range.max - range.min)) * 255;
		const expected = invert ? 255 - level : level;
		worst = Math.max(worst, Math.abs(image.rgba[i * 4] - expected));
		if (image.rgba[i * 4 + 1] !== image.rgba[i * 4] || image.rgba[i * 4 + 2] !== image.rgba[i * 4] || image.rgba[i * 4 + 3] !== 255) notGrey++;
	}
	expect(notGrey).toBe(0);
	expect(worst, `${path} window ${window.center}/${window.width}`).toBeLessThanOrEqual(1);
}

describe('renderFrame against pydicom', () => {
	for (const path of MONOCHROME) {
		const name = path.replace(/^.*test_files\//, '');
		it(`${name}: presets and the default window`, async () => {
			for (const preset of Object.values(WINDOW_PRESETS)) await expectWindowMatches(path, preset);
			const { info, frame } = await load(path);
			const fallback = defaultWindow({ ...info, windowCenters: [], windowWidths: [] }, frame);
			const modality = applyModalityLut(frame, info.rescaleSlope, info.rescaleIntercept);
			expect(fallback.center - fallback.width / 2).toBeCloseTo(modality.reduce((a, b) => Math.min(a, b)), 6);
			await expectWindowMatches(path, fallback);
		});
	}

	it('uses the file window by default and inverts MONOCHROME1', async () => {
		const path = sourceFile('mono1');
		const { info, frame } = await load(path);
		expect(info.photometricInterpretation).toBe('MONOCHROME1');
		expect(defaultWindow(info, frame)).toEqual({ center: 2000, width: 3000, function: 'LINEAR' });
		await expectWindowMatches(path, defaultWindow(info, frame));
		const image = renderFrame(frame, info);
		// Stored 0 (below the window) is white in MONOCHROME1.
		const zero = Array.from(frame.pixels).indexOf(0);
		expect(image.rgba[zero * 4]).toBe(255);
	});

	it('renders the signed CT phantom with its own window', async () => {
		const path = sourceFile('ct16');
		const { info, frame } = await load(path);
		await expectWindowMatches(path, defaultWindow(info, frame));
	});

	it('prefers the VOI LUT Sequence when no window is asked for', async () => {
		const path = sourceFile('voilut');
		const { info, frame } = await load(path);
		expect(info.voiLuts?.map((t) => [t.entries, t.firstValue, t.bits])).toEqual([[3000, 500, 10]]);
		const reference = referenceVoi(path, 'file', 'file');
		const image = renderFrame(frame, info);
		let worst = 0;
		for (let i = 0; i < frame.pixels.length; i++) worst = Math.max(worst, Math.abs(image.rgba[i * 4] - (reference.voi[i] / 1023) * 255));
		expect(worst).toBeLessThanOrEqual(0.5);
		// An explicit window wins over the table.
		const withoutTable = renderFrame(frame, { ...info, voiLuts: undefined }, WINDOW_PRESETS.bone);
		expect(renderFrame(frame, info, WINDOW_PRESETS.bone)).toEqual(withoutTable);
		expect(Buffer.from(withoutTable.rgba).equals(Buffer.from(image.rgba))).toBe(false);
	});

	it('applies the Modality LUT Sequence instead of a rescale', async () => {
		const path = sourceFile('modlut');
		const { info, frame } = await load(path);
		expect(info.modalityLut?.entries).toBe(200);
		const reference = referenceVoi(path, 'file', 'file');
		const image = renderFrame(frame, info);
		let worst = 0;
		for (let i = 0; i < frame.pixels.length; i++) {
			// pydicom windows the table's output into its 16-bit range (util.apply_windowing).
			worst = Math.max(worst, Math.abs(image.rgba[i * 4] - (reference.voi[i] / 65535) * 255));
		}
		expect(worst).toBeLessThanOrEqual(1);
		expect(defaultWindow({ ...info, windowCenters: [], windowWidths: [] }, frame)).toEqual({ center: 2000, width: 4000 });
	});

	it('maps PALETTE COLOR through the lookup tables (native and RLE)', async () => {
		const path = sourceFile('palette');
		const { info, frame } = await load(path);
		expect(info.palette?.red.entries).toBe(200);
		expect(info.palette?.red.firstValue).toBe(16);
		const reference = referencePalette(path);
		const image = renderFrame(frame, info);
		let mismatches = 0;
		for (let i = 0; i < frame.pixels.length; i++) {
			for (let c = 0; c < 3; c++) if (image.rgba[i * 4 + c] !== Math.floor(reference[i * 3 + c] / 256)) mismatches++;
		}
		expect(mismatches).toBe(0);
		const rle = await load(compressedFile('palette', 'dcmcrle', []));
		expect(rle.info.photometricInterpretation).toBe('PALETTE COLOR');
		expect(Buffer.from(renderFrame(rle.frame, rle.info).rgba).equals(Buffer.from(image.rgba))).toBe(true);
	});

	it('expands Segmented Palette Color LUT Data like pydicom', async () => {
		const path = sourceFile('segpalette');
		const { info, frame } = await load(path);
		expect(info.palette?.blue.entries).toBe(256);
		const reference = referencePalette(path);
		const image = renderFrame(frame, info);
		let mismatches = 0;
		for (let i = 0; i < frame.pixels.length; i++) {
			for (let c = 0; c < 3; c++) if (image.rgba[i * 4 + c] !== Math.floor(reference[i * 3 + c] / 256)) mismatches++;
		}
		expect(mismatches).toBe(0);
	});

	it('renders RGB as is and scales 16-bit colour to 8 bits', async () => {
		const { info, frame } = await load(testFile('SC_rgb_rle_16bit.dcm'));
		const image = renderFrame(frame, info);
		for (let i = 0; i < 50; i++) expect(image.rgba[i * 4]).toBe(frame.pixels[i * 3] >> 8);
		const eight = await load(testFile('SC_rgb_rle.dcm'));
		const rgb = renderFrame(eight.frame, eight.info);
		expect(Array.from(rgb.rgba.subarray(0, 3))).toEqual(Array.from(eight.frame.pixels.subarray(0, 3)));
	});
});

describe('renderFrame lookup table', () => {
	it('gives every pixel exactly the grey of the window function applied to its modality value', async () => {
		for (const path of MONOCHROME) {
			const { info, frame } = await load(path);
			const window = info.voiLuts?.length ? WINDOW_PRESETS.softTissue : defaultWindow(info, frame);
			const voi = windowFunction(window);
			const modality = modalityFunction(info);
			const invert = frame.photometricInterpretation === 'MONOCHROME1';
			const { rgba } = renderFrame(frame, info, window);
			let mismatches = 0;
			for (let i = 0; i < frame.pixels.length; i++) {
				const level = Math.round(voi(modality(frame.pixels[i])) * 255);
				const grey = invert ? 255 - level : level;
				if (rgba[i * 4] !== grey || rgba[i * 4 + 1] !== grey || rgba[i * 4 + 2] !== grey || rgba[i * 4 + 3] !== 255) mismatches++;
			}
			expect(mismatches, path).toBe(0);
		}
	});
});

describe('resizeToFit', () => {
	const image = (width: number, height: number, value: (x: number, y: number) => number): RenderedImage => {
		const rgba = new Uint8ClampedArray(width * height * 4);
		for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba.fill(value(x, y), (y * width + x) * 4, (y * width + x) * 4 + 4);
		return { width, height, rgba };
	};

	it('keeps an image that already fits', () => {
		const small = image(10, 5, () => 7);
		expect(resizeToFit(small, 1024)).toBe(small);
	});

	it('averages areas when halving, keeping the aspect ratio', () => {
		const big = image(2048, 1000, (x, y) => ((x + y) % 2 ? 200 : 100));
		const out = resizeToFit(big, 1024);
		expect([out.width, out.height]).toEqual([1024, 500]);
		// Every 2x2 block holds two 100s and two 200s: the area mean is 150 everywhere.
		expect(new Set(out.rgba)).toEqual(new Set([150]));
	});

	it('weights partial pixels for non-integer ratios', () => {
		const out = resizeToFit(image(3, 1, (x) => [0, 90, 180][x]), 2);
		expect(out.width).toBe(2);
		// Output 0 covers input 0 fully and half of input 1: (0 + 45) / 1.5 = 30.
		expect(out.rgba[0]).toBe(30);
		expect(out.rgba[4]).toBe(150);
	});
});

describe('encodePng', () => {
	it('writes a PNG whose pixels read back unchanged', async () => {
		const { info, frame } = await load(testFile('CT_small.dcm'));
		const image = renderFrame(frame, info, WINDOW_PRESETS.softTissue);
		const png = encodePng(image);
		expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
		const chunks: Record<string, Uint8Array[]> = {};
		for (let at = 8; at < png.length; ) {
			const length = view.getUint32(at);
			const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
			(chunks[type] ??= []).push(png.subarray(at + 8, at + 8 + length));
			at += 12 + length;
		}
		expect(Object.keys(chunks)).toEqual(['IHDR', 'IDAT', 'IEND']);
		const header = new DataView(chunks.IHDR[0].buffer, chunks.IHDR[0].byteOffset, 13);
		expect([header.getUint32(0), header.getUint32(4), chunks.IHDR[0][8], chunks.IHDR[0][9]]).toEqual([image.width, image.height, 8, 6]);
		const raw = inflateSync(Buffer.concat(chunks.IDAT));
		const stride = image.width * 4;
		for (let y = 0; y < image.height; y++) {
			expect(raw[y * (stride + 1)]).toBe(0);
			expect(Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))).equals(Buffer.from(image.rgba.subarray(y * stride, (y + 1) * stride)))).toBe(true);
		}
	});

	it('is read by a real PNG decoder (Python zlib + struct, CRC-checked)', () => {
		const png = encodePng({ width: 3, height: 2, rgba: new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 1, 2, 3, 255, 4, 5, 6, 128, 7, 8, 9, 0]) });
		const script = `import sys,struct,zlib
d=sys.stdin.buffer.read(); assert d[:8]==b'\\x89PNG\\r\\n\\x1a\\n'; p=8; idat=b''
while p<len(d):
    n,=struct.unpack('>I',d[p:p+4]); t=d[p+4:p+8]; body=d[p+8:p+8+n]
    assert struct.unpack('>I',d[p+8+n:p+12+n])[0]==zlib.crc32(t+body)&0xffffffff
    if t==b'IDAT': idat+=body
    p+=12+n
print(list(zlib.decompress(idat)))`;
		const result = spawnSyncText('/usr/bin/python3', ['-c', script], png);
		expect(JSON.parse(result)).toEqual([0, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 0, 1, 2, 3, 255, 4, 5, 6, 128, 7, 8, 9, 0]);
	});
});

function spawnSyncText(command: string, args: string[], input: Uint8Array): string {
	const result = spawnSync(command, args, { input, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(result.stderr);
	return result.stdout;
}
