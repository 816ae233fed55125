/**
 * frames reads, from a parsed file, what the codec layer needs: the ImageInfo and frame N's
 * encoded bytes (native frames by offset; encapsulated frames by the Extended Offset Table, the
 * Basic Offset Table, one fragment per frame, or codestream start markers, PS3.5 §A.4).
 */
import type { DicomDataset, DicomFile, DicomFragment } from '../dataset';
import { T } from '../tags';
import { getNumber, getNumbers, getSequence, getString, rawValue } from '../values';
import { DecodeError } from './decode-error';
import type { ImageInfo, LookupTable } from './image-info';
import { nativeFrameLength } from './native';
import { expandSegmentedLut } from './segmented-lut';
import { isEncapsulated, transferSyntaxOf } from './transfer-syntaxes';

/**
 * imageInfoOf reads the Image Pixel, Multi-frame, Modality LUT and VOI LUT attributes. For
 * enhanced multi-frame objects, rescale and window come from the functional groups of frame
 * `frame` (PS3.3 C.7.6.16: per-frame values override shared ones, which override top level).
 */
export function imageInfoOf(file: DicomFile, frame = 0): ImageInfo {
	const ds = file.dataset;
	const num = (tag: number, fallback: number) => getNumber(ds, tag) ?? fallback;
	const bitsAllocated = num(T.BitsAllocated, 0);
	const bitsStored = num(T.BitsStored, bitsAllocated);
	const photometricInterpretation = (getString(ds, T.PhotometricInterpretation) ?? 'MONOCHROME2').toUpperCase();
	const frames = getNumber(ds, T.NumberOfFrames);
	const pixelRepresentation = num(T.PixelRepresentation, 0);
	const info: ImageInfo = {
		rows: num(T.Rows, 0),
		columns: num(T.Columns, 0),
		samplesPerPixel: num(T.SamplesPerPixel, 1),
		bitsAllocated,
		bitsStored,
		highBit: num(T.HighBit, bitsStored - 1),
		pixelRepresentation,
		photometricInterpretation,
		planarConfiguration: num(T.PlanarConfiguration, 0),
		// A missing or unreadable Number of Frames (e.g. "1A") means one frame.
		numberOfFrames: frames !== undefined && Number.isInteger(frames) && frames > 0 ? frames : 1,
		...frameValues(ds, frame),
		...lookupTables(ds, pixelRepresentation)
	};
	return photometricInterpretation === 'PALETTE COLOR' ? { ...info, palette: paletteOf(ds, pixelRepresentation) } : info;
}

/** frameValues returns rescale and window of a frame, functional groups first. */
function frameValues(ds: DicomDataset, frame: number): Pick<ImageInfo, 'rescaleSlope' | 'rescaleIntercept' | 'windowCenters' | 'windowWidths' | 'voiLutFunction'> {
	const groups = [getSequence(ds, T.PerFrameFunctionalGroupsSequence)[frame], getSequence(ds, T.SharedFunctionalGroupsSequence)[0]].filter(
		(item): item is DicomDataset => item !== undefined
	);
	const sources = (macro: number) => [...groups.map((g) => getSequence(g, macro)[0]).filter((item): item is DicomDataset => item !== undefined), ds];
	const rescale = sources(T.PixelValueTransformationSequence).find((item) => getNumber(item, T.RescaleSlope) !== undefined || getNumber(item, T.RescaleIntercept) !== undefined) ?? ds;
	const voi = sources(T.FrameVOILUTSequence).find((item) => getNumbers(item, T.WindowWidth).some(Number.isFinite)) ?? ds;
	return {
		rescaleSlope: getNumber(rescale, T.RescaleSlope) ?? 1,
		rescaleIntercept: getNumber(rescale, T.RescaleIntercept) ?? 0,
		windowCenters: getNumbers(voi, T.WindowCenter).filter(Number.isFinite),
		windowWidths: getNumbers(voi, T.WindowWidth).filter(Number.isFinite),
		voiLutFunction: getString(voi, T.VOILUTFunction)
	};
}

/** lookupTables reads the Modality LUT and VOI LUT Sequences when present (PS3.3 C.11.1, C.11.2). */
function lookupTables(ds: DicomDataset, pixelRepresentation: number): Pick<ImageInfo, 'modalityLut' | 'voiLuts'> {
	const modalityItem = getSequence(ds, T.ModalityLUTSequence)[0];
	const modalityLut = modalityItem && lutOf(modalityItem, T.LUTDescriptor, T.LUTData, pixelRepresentation);
	// VOI LUT inputs are modality values, which may be negative whatever the pixel representation.
	const voiLuts = getSequence(ds, T.VOILUTSequence)
		.map((item) => lutOf(item, T.LUTDescriptor, T.LUTData, item.get(T.LUTDescriptor)?.vr === 'SS' ? 1 : 0))
		.filter((lut): lut is LookupTable => lut !== undefined);
	return { ...(modalityLut ? { modalityLut } : {}), ...(voiLuts.length ? { voiLuts } : {}) };
}

