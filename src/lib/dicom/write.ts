/**
 * writePart10: serialise a dataset as a DICOM Part 10 file (PS3.10 §7, PS3.5 §7).
 *
 * Two passes: sizes first, then one allocation and straight copies, so rewriting a 160 MB
 * study costs one copy of the pixel data. Sequences get defined lengths; encapsulated Pixel
 * Data keeps undefined length (PS3.5 §A.4). Raw copies keep their value bytes and get a fresh
 * header in the output encoding; when the byte order differs, binary values are swapped.
 */
import type { DicomDataset, DicomElement } from './dataset';
import { TransferSyntax } from './dataset';
import { encodeString, padByteOf } from './encode';
import { vrOf } from './dictionary';
import { T } from './tags';
import { elementText } from './values';
import { hasLongLength, swapSizeOf } from './vr';

export { encodeDS, encodeIS, encodeNumbers, encodeString, encodeUL, encodeUS, formatDS } from './encode';

/** OutElement is one element to write: encoded bytes, items, fragments, or a raw copy of a parsed element. */
export type OutElement =
	| { tag: number; vr: string; value: Uint8Array }
	| { tag: number; vr: 'SQ'; items: OutElement[][] }
	| { tag: number; vr: string; fragments: Uint8Array[] }
	| { tag: number; vr: string; copyFrom: DicomElement; source: DicomDataset };

/** WriteInput describes a file to write. `value` bytes must already be in the output byte order. */
export interface WriteInput {
	/** meta holds extra File Meta elements; the writer generates group length, version, syntax and implementation ids. */
	meta?: OutElement[];
	dataset: OutElement[];
	transferSyntaxUID: string;
	/** sopClassUID / sopInstanceUID set the Media Storage UIDs; by default they come from `meta`, then from the dataset. */
	sopClassUID?: string;
	sopInstanceUID?: string;
}

/** IMPLEMENTATION_CLASS_UID is Cassette's (PS3.7 D.3.3.2), a UUID-derived 2.25 UID fixed for version 0.1. */
export const IMPLEMENTATION_CLASS_UID = '2.25.291796307458301917094915318736117652601';
/** IMPLEMENTATION_VERSION_NAME goes in (0002,0013). */
export const IMPLEMENTATION_VERSION_NAME = 'CASSETTE_0_1';

interface Encoding {
	le: boolean;
	explicit: boolean;
}

/** Node is an element with its sizes worked out. */
interface Node {
	tag: number;
	vr: string;
	/** valueLength is the encoded value length (for fragments: including the delimiter). */
	valueLength: number;
	/** value bytes to copy (value or raw copy) */
	bytes?: Uint8Array;
	/** swap: byte width to swap when copying (1 = none) */
	swap: number;
	pad: number;
	items?: Node[][];
	itemLengths?: number[];
	fragments?: Uint8Array[];
	/** delimited: written with undefined length and a Sequence Delimitation Item */
	delimited?: boolean;
}

const UNDEFINED = 0xffffffff;

/**
 * valueNode, seqNode and fragNode make every Node with the same fields in the same order: one
 * hidden class, so the writer's property reads stay monomorphic; positional, so making one
 * allocates nothing else (the writer runs cold in the CLI, once per study).
 */
function valueNode(tag: number, vr: string, bytes: Uint8Array, swap: number, pad: number): Node {
	return { tag, vr, valueLength: 0, bytes, swap, pad, items: undefined, itemLengths: undefined, fragments: undefined, delimited: false };
}

/** outputEncodingOf returns how a syntax encodes the dataset; Deflated is written as Explicit VR LE (see writePart10). */
function outputEncodingOf(uid: string): Encoding {
	if (uid === TransferSyntax.ImplicitVRLittleEndian) return { le: true, explicit: false };
	if (uid === TransferSyntax.ExplicitVRBigEndian) return { le: false, explicit: true };
	return { le: true, explicit: true };
}

function headerSize(node: Node, enc: Encoding): number {
	return enc.explicit && hasLongLength(node.vr) ? 12 : 8;
}

function elementSize(node: Node, enc: Encoding): number {
	return headerSize(node, enc) + node.valueLength;
}

