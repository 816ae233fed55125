/**
 * parseDicom: Part 10 files and bare datasets, zero-copy (PS3.5 §7, PS3.10 §7).
 *
 * Every element is a record of offsets into the input; values are decoded on demand by
 * `values.ts`. The input is never mutated or copied, except that a Deflated body is inflated
 * into a new buffer (PS3.5 §A.5) which the dataset's `bytes` then refers to.
 *
 * Bad input ends in a DicomParseError; the parser never loops without consuming bytes and
 * bounds every read, and nesting is limited by `maxDepth`.
 */
import { Inflate, Unzlib } from 'fflate';
import type { DicomDataset, DicomElement, DicomFile, DicomFragment, ParseOptions } from './dataset';
import { DEFAULT_MAX_INFLATED_BYTES, isEncapsulatedSyntax, TransferSyntax } from './dataset';
import { vrOf } from './dictionary';
import { DicomParseError, type DicomParseErrorCode } from './parse-error';
import { ParsedDataset } from './parsed-dataset';
import { isPrivate, T } from './tags';
import { encodingOf, EXPLICIT_LE, guessEncoding, hasPart10Preamble, IMPLICIT_LE, plausibleUnder, sniffBare, uidOf, type Encoding } from './sniff';
import { hasLongLength, vrFromBytes } from './vr';

export { isDicom, sniffDicom } from './sniff';

const UNDEFINED = 0xffffffff;
const DEFAULT_MAX_DEPTH = 64;

/** parseDicom parses a Part 10 file, a file without preamble, or a bare dataset without meta header. */
export function parseDicom(bytes: Uint8Array, options: ParseOptions = {}): DicomFile {
	try {
		return parseFile(bytes, options);
	} catch (err) {
		if (err instanceof DicomParseError) throw err;
		// Safety net: no engine error (stack overflow on absurd maxDepth, DataView bounds) escapes.
		if (err instanceof RangeError) {
			const deep = /call stack/i.test(err.message);
			throw new DicomParseError(deep ? 'too-deep' : 'truncated', deep ? 'Sequences are nested too deeply' : 'Unexpected end of data', 0);
		}
		throw err;
	}
}

function parseFile(bytes: Uint8Array, options: ParseOptions): DicomFile {
	const hasPreamble = hasPart10Preamble(bytes);
	let pos = hasPreamble ? 132 : 0;
	let meta: DicomDataset | null = null;
	if (pos + 8 <= bytes.length && (bytes[pos] | (bytes[pos + 1] << 8)) === 0x0002) {
		const metaParser = new Parser(bytes, options);
		// Meta is Explicit VR LE (PS3.10 §7.1); a few writers got that wrong, so trust the bytes.
		const enc = vrFromBytes(bytes[pos + 4], bytes[pos + 5]) ? EXPLICIT_LE : IMPLICIT_LE;
		const read = metaParser.readDataset(pos, bytes.length, false, enc, 0, [], true);
		meta = read.dataset;
		pos = read.end;
	} else if (!hasPreamble && sniffBare(bytes, 0) === undefined) {
		throw new DicomParseError('not-dicom', 'Not a DICOM file: no preamble and no recognisable first element', 0);
	}

	let uid = meta ? metaTransferSyntax(meta) : '';
	let body = bytes;
	if (uid === TransferSyntax.DeflatedExplicitVRLittleEndian) {
		body = inflate(bytes.subarray(pos), pos, options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES);
		pos = 0;
	}
	// The syntax in the meta wins when its first element reads plausibly under it; otherwise the
	// bytes decide, as pydicom and dcmtk do for mislabelled or unlabelled files.
	const declared = encodingOf(uid);
	let enc: Encoding;
	if (declared && (pos >= body.length || plausibleUnder(body, pos, declared))) enc = declared;
	else if (pos >= body.length) enc = EXPLICIT_LE;
	else {
		const guessed = guessEncoding(body, pos);
		if (!guessed) throw new DicomParseError('not-dicom', 'The dataset does not start with a DICOM element', pos);
		enc = guessed;
		// A declared compressed syntax still describes the pixel data; the datasets record the
		// encoding actually found (littleEndian, explicitVR).
		if (!uid || !isEncapsulatedSyntax(uid)) uid = uidOf(enc);
	}
	if (!uid) uid = uidOf(enc);

	const parser = new Parser(body, options);
	const { dataset } = parser.readDataset(pos, body.length, false, enc, 0, [], false);
	return { hasPreamble, meta, dataset, transferSyntaxUID: uid, truncated: parser.truncated };
}

