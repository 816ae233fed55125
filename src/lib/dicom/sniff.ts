/**
 * Recognising DICOM bytes and their encoding before parsing: the Part 10 preamble (PS3.10 §7.1),
 * and for files without one, the endianness and VR explicitness of the first element.
 */
import { TransferSyntax } from './dataset';
import { hasLongLength, KNOWN_VRS, vrFromBytes } from './vr';

const UNDEFINED = 0xffffffff;

/** Encoding is how a dataset is encoded: byte order and VR explicitness (PS3.5 §7.1, §7.3). */
export interface Encoding {
	le: boolean;
	explicit: boolean;
}
/** IMPLICIT_LE, EXPLICIT_LE and EXPLICIT_BE are the three encodings of PS3.5 Annex A. */
export const IMPLICIT_LE: Encoding = { le: true, explicit: false };
export const EXPLICIT_LE: Encoding = { le: true, explicit: true };
export const EXPLICIT_BE: Encoding = { le: false, explicit: true };

/** encodingOf returns the dataset encoding a transfer syntax declares, or undefined for none. */
export function encodingOf(uid: string): Encoding | undefined {
	if (!uid) return undefined;
	if (uid === TransferSyntax.ImplicitVRLittleEndian) return IMPLICIT_LE;
	if (uid === TransferSyntax.ExplicitVRBigEndian) return EXPLICIT_BE;
	// Every other syntax (deflate after inflation, and all compressed ones) is Explicit VR LE.
	return EXPLICIT_LE;
}

/** uidOf returns the uncompressed transfer syntax UID of an encoding. */
export function uidOf(enc: Encoding): string {
	if (!enc.explicit) return TransferSyntax.ImplicitVRLittleEndian;
	return enc.le ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ExplicitVRBigEndian;
}

/** hasPart10Preamble is true when bytes 128..131 spell "DICM" (PS3.10 §7.1). */
export function hasPart10Preamble(bytes: Uint8Array): boolean {
	return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * guessEncoding infers endianness and VR explicitness from the element at `pos`, as dcmtk's
 * DcmItem::checkTransferSyntax does: a low group read big-endian means BE, and two capital letters naming a known VR after the tag mean Explicit VR.
 */
export function guessEncoding(bytes: Uint8Array, pos: number): Encoding | undefined {
	if (pos + 8 > bytes.length) return undefined;
	const groupLE = bytes[pos] | (bytes[pos + 1] << 8);
	const groupBE = (bytes[pos] << 8) | bytes[pos + 1];
	// Bare datasets start in a low group (0002..00FF); only a low big-endian reading means BE.
	const le = !(groupLE > 0x00ff && groupBE <= 0x00ff);
	const vr = vrFromBytes(bytes[pos + 4], bytes[pos + 5]);
	return { le, explicit: vr !== undefined && KNOWN_VRS.has(vr) };
}

/** plausibleUnder is true when the element at `pos` reads sensibly in the given encoding. */
export function plausibleUnder(bytes: Uint8Array, pos: number, enc: Encoding): boolean {
	if (pos + 8 > bytes.length) return false;
	const vr = vrFromBytes(bytes[pos + 4], bytes[pos + 5]);
	const named = vr !== undefined && KNOWN_VRS.has(vr);
	if (enc.explicit !== named) return false;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (enc.explicit) return true;
	const length = view.getUint32(pos + 4, enc.le);
	return length === UNDEFINED || pos + 8 + length <= bytes.length;
}

/** sniffBare recognises a dataset without preamble: a first element in a low, even-ish group (0002..00FF) whose length fits. */
export function sniffBare(bytes: Uint8Array, pos: number): Encoding | undefined {
	const enc = guessEncoding(bytes, pos);
	if (!enc) return undefined;
	const group = enc.le ? bytes[pos] | (bytes[pos + 1] << 8) : (bytes[pos] << 8) | bytes[pos + 1];
	if (group < 0x0002 || group > 0x00ff) return undefined;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let length: number;
	if (enc.explicit) {
		const vr = vrFromBytes(bytes[pos + 4], bytes[pos + 5])!;
		if (hasLongLength(vr)) length = pos + 12 <= bytes.length ? view.getUint32(pos + 8, enc.le) : UNDEFINED;
		else length = view.getUint16(pos + 6, enc.le);
	} else length = view.getUint32(pos + 4, true);
	return length === UNDEFINED || length <= bytes.length ? enc : undefined;
}

/**
 * sniffDicom tells cheaply whether bytes look like DICOM: 'part10' (preamble + DICM), 'bare'
 * (no preamble, starts with a plausible element), or null. Reading the first 132+12 bytes is enough.
 */
export function sniffDicom(bytes: Uint8Array): 'part10' | 'bare' | null {
	if (hasPart10Preamble(bytes)) return 'part10';
	return sniffBare(bytes, 0) ? 'bare' : null;
}

/** isDicom is true when `sniffDicom` recognises the bytes. */
export function isDicom(bytes: Uint8Array): boolean {
	return sniffDicom(bytes) !== null;
}
