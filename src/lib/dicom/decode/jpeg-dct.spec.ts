/**
 * jpeg-dct on hand-built codestreams for what no fixture carries: restart intervals (DRI/RSTn)
 * at 8- and 12-bit precision. A flat 8×8 block is exactly its DC coefficient, so the expected
 * pixels are known without a reference decoder; libjpeg-turbo decodes the 8-bit one as well.
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decode-frame';
import type { ImageInfo } from './image-info';
import { decodeJpegDct } from './jpeg-dct';

/** encodeFlatBlocks writes a one-component sequential JPEG of flat blocks, one MCU per restart interval. */
function encodeFlatBlocks(levels: number[][], precision: 8 | 12): Uint8Array {
	const rows = levels.length;
	const cols = levels[0].length;
	const bytes: number[] = [0xff, 0xd8];
	const segment = (marker: number, body: number[]) => bytes.push(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255, ...body);
	segment(0xdb, [0x00, ...new Array(64).fill(8)]);
	segment(precision === 8 ? 0xc0 : 0xc1, [precision, 0, rows * 8, 0, cols * 8, 1, 1, 0x11, 0]);
	// DC: categories 0..15 all with 5-bit codes 0..15; AC: only EOB, code "0".
	segment(0xc4, [0x00, 0, 0, 0, 0, 16, ...new Array(11).fill(0), ...Array.from({ length: 16 }, (_, i) => i)]);
	segment(0xc4, [0x10, 1, ...new Array(15).fill(0), 0x00]);
	segment(0xdd, [0, 1]);
	segment(0xda, [1, 1, 0x00, 0, 63, 0]);
	const shift = 1 << (precision - 1);
	let restart = 0;
	levels.flat().forEach((level, n, all) => {
		let bits = '';
		// Quantiser 8 and a flat block: the DC coefficient is the level-shifted value; the
		// prediction restarts at every MCU, so the difference is the value itself.
		const diff = level - shift;
		const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
		bits += category.toString(2).padStart(5, '0');
		if (category > 0) bits += (diff > 0 ? diff : diff + (1 << category) - 1).toString(2).padStart(category, '0');
		bits += '0';
		bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, '1');
		for (let i = 0; i < bits.length; i += 8) {
			const byte = parseInt(bits.slice(i, i + 8), 2);
			bytes.push(byte);
			if (byte === 0xff) bytes.push(0);
		}
		if (n < all.length - 1) bytes.push(0xff, 0xd0 + (restart++ % 8));
	});
	bytes.push(0xff, 0xd9);
	return new Uint8Array(bytes);
}

function expectedPixels(levels: number[][]): number[] {
	const out: number[] = [];
	for (const row of levels) for (let y = 0; y < 8; y++) for (const level of row) for (let x = 0; x < 8; x++) out.push(level);
	return out;
}

const info = (rows: number, columns: number, bits: number): ImageInfo => ({
	rows,
	columns,
	samplesPerPixel: 1,
	bitsAllocated: bits > 8 ? 16 : 8,
	bitsStored: bits,
	highBit: bits - 1,
	pixelRepresentation: 0,
	photometricInterpretation: 'MONOCHROME2',
	planarConfiguration: 0,
	numberOfFrames: 1,
	rescaleSlope: 1,
	rescaleIntercept: 0,
	windowCenters: [],
	windowWidths: []
});

describe('jpeg-dct restart intervals', () => {
	it('decodes 12-bit blocks across more than eight RSTn markers', async () => {
		const levels = [
			[0, 4095, 2048, 100, 3000],
			[1234, 7, 4000, 2047, 2049]
		];
		const codestream = encodeFlatBlocks(levels, 12);
		expect(Array.from(decodeJpegDct(codestream).pixels)).toEqual(expectedPixels(levels));
		const frame = await decodeFrame(codestream, info(16, 40, 12), '1.2.840.10008.1.2.4.51');
		expect(Array.from(frame.pixels)).toEqual(expectedPixels(levels));
	});

	it('decodes 8-bit blocks the same as libjpeg-turbo', async () => {
		const levels = [
			[0, 255, 128, 17],
			[200, 255, 1, 90],
			[64, 32, 16, 8]
		];
		const codestream = encodeFlatBlocks(levels, 8);
		expect(Array.from(decodeJpegDct(codestream).pixels)).toEqual(expectedPixels(levels));
		const frame = await decodeFrame(codestream, info(24, 32, 8), '1.2.840.10008.1.2.4.50');
		expect(Array.from(frame.pixels)).toEqual(expectedPixels(levels));
	});

	it('fails cleanly when a restart marker is missing', () => {
		const codestream = encodeFlatBlocks([[10, 20, 30]], 8);
		const rst = codestream.findIndex((b, i) => b === 0xff && codestream[i + 1] === 0xd0);
		const damaged = new Uint8Array([...codestream.subarray(0, rst), ...codestream.subarray(rst + 2)]);
		expect(() => decodeJpegDct(damaged)).toThrow(expect.objectContaining({ name: 'DecodeError' }));
	});

	it('rejects progressive and arithmetic-coded JPEG', () => {
		const codestream = encodeFlatBlocks([[10]], 8);
		for (const sof of [0xc2, 0xc9]) {
			const other = codestream.slice();
			other[other.findIndex((b, i) => b === 0xff && other[i + 1] === 0xc0) + 1] = sof;
			expect(() => decodeJpegDct(other)).toThrow(expect.objectContaining({ code: 'unsupported-format' }));
		}
	});
});