/** paletteOf reads the three Palette Color Lookup Tables (PS3.3 C.7.6.3.1.5, C.7.6.3.1.6). */
function paletteOf(ds: DicomDataset, pixelRepresentation: number): ImageInfo['palette'] {
	const channel = (descriptor: number, data: number, segmented: number) =>
		ds.get(data) ? lutOf(ds, descriptor, data, pixelRepresentation) : segmentedLutOf(ds, descriptor, segmented, pixelRepresentation);
	const red = channel(T.RedPaletteColorLookupTableDescriptor, T.RedPaletteColorLookupTableData, T.SegmentedRedPaletteColorLookupTableData);
	const green = channel(T.GreenPaletteColorLookupTableDescriptor, T.GreenPaletteColorLookupTableData, T.SegmentedGreenPaletteColorLookupTableData);
	const blue = channel(T.BluePaletteColorLookupTableDescriptor, T.BluePaletteColorLookupTableData, T.SegmentedBluePaletteColorLookupTableData);
	return red && green && blue ? { red, green, blue } : undefined;
}

/** segmentedLutOf reads a descriptor and expands its Segmented Palette Color LUT Data (C.7.9.2). */
function segmentedLutOf(ds: DicomDataset, descriptorTag: number, dataTag: number, pixelRepresentation: number): LookupTable | undefined {
	const descriptor = descriptorOf(ds, descriptorTag, pixelRepresentation);
	const data = ds.get(dataTag);
	if (!descriptor || !data) return undefined;
	const raw = rawValue(ds, data);
	// Segment data is OW: 16-bit words whatever the entry size.
	const words = Array.from({ length: raw.length >> 1 }, (_, i) => (ds.littleEndian ? raw[2 * i] | (raw[2 * i + 1] << 8) : (raw[2 * i] << 8) | raw[2 * i + 1]));
	const expanded = expandSegmentedLut(words);
	const values = new Uint16Array(descriptor.entries);
	values.set(expanded.subarray(0, descriptor.entries));
	return { ...descriptor, data: values };
}

/** descriptorOf reads a LUT descriptor: entries (0 means 65536), first mapped value, bits per entry. */
function descriptorOf(ds: DicomDataset, tag: number, pixelRepresentation: number): Omit<LookupTable, 'data'> | undefined {
	const descriptor = ds.get(tag);
	if (!descriptor || descriptor.length < 6) return undefined;
	const view = new DataView(ds.bytes.buffer, ds.bytes.byteOffset + descriptor.valueOffset, 6);
	return {
		entries: view.getUint16(0, ds.littleEndian) || 65536,
		// The first mapped value has the pixel data's signedness (C.7.6.3.1.5).
		firstValue: pixelRepresentation === 1 ? view.getInt16(2, ds.littleEndian) : view.getUint16(2, ds.littleEndian),
		bits: Math.min(16, Math.max(1, view.getUint16(4, ds.littleEndian)))
	};
}

/** lutOf reads a LUT descriptor (entries, first value, bits) and its data (PS3.3 C.11.1.1.1). */
function lutOf(ds: DicomDataset, descriptorTag: number, dataTag: number, pixelRepresentation: number): LookupTable | undefined {
	const descriptor = descriptorOf(ds, descriptorTag, pixelRepresentation);
	const data = ds.get(dataTag);
	if (!descriptor || !data) return undefined;
	const { entries, bits } = descriptor;
	const raw = rawValue(ds, data);
	const values = new Uint16Array(entries);
	// 8-bit entries are often written one per 16-bit word; otherwise they are packed bytes.
	const words = bits > 8 || raw.length >= entries * 2;
	for (let i = 0; i < entries; i++) {
		if (words) {
			const at = i * 2;
			values[i] = at + 1 < raw.length ? (ds.littleEndian ? raw[at] | (raw[at + 1] << 8) : (raw[at] << 8) | raw[at + 1]) : 0;
		} else {
			values[i] = raw[i] ?? 0;
		}
	}
	return { ...descriptor, data: values };
}

/** frameCount is the number of frames the file declares. */
export function frameCount(file: DicomFile): number {
	return imageInfoOf(file).numberOfFrames;
}

/**
 * encodedFrame returns frame `index` (from 0) as decodeFrame takes it: a view into the file's
 * bytes when the frame is contiguous, a copy when it spans fragments or starts mid-byte.
 */
