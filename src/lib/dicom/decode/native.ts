/**
 * Native (uncompressed) pixel data: Implicit/Explicit VR Little Endian, Explicit VR Big Endian
 * and Deflated (inflated by the parser before it reaches here). PS3.5 §8.1.1, §8.2.
 */
import { DecodeError } from './decode-error';
import type { DecodedFrame, ImageInfo } from './image-info';
import { bytesPerSample, expandYbr422, fromLittleEndian, interleavePlanes, ybrFullToRgb } from './samples';

/** nativeFrameLength is the number of bytes one native frame occupies (bits for 1-bit data rounded up). */
export function nativeFrameLength(info: ImageInfo): number {
	const pixels = info.rows * info.columns;
	if (info.bitsAllocated === 1) return Math.ceil((pixels * info.samplesPerPixel) / 8);
	if (info.photometricInterpretation === 'YBR_FULL_422') return info.rows * Math.ceil(info.columns / 2) * 4;
	return pixels * info.samplesPerPixel * bytesPerSample(info);
}

/**
 * decodeNative decodes one native frame. `bigEndian` is true for Explicit VR Big Endian, whose
 * 16- and 32-bit samples are byte-swapped (8-bit data is a byte stream either way).
 */
export function decodeNative(encoded: Uint8Array, info: ImageInfo, bigEndian: boolean): DecodedFrame {
	const samples = info.rows * info.columns * info.samplesPerPixel;
	const need = nativeFrameLength(info);
	if (encoded.length < need) {
		throw new DecodeError('truncated', `native frame holds ${encoded.length} bytes, ${need} expected`);
	}
	const base = {
		rows: info.rows,
		columns: info.columns,
		samplesPerPixel: info.samplesPerPixel,
		signed: info.pixelRepresentation === 1,
		bitsStored: info.bitsStored
	};
	if (info.bitsAllocated === 1) {
		// PS3.5 §8.1.1: 1-bit pixels are packed with the first pixel in the least significant bit.
		const pixels = new Uint8Array(samples);
		for (let i = 0; i < samples; i++) pixels[i] = (encoded[i >> 3] >> (i & 7)) & 1;
		return { ...base, signed: false, photometricInterpretation: info.photometricInterpretation, pixels };
	}
	if (info.photometricInterpretation === 'YBR_FULL_422' && info.bitsAllocated === 8) {
		const ybr = expandYbr422(encoded, info.rows, info.columns);
		return { ...base, photometricInterpretation: 'RGB', pixels: ybrFullToRgb(ybr, 8) };
	}
	const width = bytesPerSample(info);
	const littleEndian = bigEndian && width > 1 ? swapBytes(encoded.subarray(0, need), width) : encoded;
	let pixels = fromLittleEndian(littleEndian, info, samples);
	if (info.samplesPerPixel > 1 && info.planarConfiguration === 1) {
		pixels = interleavePlanes(pixels, info.samplesPerPixel);
	}
	if (info.photometricInterpretation === 'YBR_FULL') {
		return { ...base, photometricInterpretation: 'RGB', pixels: ybrFullToRgb(pixels, info.bitsStored) };
	}
	return { ...base, photometricInterpretation: info.photometricInterpretation, pixels };
}

/** swapBytes returns a copy with every `width`-byte word reversed. */
function swapBytes(bytes: Uint8Array, width: number): Uint8Array {
	const out = new Uint8Array(bytes.length - (bytes.length % width));
	for (let i = 0; i < out.length; i += width) {
		for (let b = 0; b < width; b++) out[i + b] = bytes[i + width - 1 - b];
	}
	return out;
}
