/**
 * HTJ2K: no installed tool writes it (gdcmconv and dcmtk do not), so frames are encoded at test
 * time by OpenJPH's own encoder (same WASM module), decoded by decodeFrame (OpenJPH) and
 * cross-checked with OpenJPEG, an independent HTJ2K decoder, and with the source pixels.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceFile, type SourceKind } from '../../../../tests/reference/generated';
import { parseDicom } from '../parse';
import { loadCodec } from './codecs';
import { decodeFrame } from './decode-frame';
import { encodedFrame, imageInfoOf } from './frames';
import type { DecodedFrame, ImageInfo } from './image-info';
import { decodeJpeg2000 } from './jpeg-2000';

interface HTJ2KEncoder {
	getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform: boolean }): Uint8Array;
	setQuality(lossless: boolean, quantizationStep: number): void;
	encode(): void;
	getEncodedBuffer(): Uint8Array;
	delete(): void;
}

async function source(kind: SourceKind): Promise<{ info: ImageInfo; frame: DecodedFrame }> {
	const file = parseDicom(new Uint8Array(readFileSync(sourceFile(kind))));
	const info = imageInfoOf(file);
	return { info, frame: await decodeFrame(encodedFrame(file, 0, info), info, file.transferSyntaxUID) };
}

async function encodeHtj2k(frame: DecodedFrame, info: ImageInfo, lossless: boolean): Promise<Uint8Array> {
	const module = (await loadCodec('openjph')) as unknown as { HTJ2KEncoder: new () => HTJ2KEncoder };
	const encoder = new module.HTJ2KEncoder();
	try {
		const bytesPerSample = info.bitsAllocated / 8;
		const input = encoder.getDecodedBuffer({
			width: info.columns,
			height: info.rows,
			bitsPerSample: info.bitsStored,
			componentCount: info.samplesPerPixel,
			isSigned: info.pixelRepresentation === 1,
			isUsingColorTransform: info.samplesPerPixel === 3
		});
		const samples = bytesPerSample === 1 ? Uint8Array.from(frame.pixels) : new Uint8Array(Int16Array.from(frame.pixels).buffer);
		input.set(samples);
		encoder.setQuality(lossless, lossless ? 0 : 0.0005);
		encoder.encode();
		return encoder.getEncodedBuffer().slice();
	} finally {
		encoder.delete();
	}
}

function maxDifference(a: DecodedFrame, b: DecodedFrame): number {
	expect(a.pixels.length).toBe(b.pixels.length);
	let max = 0;
	for (let i = 0; i < a.pixels.length; i++) max = Math.max(max, Math.abs(a.pixels[i] - b.pixels[i]));
	return max;
}

describe('HTJ2K', () => {
	for (const kind of ['ct16', 'rgb'] as const) {
		it(`lossless ${kind}: identical to the source and to OpenJPEG`, async () => {
			const { info, frame } = await source(kind);
			const codestream = await encodeHtj2k(frame, info, true);
			const decoded = await decodeFrame(codestream, info, '1.2.840.10008.1.2.4.201');
			expect(decoded.photometricInterpretation).toBe(info.samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2');
			expect(maxDifference(decoded, frame)).toBe(0);
			expect(maxDifference(await decodeJpeg2000(codestream, info, 'openjpeg'), decoded)).toBe(0);
		});
	}

	it('lossy ct16: bounded error, same as OpenJPEG', async () => {
		const { info, frame } = await source('ct16');
		const codestream = await encodeHtj2k(frame, info, false);
		const decoded = await decodeFrame(codestream, info, '1.2.840.10008.1.2.4.203');
		let squared = 0;
		for (let i = 0; i < frame.pixels.length; i++) squared += (decoded.pixels[i] - frame.pixels[i]) ** 2;
		const rmsHu = Math.sqrt(squared / frame.pixels.length);
		// Quantisation step 0.0005 of the 16-bit range: lossy, yet within the phantom's own noise (12 HU).
		expect(rmsHu).toBeGreaterThan(0);
		expect(rmsHu).toBeLessThan(12);
		expect(maxDifference(await decodeJpeg2000(codestream, info, 'openjpeg'), decoded)).toBeLessThanOrEqual(1);
	});
});
