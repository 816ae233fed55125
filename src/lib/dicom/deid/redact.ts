/**
 * redactRegions: black out rectangles on every frame of an image (burned-in names, dates,
 * IDs), the way a contributor does it series-wide after reviewing an image at risk.
 *
 * Every frame is decoded (any syntax `decodeFrame` reads), the rectangles are set to the value
 * that displays as black, and the image is written uncompressed (Explicit VR Little Endian;
 * YBR data decoded to RGB, samples interleaved). Burned In Annotation becomes NO, and when the
 * file records a de-identification method the Clean Pixel Data Option (CID 7050 113101) is
 * added to it. Lossy Image Compression is kept: a lossy history stays true after decoding.
 */
import type { DicomFile } from '../dataset';
import { decodeFrame } from '../decode/decode-frame';
import { encodedFrame, imageInfoOf } from '../decode/frames';
import type { DecodedFrame, ImageInfo } from '../decode/image-info';
import { TransferSyntax } from '../dataset';
import { T } from '../tags';
import { getSequence } from '../values';
import { encodeString, toOutElements, writePart10, type OutElement } from '../write';
import { CID_7050 } from './method';

/** RedactRegion is a rectangle in pixel coordinates (columns from the left, rows from the top). */
export interface RedactRegion {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** blackOf returns the stored sample value that displays as black for this frame's photometric interpretation. */
function blackOf(frame: DecodedFrame, sample: number): number {
	const photometric = frame.photometricInterpretation;
	const max = frame.signed ? 2 ** (frame.bitsStored - 1) - 1 : 2 ** frame.bitsStored - 1;
	const min = frame.signed ? -(2 ** (frame.bitsStored - 1)) : 0;
	if (photometric === 'MONOCHROME1') return max;
	// Luminance 0 with neutral chroma (PS3.3 C.7.6.3.1.2); decodeFrame delivers YBR as RGB, this covers YBR it left alone.
	if (photometric.startsWith('YBR') && sample > 0) return 2 ** (frame.bitsStored - 1);
	return min;
}

function checkRegions(regions: readonly RedactRegion[]): void {
	for (const r of regions) {
		const ok = [r.x, r.y, r.width, r.height].every(Number.isInteger) && r.width > 0 && r.height > 0;
		if (!ok) throw new RangeError(`redactRegions: ${JSON.stringify(r)} is not a rectangle of whole pixels with a positive size`);
	}
}

/** blank sets every sample inside the regions (clipped to the image) to black, in place on a frame this module owns. */
function blank(frame: DecodedFrame, regions: readonly RedactRegion[]): void {
	const { rows, columns, samplesPerPixel: spp, pixels } = frame;
	for (const r of regions) {
		const x0 = Math.max(0, r.x);
		const y0 = Math.max(0, r.y);
		const x1 = Math.min(columns, r.x + r.width);
		const y1 = Math.min(rows, r.y + r.height);
		for (let y = y0; y < y1; y++) {
			for (let x = x0; x < x1; x++) {
				for (let s = 0; s < spp; s++) pixels[(y * columns + x) * spp + s] = blackOf(frame, s);
			}
		}
	}
}

/** littleEndianBytes returns a frame's samples as little-endian bytes of `bitsAllocated` each. */
function littleEndianBytes(frame: DecodedFrame, info: ImageInfo): Uint8Array {
	const width = info.bitsAllocated / 8;
	const { pixels } = frame;
	if (pixels.BYTES_PER_ELEMENT !== width || pixels instanceof Float32Array) {
		throw new RangeError(`redactRegions: cannot write ${info.bitsAllocated}-bit samples decoded as ${pixels.constructor.name}`);
	}
	const out = new Uint8Array(pixels.length * width);
	const view = new DataView(out.buffer);
	for (let i = 0; i < pixels.length; i++) {
		const v = pixels[i];
		if (width === 1) out[i] = v;
		else if (width === 2) view.setUint16(i * 2, v & 0xffff, true);
		else view.setUint32(i * 4, v >>> 0, true);
	}
	return out;
}

/**
 * redactRegions returns a new Part 10 file in which every frame of `file` is blacked out inside
 * `regions`. `file` is usually a de-identified instance, parsed; it is not modified. Throws a
 * DecodeError for pixels that cannot be decoded, a RangeError for bad regions or 1-bit images.
 */
export async function redactRegions(file: DicomFile, regions: readonly RedactRegion[]): Promise<Uint8Array> {
	checkRegions(regions);
	const info = imageInfoOf(file);
	if (![8, 16, 32].includes(info.bitsAllocated)) throw new RangeError(`redactRegions: ${info.bitsAllocated}-bit images are not supported`);
	const frameBytes: Uint8Array[] = [];
	let photometric = info.photometricInterpretation;
	for (let i = 0; i < info.numberOfFrames; i++) {
		const decoded = await decodeFrame(encodedFrame(file, i, info), info, file.transferSyntaxUID);
		// decodeFrame may hand back a view of the input (native data): blank a copy, never the input.
		const frame = { ...decoded, pixels: decoded.pixels.slice() };
		blank(frame, regions);
		frameBytes.push(littleEndianBytes(frame, info));
		photometric = frame.photometricInterpretation;
	}
	const pixelData = new Uint8Array(frameBytes.reduce((n, f) => n + f.length, 0));
	frameBytes.reduce((at, f) => (pixelData.set(f, at), at + f.length), 0);

	const replaced = new Map<number, OutElement>([
		[T.PixelData, { tag: T.PixelData, vr: info.bitsAllocated > 8 ? 'OW' : 'OB', value: pixelData }],
		[T.BurnedInAnnotation, { tag: T.BurnedInAnnotation, vr: 'CS', value: encodeString('CS', 'NO') }],
		[T.PhotometricInterpretation, { tag: T.PhotometricInterpretation, vr: 'CS', value: encodeString('CS', photometric) }]
	]);
	if (info.samplesPerPixel > 1) replaced.set(T.PlanarConfiguration, { tag: T.PlanarConfiguration, vr: 'US', value: new Uint8Array([0, 0]) });
	const method = getSequence(file.dataset, T.DeidentificationMethodCodeSequence);
	if (method.length > 0) {
		const [value, meaning] = CID_7050.cleanPixelData;
		const items = method.map(toOutElements);
		items.push([
			{ tag: T.CodeValue, vr: 'SH', value: encodeString('SH', value) },
			{ tag: T.CodingSchemeDesignator, vr: 'SH', value: encodeString('SH', 'DCM') },
			{ tag: T.CodeMeaning, vr: 'LO', value: encodeString('LO', meaning) }
		]);
		replaced.set(T.DeidentificationMethodCodeSequence, { tag: T.DeidentificationMethodCodeSequence, vr: 'SQ', items });
	}
	// Offset tables describe the old encapsulated fragments (PS3.5 §A.4): they go with them.
	const dropped = new Set<number>([T.ExtendedOffsetTable, T.ExtendedOffsetTableLengths]);
	const dataset = toOutElements(file.dataset).filter((e) => !dropped.has(e.tag) && !replaced.has(e.tag));
	return writePart10({
		dataset: [...dataset, ...replaced.values()],
		transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian
	});
}