function metaTransferSyntax(meta: DicomDataset): string {
	const el = meta.get(T.TransferSyntaxUID);
	if (!el) return '';
	let s = '';
	for (let i = 0; i < el.length; i++) {
		const c = meta.bytes[el.valueOffset + i];
		if (c !== 0 && c !== 0x20) s += String.fromCharCode(c);
	}
	return s;
}

function inflate(raw: Uint8Array, offset: number, limit: number): Uint8Array {
	try {
		return inflateWithin(new Inflate(), raw, limit);
	} catch (error) {
		if (error instanceof DicomParseError) throw error;
		try {
			// Some writers wrap the deflate stream in a zlib header although PS3.5 §A.5 says raw.
			return inflateWithin(new Unzlib(), raw, limit);
		} catch (error) {
			if (error instanceof DicomParseError) throw error;
			throw new DicomParseError('bad-deflate', 'The deflated dataset cannot be inflated', offset);
		}
	}

	/** inflateWithin inflates chunk by chunk and stops as soon as the output passes `limit`, before it is all in memory. */
	function inflateWithin(stream: Inflate | Unzlib, input: Uint8Array, max: number): Uint8Array {
		const chunks: Uint8Array[] = [];
		let total = 0;
		stream.ondata = (chunk) => {
			total += chunk.length;
			if (total > max) throw new DicomParseError('too-large', `The deflated dataset inflates to more than ${Math.floor(max / 1048576)} MiB`, offset);
			chunks.push(chunk);
		};
		stream.push(input, true);
		if (chunks.length === 1) return chunks[0];
		const out = new Uint8Array(total);
		let at = 0;
		for (const chunk of chunks) {
			out.set(chunk, at);
			at += chunk.length;
		}
		return out;
	}
}

class Parser {
	readonly bytes: Uint8Array;
	readonly view: DataView;
	readonly maxDepth: number;
	readonly stopAtPixelData: boolean;
	readonly allowPartial: boolean;
	truncated = false;

	constructor(bytes: Uint8Array, options: ParseOptions) {
		this.bytes = bytes;
		this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
		this.stopAtPixelData = options.stopAtPixelData ?? false;
		this.allowPartial = options.allowPartial ?? false;
	}

	fail(code: DicomParseErrorCode, message: string, at: number): never {
		throw new DicomParseError(code, message, at);
	}

	/** overrun reports a value that runs past `limit`: past the end of the data is truncation, past an enclosing item is a bad length. */
	overrun(at: number, limit: number, what: string): never {
		if (limit >= this.bytes.length) this.fail('truncated', `The file ends inside ${what}`, at);
		this.fail('bad-length', `${what} runs past the end of its enclosing item`, at);
	}

	/**
	 * readDataset reads elements from `pos` up to `limit`, or up to an Item Delimitation Item
	 * when `delimited`. `metaOnly` stops at the first element outside group 0002.
	 */
	readDataset(
		pos: number,
		limit: number,
		delimited: boolean,
		enc: Encoding,
		depth: number,
		inheritedCharset: string[],
		metaOnly: boolean
	): { dataset: ParsedDataset; end: number } {
		const { bytes, view } = this;
		const le = enc.le;
		const elements: DicomElement[] = [];
		let charset = inheritedCharset;
		let sorted = true;
		let last = -1;
		const topLevel = depth === 0 && !metaOnly;
		let closed = !delimited;
		while (pos < limit) {
			if (pos + 8 > limit) {
				if (topLevel && this.allowPartial && limit === bytes.length) {
					this.truncated = true;
					break;
				}
				this.overrun(pos, limit, 'an element header');
			}
			const group = view.getUint16(pos, le);
			const t = ((group << 16) | view.getUint16(pos + 2, le)) >>> 0;
			if (metaOnly && group !== 0x0002) break;
			if (group === 0xfffe) {
				if (t === T.ItemDelimitationItem && delimited) {
					pos += 8;
					closed = true;
					break;
				}
				// dcmtk and pydicom skip a stray delimiter rather than reject the file.
				if (t === T.ItemDelimitationItem || t === T.SequenceDelimitationItem) {
					pos += 8;
					continue;
				}
				this.fail('bad-item', 'An item tag appears where a data element was expected', pos);
			}
			if (topLevel && this.stopAtPixelData && t === T.PixelData) break;
			let el: DicomElement;
			try {
				el = this.readElement(pos, limit, t, enc, depth, charset);
			} catch (err) {
				if (topLevel && this.allowPartial && err instanceof DicomParseError && err.code === 'truncated') {
					this.truncated = true;
					break;
				}
				throw err;
			}
			if (t === T.SpecificCharacterSet) charset = readCharset(bytes, el);
			if (t <= last) sorted = false;
			last = t;
			elements.push(el);
			pos = this.endOf(el);
		}
		if (!closed) {
			if (pos >= bytes.length) this.overrun(pos, bytes.length, 'an item of undefined length');
			this.fail('bad-length', 'An item of undefined length has no Item Delimitation Item', pos);
		}
		return { dataset: new ParsedDataset(bytes, le, enc.explicit, elements, charset, sorted), end: pos };
	}