function plan(out: OutElement, enc: Encoding): Node {
	const { tag } = out;
	let vr = out.vr;
	if ('value' in out) {
		return sized(valueNode(tag, vr, out.value, 1, padByteOf(vr)), enc);
	}
	if ('items' in out) {
		return seqNode(tag, out.items.map((item) => planList(item, enc)), enc);
	}
	if ('fragments' in out) {
		return fragNode(tag, out.fragments);
	}
	const { copyFrom: el, source } = out;
	if (el.items) {
		const items = el.items.map((item) => planList(toOutElements(item), enc));
		return seqNode(tag, items, enc);
	}
	if (el.fragments) {
		return fragNode(tag, el.fragments.map((f) => source.bytes.subarray(f.offset, f.offset + f.length)));
	}
	if (vr === 'SQ') vr = 'UN'; // an SQ the parser could not read into items is opaque bytes
	const swap = source.littleEndian === enc.le ? 1 : swapSizeOf(vr);
	const bytes = source.bytes.subarray(el.valueOffset, el.valueOffset + el.length);
	return sized(valueNode(tag, vr, bytes, swap, padByteOf(vr)), enc);
}

function sized(node: Node, enc: Encoding): Node {
	const n = node.bytes!.length;
	node.valueLength = n + (n & 1);
	// A value too long for a 2-byte length is written as UN (PS3.5 §6.2.2 note).
	if (enc.explicit && !hasLongLength(node.vr) && node.valueLength > 0xffff) node.vr = 'UN';
	return node;
}

function seqNode(tag: number, items: Node[][], enc: Encoding): Node {
	const itemLengths = items.map((item) => item.reduce((sum, n) => sum + elementSize(n, enc), 0));
	// In Implicit VR a reader knows a sequence by its dictionary VR; for any other tag (private
	// ones) only undefined length tells it the value is a sequence, as dcmtk writes them.
	const delimited = !enc.explicit && vrOf(tag) !== 'SQ';
	const valueLength = itemLengths.reduce((sum, l) => sum + 8 + l, 0) + (delimited ? 8 : 0);
	return { tag, vr: 'SQ', valueLength, bytes: undefined, swap: 1, pad: 0, items, itemLengths, fragments: undefined, delimited };
}

function fragNode(tag: number, fragments: Uint8Array[]): Node {
	const valueLength = fragments.reduce((sum, f) => sum + 8 + f.length + (f.length & 1), 0) + 8;
	// Encapsulated Pixel Data is OB whatever the source said (PS3.5 §A.4).
	return { tag, vr: 'OB', valueLength, bytes: undefined, swap: 1, pad: 0, items: undefined, itemLengths: undefined, fragments, delimited: false };
}

/** planList sizes a list of elements in tag order; for a repeated tag the last one wins. */
function planList(list: readonly OutElement[], enc: Encoding, skip?: (tag: number) => boolean): Node[] {
	const kept = skip ? list.filter((out) => !skip(out.tag)) : list;
	// Usually already in ascending order (a dataset as it was read), or nearly (a few generated
	// attributes at the end), which the stable sort handles in a pass or two.
	const sorted = isAscending(kept) ? kept : [...kept].sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0));
	const nodes: Node[] = [];
	for (let i = 0; i < sorted.length; i++) {
		if (i + 1 < sorted.length && sorted[i + 1].tag >>> 0 === sorted[i].tag >>> 0) continue; // the last of a repeated tag wins
		nodes.push(plan(sorted[i], enc));
	}
	return nodes;
}

function isAscending(list: readonly OutElement[]): boolean {
	for (let i = 1; i < list.length; i++) if (list[i - 1].tag >>> 0 > list[i].tag >>> 0) return false;
	return true;
}

class Writer {
	readonly out: Uint8Array;
	readonly view: DataView;
	pos = 0;
	/** parts are the output so far when large values are referenced rather than copied (see writePart10Parts). */
	readonly parts: Uint8Array[] = [];
	/** cut is where the part of `out` not yet in `parts` starts. */
	#cut = 0;

	/** A value of at least `referenceFrom` bytes, in the output byte order, is referenced in `parts` instead of copied into `out`. */
	constructor(
		size: number,
		readonly referenceFrom = Infinity
	) {
		this.out = new Uint8Array(size);
		this.view = new DataView(this.out.buffer);
	}

	writeTagLength(tag: number, length: number, le: boolean): void {
		this.view.setUint16(this.pos, tag >>> 16, le);
		this.view.setUint16(this.pos + 2, tag & 0xffff, le);
		this.view.setUint32(this.pos + 4, length, le);
		this.pos += 8;
	}

	writeNodes(nodes: Node[], enc: Encoding): void {
		for (let i = 0; i < nodes.length; i++) this.writeNode(nodes[i], enc);
	}

