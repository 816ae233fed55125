/**
 * RLE Lossless (1.2.840.10008.1.2.5), PS3.5 Annex G: a 64-byte header of little-endian uint32
 * (segment count, then 15 segment offsets), one PackBits segment per byte plane, most
 * significant byte first, sample by sample.
 */
import { DecodeError } from './decode-error';
import type { DecodedFrame, ImageInfo } from './image-info';
import { bytesPerSample, fromLittleEndian, ybrFullToRgb } from './samples';

/** decodeRle decodes one RLE Lossless frame into interleaved stored values. */
export function decodeRle(encoded: Uint8Array, info: ImageInfo): DecodedFrame {
	if (encoded.length < 64) throw new DecodeError('truncated', `RLE frame of ${encoded.length} bytes has no complete header`);
	const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
	const segmentCount = view.getUint32(0, true);
	const width = bytesPerSample(info);
	const spp = info.samplesPerPixel;
	if (segmentCount !== width * spp) {
		throw new DecodeError('corrupt', `RLE header declares ${segmentCount} segments, ${width * spp} expected`);
	}
	const pixelsPerPlane = info.rows * info.columns;
	const interleaved = new Uint8Array(pixelsPerPlane * spp * width);
	for (let s = 0; s < segmentCount; s++) {
		const start = view.getUint32(4 + 4 * s, true);
		const end = s + 1 < segmentCount ? view.getUint32(8 + 4 * s, true) : encoded.length;
		if (start < 64 || start > encoded.length || end < start || end > encoded.length) {
			throw new DecodeError('corrupt', `RLE segment ${s} has offsets ${start}..${end} outside the frame`);
		}
		const plane = unpackBits(encoded.subarray(start, end), pixelsPerPlane, s);
		const sample = Math.floor(s / width);
		// Segment order is most significant byte first; little-endian output puts it last.
		const byte = width - 1 - (s % width);
		for (let i = 0, o = sample * width + byte; i < pixelsPerPlane; i++, o += spp * width) interleaved[o] = plane[i];
	}
	let pixels = fromLittleEndian(interleaved, info, pixelsPerPlane * spp);
	const base = { rows: info.rows, columns: info.columns, samplesPerPixel: spp, signed: info.pixelRepresentation === 1, bitsStored: info.bitsStored };
	if (info.photometricInterpretation === 'YBR_FULL') {
		pixels = ybrFullToRgb(pixels, info.bitsStored);
		return { ...base, photometricInterpretation: 'RGB', pixels };
	}
	return { ...base, photometricInterpretation: info.photometricInterpretation, pixels };
}

/** unpackBits expands one PackBits segment (PS3.5 §G.3.1) into exactly `length` bytes. */
function unpackBits(segment: Uint8Array, length: number, index: number): Uint8Array {
	const out = new Uint8Array(length);
	let i = 0;
	let o = 0;
	while (o < length && i < segment.length) {
		const n = segment[i++];
		if (n < 128) {
			const count = Math.min(n + 1, length - o, segment.length - i);
			out.set(segment.subarray(i, i + count), o);
			i += n + 1;
			o += count;
		} else if (n > 128) {
			if (i >= segment.length) break;
			const count = Math.min(257 - n, length - o);
			out.fill(segment[i++], o, o + count);
			o += count;
		}
		// n === 128 is a no-op by definition.
	}
	if (o < length) {
		throw new DecodeError('truncated', `RLE segment ${index} decodes to ${o} bytes, ${length} expected`);
	}
	return out;
}