	/** endOf returns the offset after the element, including a trailing Sequence Delimitation Item. */
	endOf(el: DicomElement): number {
		return el.valueOffset + el.length + (el.undefinedLength ? 8 : 0);
	}

	readElement(pos: number, limit: number, t: number, enc: Encoding, depth: number, charset: string[]): DicomElement {
		const { bytes, view } = this;
		const le = enc.le;
		let vr: string;
		let length: number;
		let header: number;
		if (enc.explicit) {
			const read = vrFromBytes(bytes[pos + 4], bytes[pos + 5]);
			if (read === undefined) this.fail('bad-vr', 'An Explicit VR element has no valid VR', pos + 4);
			vr = read;
			if (hasLongLength(vr)) {
				if (pos + 12 > limit) this.overrun(pos, limit, 'an element header');
				length = view.getUint32(pos + 8, le);
				header = 12;
			} else {
				length = view.getUint16(pos + 6, le);
				header = 8;
			}
		} else {
			vr = vrOf(t);
			length = view.getUint32(pos + 4, le);
			header = 8;
		}
		const valueOffset = pos + header;

		if (length === UNDEFINED) {
			if (vr === 'OB' || vr === 'OW' || (t === T.PixelData && vr !== 'SQ')) return this.readFragments(pos, valueOffset, limit, t, vr, le);
			if (vr === 'SQ' || vr === 'UN' || !enc.explicit) {
				// An undefined-length UN holds a sequence in Implicit VR LE (PS3.5 §6.2.2); an unknown
				// implicit element of undefined length is a sequence too.
				const itemEnc = vr === 'UN' ? IMPLICIT_LE : enc;
				const seq = this.readItems(valueOffset, limit, true, enc.le, itemEnc, depth, charset);
				return { tag: t, vr: vr === 'UN' && !enc.explicit ? 'SQ' : vr, start: pos, valueOffset, length: seq.valueEnd - valueOffset, undefinedLength: true, items: seq.items, fragments: undefined };
			}
			this.fail('bad-length', `A ${vr} element cannot have undefined length`, pos);
		}
		if (valueOffset + length > limit) {
			if (length > this.bytes.length) this.fail('bad-length', `A declared length of ${length} bytes exceeds the data`, pos);
			if (vr === 'SQ' && this.allowPartial && limit === this.bytes.length) {
				// A sequence declared longer than the file (seen in DICOMDIRs): keep its whole items.
				const seq = this.readItems(valueOffset, limit, false, le, enc, depth, charset);
				this.truncated = true;
				return { tag: t, vr, start: pos, valueOffset, length: seq.valueEnd - valueOffset, undefinedLength: false, items: seq.items, fragments: undefined };
			}
			this.overrun(pos, limit, 'an element value');
		}
		let items: DicomDataset[] | undefined;
		if (vr === 'SQ') {
			items = this.readItems(valueOffset, valueOffset + length, false, le, enc, depth, charset).items;
		} else if (vr === 'UN' && length >= 8 && (vrOf(t) === 'SQ' || (!enc.explicit && isPrivate(t))) && isItemStart(bytes, valueOffset)) {
			// A known sequence re-encoded as UN by a node that did not know it, or a private
			// sequence in Implicit VR: an Implicit VR LE sequence (PS3.5 §6.2.2) when its value
			// starts with an item, as GDCM reads it. If it does not parse, keep the raw bytes.
			try {
				items = this.readItems(valueOffset, valueOffset + length, false, true, IMPLICIT_LE, depth, charset).items;
				if (!enc.explicit) vr = 'SQ';
			} catch (err) {
				if (!(err instanceof DicomParseError) || err.code === 'too-deep') throw err;
			}
		}
		return { tag: t, vr, start: pos, valueOffset, length, undefinedLength: false, items, fragments: undefined };
	}