	writeNode(node: Node, enc: Encoding): void {
		const { view } = this;
		const le = enc.le;
		const length = node.fragments || node.delimited ? UNDEFINED : node.valueLength;
		if (enc.explicit) {
			view.setUint16(this.pos, node.tag >>> 16, le);
			view.setUint16(this.pos + 2, node.tag & 0xffff, le);
			this.out[this.pos + 4] = node.vr.charCodeAt(0);
			this.out[this.pos + 5] = node.vr.charCodeAt(1);
			if (hasLongLength(node.vr)) {
				view.setUint16(this.pos + 6, 0, le);
				view.setUint32(this.pos + 8, length, le);
				this.pos += 12;
			} else {
				view.setUint16(this.pos + 6, length, le);
				this.pos += 8;
			}
		} else {
			this.writeTagLength(node.tag, length, le);
		}
		if (node.items) {
			node.items.forEach((item, i) => {
				this.writeTagLength(T.Item, node.itemLengths![i], le);
				this.writeNodes(item, enc);
			});
			if (node.delimited) this.writeTagLength(T.SequenceDelimitationItem, 0, le);
		} else if (node.fragments) {
			for (const f of node.fragments) {
				this.writeTagLength(T.Item, f.length + (f.length & 1), le);
				this.writeValue(f, 1, 0x00);
			}
			this.writeTagLength(T.SequenceDelimitationItem, 0, le);
		} else {
			this.writeValue(node.bytes!, node.swap, node.pad);
		}
	}

