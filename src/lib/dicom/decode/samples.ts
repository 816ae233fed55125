/**
 * Sample-level helpers shared by every decoder: typed arrays from little-endian bytes, masking
 * above High Bit and sign extension from Bits Stored, planar to interleaved, YBR to RGB.
 */
import { DecodeError } from './decode-error';
import type { ImageInfo, PixelArray } from './image-info';

/** bytesPerSample is BitsAllocated rounded up to whole bytes. */
export function bytesPerSample(info: Pick<ImageInfo, 'bitsAllocated'>): number {
	return Math.ceil(info.bitsAllocated / 8);
}

/** allocatePixels returns the typed array a frame of `count` samples is delivered in. */
export function allocatePixels(count: number, bitsAllocated: number, signed: boolean): PixelArray {
	if (bitsAllocated <= 8) return signed ? new Int16Array(count) : new Uint8Array(count);
	if (bitsAllocated <= 16) return signed ? new Int16Array(count) : new Uint16Array(count);
	return signed ? new Int32Array(count) : new Uint32Array(count);
}

/**
 * storedValueFn returns a function that keeps the BitsStored bits ending at HighBit and
 * sign-extends them when the pixel representation is two's complement (PS3.5 §8.1.1: bits
 * outside the stored range carry no pixel value, e.g. overlays or padding).
 */
export function storedValueFn(info: ImageInfo): (raw: number) => number {
	const stored = Math.max(1, Math.min(info.bitsStored, 32));
	const shift = Math.max(0, Math.min(info.highBit + 1 - stored, 31));
	const signed = info.pixelRepresentation === 1;
	if (stored === 32) return signed ? (raw) => raw | 0 : (raw) => raw >>> 0;
	const mask = (1 << stored) - 1;
	const up = 32 - stored;
	if (signed) return (raw) => ((((raw >>> shift) & mask) << up) >> up);
	return (raw) => (raw >>> shift) & mask;
}

/** LITTLE_ENDIAN is the byte order of typed arrays on this platform. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** fromLittleEndian turns interleaved little-endian samples into stored values. */
export function fromLittleEndian(bytes: Uint8Array, info: ImageInfo, samples: number): PixelArray {
	const width = bytesPerSample(info);
	if (bytes.length < samples * width) {
		throw new DecodeError('truncated', `pixel data holds ${bytes.length} bytes, the frame needs ${samples * width}`);
	}
	const out = allocatePixels(samples, info.bitsAllocated, info.pixelRepresentation === 1);
	const stored = storedValueFn(info);
	if (width === 2 && LITTLE_ENDIAN) {
		// The bytes are already this platform's 16-bit words: one copy (a memcpy), then masking
		// and sign extension in place only when bits outside Bits Stored may be set.
		new Uint8Array(out.buffer, out.byteOffset, samples * 2).set(bytes.subarray(0, samples * 2));
		if (info.bitsStored !== 16 || info.highBit !== 15) {
			const words = new Uint16Array(out.buffer, out.byteOffset, samples);
			for (let i = 0; i < samples; i++) out[i] = stored(words[i]);
		}
		return out;
	}
	if (width === 1) {
		for (let i = 0; i < samples; i++) out[i] = stored(bytes[i]);
	} else if (width === 2) {
		for (let i = 0, p = 0; i < samples; i++, p += 2) out[i] = stored(bytes[p] | (bytes[p + 1] << 8));
	} else if (width === 4) {
		for (let i = 0, p = 0; i < samples; i++, p += 4) {
			out[i] = stored((bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16)) + bytes[p + 3] * 0x1000000);
		}
	} else {
		throw new DecodeError('unsupported-format', `BitsAllocated ${info.bitsAllocated} is not supported`);
	}
	return out;
}

/** fitStored applies masking and sign extension to values a codec already decoded. */
export function fitStored(values: ArrayLike<number>, info: ImageInfo): PixelArray {
	const out = allocatePixels(values.length, Math.max(info.bitsAllocated, 8), info.pixelRepresentation === 1);
	const stored = storedValueFn(info);
	const width = out.BYTES_PER_ELEMENT * 8;
	if (info.highBit < width) {
		// `set` converts modulo 2^width in native code, keeping every bit `stored` reads (all lie
		// below High Bit); masking and sign extension then run in place only when they change values.
		out.set(values);
		const identity = info.bitsStored === width && info.highBit === width - 1 && (out instanceof Int16Array || out instanceof Int32Array) === (info.pixelRepresentation === 1);
		if (!identity) for (let i = 0; i < out.length; i++) out[i] = stored(out[i]);
		return out;
	}
	// Codecs may return signed data as negative numbers: the bit operations in `stored` see the
	// same two's complement pattern either way.
	for (let i = 0; i < values.length; i++) out[i] = stored(values[i]);
	return out;
}

/** interleavePlanes turns RRR..GGG..BBB.. (planar configuration 1) into RGBRGB... */
export function interleavePlanes<T extends PixelArray>(planar: T, samplesPerPixel: number): T {
	const pixels = planar.length / samplesPerPixel;
	const out = new (planar.constructor as new (n: number) => T)(planar.length);
	for (let s = 0; s < samplesPerPixel; s++) {
		const base = s * pixels;
		for (let i = 0; i < pixels; i++) out[i * samplesPerPixel + s] = planar[base + i];
	}
	return out;
}

/**
 * ybrFullToRgb converts interleaved YCbCr (full range, PS3.3 C.7.6.3.1.2) to RGB with the
 * ITU-R BT.601 / JFIF equations, rounding and clamping to the sample range.
 */
export function ybrFullToRgb<T extends PixelArray>(ybr: T, bits: number): T {
	const out = new (ybr.constructor as new (n: number) => T)(ybr.length);
	const max = 2 ** bits - 1;
	const mid = 2 ** (bits - 1);
	const clamp = (v: number) => (v < 0 ? 0 : v > max ? max : Math.round(v));
	for (let i = 0; i < ybr.length; i += 3) {
		const y = ybr[i];
		const cb = ybr[i + 1] - mid;
		const cr = ybr[i + 2] - mid;
		out[i] = clamp(y + 1.402 * cr);
		out[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
		out[i + 2] = clamp(y + 1.772 * cb);
	}
	return out;
}

/**
 * expandYbr422 turns YBR_FULL_422 native data (Y1 Y2 Cb Cr for each horizontal pair, PS3.3
 * C.7.6.3.1.2) into full YCbCr triplets, the chroma of a pair copied to both pixels.
 */
export function expandYbr422(bytes: Uint8Array, rows: number, columns: number): Uint8Array {
	const pairsPerRow = Math.ceil(columns / 2);
	const need = rows * pairsPerRow * 4;
	if (bytes.length < need) {
		throw new DecodeError('truncated', `YBR_FULL_422 data holds ${bytes.length} bytes, the frame needs ${need}`);
	}
	const out = new Uint8Array(rows * columns * 3);
	let p = 0;
	for (let r = 0; r < rows; r++) {
		for (let c = 0; c < columns; c += 2, p += 4) {
			const o = (r * columns + c) * 3;
			out[o] = bytes[p];
			out[o + 1] = bytes[p + 2];
			out[o + 2] = bytes[p + 3];
			if (c + 1 < columns) {
				out[o + 3] = bytes[p + 1];
				out[o + 4] = bytes[p + 2];
				out[o + 5] = bytes[p + 3];
			}
		}
	}
	return out;
}