	/** readItems reads sequence items (PS3.5 §7.5) in the sequence's byte order; their content uses `itemEnc`. */
	readItems(
		pos: number,
		limit: number,
		delimited: boolean,
		le: boolean,
		itemEnc: Encoding,
		depth: number,
		charset: string[]
	): { items: DicomDataset[]; valueEnd: number } {
		if (depth + 1 > this.maxDepth) this.fail('too-deep', `Sequences are nested more than ${this.maxDepth} deep`, pos);
		const { view } = this;
		const items: DicomDataset[] = [];
		// Item tags use the enclosing byte order; an implicit UN sequence is always LE.
		const tagLE = itemEnc === IMPLICIT_LE ? true : le;
		for (;;) {
			if (!delimited && pos === limit) return { items, valueEnd: pos };
			if (pos + 8 > limit) this.overrun(pos, limit, 'a sequence');
			const t = ((view.getUint16(pos, tagLE) << 16) | view.getUint16(pos + 2, tagLE)) >>> 0;
			const length = view.getUint32(pos + 4, tagLE);
			if (t === T.SequenceDelimitationItem) {
				if (delimited) return { items, valueEnd: pos };
				pos += 8; // tolerated inside a defined-length sequence, as dcmtk does
				continue;
			}
			if (t !== T.Item) this.fail('bad-item', 'A sequence holds something other than an item', pos);
			if (length === UNDEFINED) {
				const read = this.readDataset(pos + 8, limit, true, itemEnc, depth + 1, charset, false);
				items.push(read.dataset);
				pos = read.end;
			} else {
				let end = pos + 8 + length;
				if (end > limit) {
					if (length > this.bytes.length) this.fail('bad-length', `An item length of ${length} bytes exceeds the data`, pos);
					if (!(this.allowPartial && limit === this.bytes.length)) this.overrun(pos, limit, 'a sequence item');
					// An item declared longer than the file: keep the whole elements it holds.
					end = limit;
					this.truncated = true;
				}
				items.push(this.readDataset(pos + 8, end, false, itemEnc, depth + 1, charset, false).dataset);
				pos = end;
			}
		}
	}

	/** readFragments reads encapsulated Pixel Data items (PS3.5 §A.4); the first is the Basic Offset Table. */
	readFragments(start: number, valueOffset: number, limit: number, t: number, vr: string, le: boolean): DicomElement {
		const { view } = this;
		const fragments: DicomFragment[] = [];
		let pos = valueOffset;
		for (;;) {
			if (pos + 8 > limit) this.overrun(pos, limit, 'encapsulated pixel data');
			const it = ((view.getUint16(pos, le) << 16) | view.getUint16(pos + 2, le)) >>> 0;
			const length = view.getUint32(pos + 4, le);
			if (it === T.SequenceDelimitationItem) break;
			if (it !== T.Item) this.fail('bad-item', 'Encapsulated pixel data holds something other than an item', pos);
			if (length === UNDEFINED) this.fail('bad-length', 'A pixel data fragment has undefined length', pos);
			if (pos + 8 + length > limit) this.overrun(pos, limit, 'a pixel data fragment');
			fragments.push({ offset: pos + 8, length });
			pos += 8 + length;
		}
		return { tag: t, vr, start, valueOffset, length: pos - valueOffset, undefinedLength: true, items: undefined, fragments };
	}
}

function isItemStart(bytes: Uint8Array, pos: number): boolean {
	return bytes[pos] === 0xfe && bytes[pos + 1] === 0xff && bytes[pos + 2] === 0x00 && bytes[pos + 3] === 0xe0;
}

/** readCharset splits Specific Character Set into its terms; the first may be empty (default G0, PS3.3 C.12.1.1.2). */
function readCharset(bytes: Uint8Array, el: DicomElement): string[] {
	let s = '';
	for (let i = 0; i < el.length; i++) s += String.fromCharCode(bytes[el.valueOffset + i]);
	const terms = s.split('\\').map((v) => v.replace(/[\0 ]+$/, '').trim());
	return terms.length === 1 && terms[0] === '' ? [] : terms;
}