	/** writeValue copies (or references) value bytes, swapped to the output byte order, and pads an odd length. */
	writeValue(bytes: Uint8Array, swap: number, pad: number): void {
		if (swap === 1 && bytes.length >= this.referenceFrom) {
			this.parts.push(this.out.subarray(this.#cut, this.pos), bytes);
			this.#cut = this.pos;
		} else {
			this.out.set(bytes, this.pos);
			if (swap > 1) swapInPlace(this.out, this.pos, bytes.length, swap);
			this.pos += bytes.length;
		}
		if (bytes.length & 1) this.out[this.pos++] = pad;
	}

	/** finish returns the output: `out` alone, or the parts with the rest of `out`. */
	finish(): Uint8Array[] {
		return this.#cut === 0 && this.parts.length === 0 ? [this.out] : [...this.parts, this.out.subarray(this.#cut, this.pos)];
	}
}

/** referencedBytes sums the values a Writer with this threshold references instead of copying. */
function referencedBytes(nodes: readonly Node[], referenceFrom: number): number {
	let sum = 0;
	for (let i = 0; i < nodes.length; i++) {
		const node = nodes[i];
		// A node's value length covers everything in it: a short one references nothing.
		if (node.valueLength < referenceFrom) continue;
		if (node.items) for (const item of node.items) sum += referencedBytes(item, referenceFrom);
		else if (node.fragments) for (const f of node.fragments) sum += f.length >= referenceFrom ? f.length : 0;
		else if (node.swap === 1 && node.bytes!.length >= referenceFrom) sum += node.bytes!.length;
	}
	return sum;
}

function swapInPlace(buf: Uint8Array, start: number, length: number, width: number): void {
	const end = start + length - (length % width);
	for (let i = start; i < end; i += width) {
		for (let a = i, b = i + width - 1; a < b; a++, b--) {
			const t = buf[a];
			buf[a] = buf[b];
			buf[b] = t;
		}
	}
}

function uidFrom(list: readonly OutElement[] | undefined, tag: number): string | undefined {
	const out = list?.find((o) => o.tag === tag);
	if (!out) return undefined;
	if ('value' in out) return new TextDecoder().decode(out.value).replace(/[\0 ]+$/, '');
	if ('copyFrom' in out) return elementText(out.source, out.copyFrom).replace(/[\0 ]+$/, '');
	return undefined;
}

/**
 * writePart10 writes preamble, "DICM", generated File Meta Information (PS3.10 §7.1) and the
 * dataset in the transfer syntax's encoding. A Deflated syntax is written, and labelled, as
 * Explicit VR Little Endian: the same data, readable everywhere.
 * Group length elements (gggg,0000) and stray group 0002 elements in the dataset are dropped:
 * they are retired (PS3.5 §7.2) and would be stale.
 */
export function writePart10(input: WriteInput): Uint8Array {
	return writeWith(input, Infinity)[0];
}

/** REFERENCE_FROM: values this large (pixel data, fragments) are passed through by writePart10Parts, not copied. */
const REFERENCE_FROM = 64 * 1024;

/**
 * writePart10Parts writes the same bytes as writePart10, as a list of parts to write one after
 * another (`writev`): large values (Pixel Data, fragments) are the input's own bytes, not copies,
 * so a file writer never copies the pixel data at all. The parts share memory with the input.
 */
export function writePart10Parts(input: WriteInput): Uint8Array[] {
	return writeWith(input, REFERENCE_FROM);
}

function writeWith(input: WriteInput, referenceFrom: number): Uint8Array[] {
	const syntax =
		input.transferSyntaxUID === TransferSyntax.DeflatedExplicitVRLittleEndian ? TransferSyntax.ExplicitVRLittleEndian : input.transferSyntaxUID;
	const enc = outputEncodingOf(syntax);
	const metaEnc = { le: true, explicit: true };
	const sopClass = input.sopClassUID ?? uidFrom(input.meta, T.MediaStorageSOPClassUID) ?? uidFrom(input.dataset, T.SOPClassUID) ?? '';
	const sopInstance =
		input.sopInstanceUID ?? uidFrom(input.meta, T.MediaStorageSOPInstanceUID) ?? uidFrom(input.dataset, T.SOPInstanceUID) ?? '';
	const generated: OutElement[] = [
		{ tag: T.FileMetaInformationVersion, vr: 'OB', value: META_VERSION },
		{ tag: T.MediaStorageSOPClassUID, vr: 'UI', value: encodedUid(sopClass) },
		{ tag: T.MediaStorageSOPInstanceUID, vr: 'UI', value: encodeString('UI', sopInstance) },
		{ tag: T.TransferSyntaxUID, vr: 'UI', value: encodedUid(syntax) },
		{ tag: T.ImplementationClassUID, vr: 'UI', value: IMPLEMENTATION_CLASS_BYTES },
		{ tag: T.ImplementationVersionName, vr: 'SH', value: IMPLEMENTATION_VERSION_BYTES }
	];
	const metaNodes = planList([...(input.meta ?? []), ...generated], metaEnc, (t) => t >>> 16 !== 0x0002 || (t & 0xffff) === 0);
	const metaLength = metaNodes.reduce((sum, n) => sum + elementSize(n, metaEnc), 0);
	const body = planList(input.dataset, enc, (t) => (t & 0xffff) === 0 || t >>> 16 === 0x0002);
	const bodyLength = body.reduce((sum, n) => sum + elementSize(n, enc), 0);
	const referenced = referenceFrom === Infinity ? 0 : referencedBytes(metaNodes, referenceFrom) + referencedBytes(body, referenceFrom);

	const writer = new Writer(132 + 12 + metaLength + bodyLength - referenced, referenceFrom);
	writer.out.set([0x44, 0x49, 0x43, 0x4d], 128);
	writer.pos = 132;
	const groupLength = valueNode(T.FileMetaInformationGroupLength, 'UL', u32le(metaLength), 1, 0);
	groupLength.valueLength = 4;
	writer.writeNode(groupLength, metaEnc);
	writer.writeNodes(metaNodes, metaEnc);
	writer.writeNodes(body, enc);
	return writer.finish();
}

function u32le(n: number): Uint8Array {
	return new Uint8Array([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]);
}

/**
 * The meta values every file of a run shares, encoded once: the writer only reads value bytes
 * (copies them into the output), so one array serves every file.
 */
const META_VERSION = new Uint8Array([0, 1]);
const IMPLEMENTATION_CLASS_BYTES = encodeString('UI', IMPLEMENTATION_CLASS_UID);
const IMPLEMENTATION_VERSION_BYTES = encodeString('SH', IMPLEMENTATION_VERSION_NAME);
/** encodedUids remembers SOP class and transfer syntax UIDs: a handful of distinct values per run. */
const encodedUids = new Map<string, Uint8Array>();

function encodedUid(uid: string): Uint8Array {
	let bytes = encodedUids.get(uid);
	if (!bytes) {
		if (encodedUids.size >= 64) encodedUids.clear();
		encodedUids.set(uid, (bytes = encodeString('UI', uid)));
	}
	return bytes;
}

/**
 * toOutElements turns a parsed dataset into raw-copy OutElements, with sequences as item lists
 * (so a caller can edit nested elements), so that rewriting an unchanged file round-trips.
 */
export function toOutElements(ds: DicomDataset): OutElement[] {
	return ds.elements.map((el): OutElement =>
		el.items ? { tag: el.tag, vr: 'SQ', items: el.items.map(toOutElements) } : { tag: el.tag, vr: el.vr, copyFrom: el, source: ds }
	);
}
