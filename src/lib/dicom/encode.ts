/**
 * Value encoders for the writer (PS3.5 §6.2): each returns value bytes padded to even length,
 * strings with a trailing space and UI with a trailing NUL (PS3.5 §6.2, §9.1).
 */
import { STRING_VRS } from './vr';

const utf8 = new TextEncoder();

/** padByteOf returns the byte that pads a value of this VR to even length. */
export function padByteOf(vr: string): number {
	return vr === 'UI' || !STRING_VRS.has(vr) ? 0x00 : 0x20;
}

function padded(bytes: Uint8Array, vr: string): Uint8Array {
	if (bytes.length % 2 === 0) return bytes;
	const out = new Uint8Array(bytes.length + 1);
	out.set(bytes);
	out[bytes.length] = padByteOf(vr);
	return out;
}

/**
 * encodeString encodes text (values joined with "\" by the caller, or an array joined here).
 * Non-ASCII text is written as UTF-8: the caller must then set Specific Character Set to ISO_IR 192.
 */
export function encodeString(vr: string, text: string | readonly string[]): Uint8Array {
	return padded(utf8.encode(typeof text === 'string' ? text : text.join('\\')), vr);
}

/** formatDS writes a number as a Decimal String of at most 16 characters (PS3.5 Table 6.2-1). */
export function formatDS(n: number): string {
	if (!Number.isFinite(n)) throw new RangeError(`formatDS: ${n} is not a finite number`);
	let s = String(n);
	for (let digits = 16; s.length > 16 && digits > 0; digits--) {
		s = n.toPrecision(digits).replace(/\.?0+(e|$)/, '$1').replace('e+', 'e');
	}
	return s;
}

/** encodeDS encodes Decimal Strings. */
export function encodeDS(numbers: readonly number[]): Uint8Array {
	return encodeString('DS', numbers.map(formatDS));
}

/** encodeIS encodes Integer Strings (values are rounded; PS3.5 allows at most 12 characters). */
export function encodeIS(numbers: readonly number[]): Uint8Array {
	return encodeString('IS', numbers.map((n) => String(Math.round(n))));
}

/** encodeNumbers encodes binary numbers of a binary VR (US, SS, UL, SL, FL, FD, SV, UV, AT, OW, OB...) in the given byte order. */
export function encodeNumbers(vr: string, numbers: readonly number[], littleEndian = true): Uint8Array {
	const size = vr === 'US' || vr === 'SS' || vr === 'OW' ? 2 : vr === 'FD' || vr === 'OD' || vr === 'SV' || vr === 'UV' || vr === 'OV' ? 8 : vr === 'OB' || vr === 'UN' ? 1 : 4;
	const out = new Uint8Array(numbers.length * size + ((numbers.length * size) % 2));
	const view = new DataView(out.buffer);
	numbers.forEach((n, i) => {
		const at = i * size;
		switch (vr) {
			case 'US': case 'OW': view.setUint16(at, n, littleEndian); break;
			case 'SS': view.setInt16(at, n, littleEndian); break;
			case 'UL': case 'OL': view.setUint32(at, n, littleEndian); break;
			case 'SL': view.setInt32(at, n, littleEndian); break;
			case 'FL': case 'OF': view.setFloat32(at, n, littleEndian); break;
			case 'FD': case 'OD': view.setFloat64(at, n, littleEndian); break;
			case 'SV': view.setBigInt64(at, BigInt(Math.trunc(n)), littleEndian); break;
			case 'UV': case 'OV': view.setBigUint64(at, BigInt(Math.trunc(n)), littleEndian); break;
			case 'AT':
				view.setUint16(at, n >>> 16, littleEndian);
				view.setUint16(at + 2, n & 0xffff, littleEndian);
				break;
			case 'OB': case 'UN': view.setUint8(at, n); break;
			default: throw new RangeError(`encodeNumbers: ${vr} is not a binary numeric VR`);
		}
	});
	return out;
}

/** encodeUS encodes Unsigned Short values. */
export function encodeUS(numbers: number | readonly number[], littleEndian = true): Uint8Array {
	return encodeNumbers('US', typeof numbers === 'number' ? [numbers] : numbers, littleEndian);
}

/** encodeUL encodes Unsigned Long values. */
export function encodeUL(numbers: number | readonly number[], littleEndian = true): Uint8Array {
	return encodeNumbers('UL', typeof numbers === 'number' ? [numbers] : numbers, littleEndian);
}