export function encodedFrame(file: DicomFile, index: number, info: ImageInfo = imageInfoOf(file)): Uint8Array {
	if (!Number.isInteger(index) || index < 0 || index >= info.numberOfFrames) {
		throw new DecodeError('frame-out-of-range', `frame ${index} is outside 0..${info.numberOfFrames - 1}`);
	}
	const ds = file.dataset;
	const pixelData = ds.get(T.PixelData);
	if (!pixelData) throw new DecodeError('no-pixel-data', 'the file has no Pixel Data');
	const syntax = file.transferSyntaxUID;
	if (!transferSyntaxOf(syntax)) throw new DecodeError('unsupported-syntax', `transfer syntax ${syntax} has no pixel decoder`);
	if (!isEncapsulated(syntax)) {
		const value = rawValue(ds, pixelData);
		if (info.bitsAllocated === 1) return bitFrame(value, info, index);
		const length = nativeFrameLength(info);
		return value.subarray(Math.min(value.length, index * length), Math.min(value.length, (index + 1) * length));
	}
	if (!pixelData.fragments) throw new DecodeError('corrupt', 'encapsulated Pixel Data has no items');
	const [offsetTable, ...items] = pixelData.fragments;
	if (items.length === 0) throw new DecodeError('corrupt', 'encapsulated Pixel Data has no fragments');
	return join(ds.bytes, frameFragments(ds, offsetTable, items, info.numberOfFrames, index, syntax));
}

/** bitFrame copies a 1-bit frame, which need not start on a byte boundary (PS3.5 §8.1.1). */
function bitFrame(value: Uint8Array, info: ImageInfo, index: number): Uint8Array {
	const bits = info.rows * info.columns * info.samplesPerPixel;
	const first = index * bits;
	if (first % 8 === 0) return value.subarray(Math.min(value.length, first / 8), Math.min(value.length, (first + bits + 7) >> 3));
	const out = new Uint8Array(Math.ceil(bits / 8));
	for (let i = 0; i < bits; i++) {
		const at = first + i;
		if (at >> 3 >= value.length) return out.subarray(0, i >> 3);
		if ((value[at >> 3] >> (at & 7)) & 1) out[i >> 3] |= 1 << (i & 7);
	}
	return out;
}

function frameFragments(ds: DicomDataset, offsetTable: DicomFragment, items: DicomFragment[], frames: number, index: number, syntax: string): DicomFragment[] {
	// Offsets in both tables count from the first fragment's item tag (8 bytes before its value).
	const base = items[0].offset - 8;
	const extended = ds.get(T.ExtendedOffsetTable);
	const extendedLengths = ds.get(T.ExtendedOffsetTableLengths);
	if (extended && extendedLengths && extended.length === frames * 8 && extendedLengths.length === frames * 8) {
		const at = readUint64(ds, extended.valueOffset + index * 8);
		const length = readUint64(ds, extendedLengths.valueOffset + index * 8);
		const first = items.findIndex((f) => f.offset - 8 - base === at);
		if (first < 0) throw new DecodeError('corrupt', `Extended Offset Table entry ${index} points at no fragment`);
		const out: DicomFragment[] = [];
		for (let i = first, total = 0; i < items.length && total < length; i++) {
			out.push(items[i]);
			total += items[i].length;
		}
		return out;
	}
	if (offsetTable.length >= 4 * frames && frames > 0) {
		const table = new DataView(ds.bytes.buffer, ds.bytes.byteOffset + offsetTable.offset, offsetTable.length);
		const start = table.getUint32(index * 4, true);
		const end = index + 1 < frames ? table.getUint32((index + 1) * 4, true) : Infinity;
		const out = items.filter((f) => f.offset - 8 - base >= start && f.offset - 8 - base < end);
		if (out.length === 0) throw new DecodeError('corrupt', `Basic Offset Table entry ${index} points at no fragment`);
		return out;
	}
	if (frames === 1) return items;
	if (items.length === frames) return [items[index]];
	// No table and more fragments than frames: a frame starts at each fragment that opens a codestream.
	const starts = items.map((f, i) => i).filter((i) => startsCodestream(ds.bytes.subarray(items[i].offset, items[i].offset + 12), syntax));
	if (starts.length !== frames) {
		throw new DecodeError('corrupt', `cannot split ${items.length} fragments into ${frames} frames without an offset table`);
	}
	return items.slice(starts[index], index + 1 < frames ? starts[index + 1] : items.length);
}

function startsCodestream(head: Uint8Array, syntax: string): boolean {
	const encoding = transferSyntaxOf(syntax)?.encoding;
	if (encoding === 'jpeg-2000' || encoding === 'htj2k') {
		return (head[0] === 0xff && head[1] === 0x4f) || (head[4] === 0x6a && head[5] === 0x50 && head[6] === 0x20);
	}
	// JPEG, JPEG lossless and JPEG-LS codestreams open with SOI.
	return head[0] === 0xff && head[1] === 0xd8;
}

function readUint64(ds: DicomDataset, offset: number): number {
	const view = new DataView(ds.bytes.buffer, ds.bytes.byteOffset + offset, 8);
	return Number(view.getBigUint64(0, ds.littleEndian));
}

function join(bytes: Uint8Array, fragments: DicomFragment[]): Uint8Array {
	if (fragments.length === 1) return bytes.subarray(fragments[0].offset, fragments[0].offset + fragments[0].length);
	const out = new Uint8Array(fragments.reduce((n, f) => n + f.length, 0));
	let at = 0;
	for (const f of fragments) {
		out.set(bytes.subarray(f.offset, f.offset + f.length), at);
		at += f.length;
	}
	return out;
}
