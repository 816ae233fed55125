/**
 * Value accessors: decode an element's bytes only when asked (PS3.5 §6.2).
 * All take the dataset the element belongs to (top level or item), which carries its byte
 * order and the Specific Character Set in force.
 */
import { decodeText, bytesToLatin1 } from './charset';
import type { DicomDataset, DicomElement } from './dataset';
import { lookup } from './dictionary';
import { T } from './tags';
import { TEXT_VRS } from './vr';

/** rawValue returns the element's value bytes as a view into the dataset's buffer (no copy). */
export function rawValue(ds: DicomDataset, el: DicomElement): Uint8Array {
	return ds.bytes.subarray(el.valueOffset, el.valueOffset + el.length);
}

/** SINGLE_VALUED_VRS never hold several values, so "\" in them is text (PS3.5 Table 6.2-1). */
const SINGLE_VALUED_VRS = new Set(['LT', 'ST', 'UT', 'UR']);

/** LEADING_SPACE_VRS keep leading spaces (PS3.5 Table 6.2-1: only trailing padding is insignificant). */
const LEADING_SPACE_VRS = new Set(['LT', 'ST', 'UT', 'UR']);

function trimValue(vr: string, s: string): string {
	const end = s.replace(/[\0 ]+$/, '');
	return LEADING_SPACE_VRS.has(vr) ? end : end.replace(/^ +/, '');
}

/** elementText decodes an element's whole value as text: character-set aware for LO, LT, PN, SH, ST, UC, UT (PS3.5 §6.1.2.3). */
export function elementText(ds: DicomDataset, el: DicomElement): string {
	const raw = rawValue(ds, el);
	return TEXT_VRS.has(el.vr) ? decodeText(raw, ds.characterSet) : bytesToLatin1(raw);
}

/** getString returns the whole value as text with its padding trimmed, or undefined when absent. */
export function getString(ds: DicomDataset, tag: number): string | undefined {
	const el = ds.get(tag);
	if (!el || el.items || el.fragments) return undefined;
	return trimValue(el.vr, elementText(ds, el));
}

/** getStrings returns the values of a multi-valued string, split at "\" and trimmed; [] when absent or empty. */
export function getStrings(ds: DicomDataset, tag: number): string[] {
	const el = ds.get(tag);
	if (!el || el.items || el.fragments || el.length === 0) return [];
	const text = elementText(ds, el);
	if (SINGLE_VALUED_VRS.has(el.vr)) return [trimValue(el.vr, text)];
	return text.split('\\').map((v) => trimValue(el.vr, v));
}

/**
 * numericVR resolves "US or SS" for Implicit VR, where the dictionary's first choice (US) was
 * assumed: Pixel Representation 1 in the same dataset means signed (PS3.5 §A.1 note, PS3.3 C.7.6.3.1).
 */
function numericVR(ds: DicomDataset, el: DicomElement): string {
	if (ds.explicitVR || el.vr !== 'US' || !lookup(el.tag)?.vrs.includes('SS')) return el.vr;
	const rep = ds.get(T.PixelRepresentation);
	return rep && rep.length >= 2 && ds.bytes[rep.valueOffset + (ds.littleEndian ? 0 : 1)] === 1 ? 'SS' : 'US';
}

/** elementNumbers decodes every numeric value of an element (binary VRs in the dataset's byte order; IS and DS from text). */
export function elementNumbers(ds: DicomDataset, el: DicomElement): number[] {
	if (el.items || el.fragments) return [];
	const view = new DataView(ds.bytes.buffer, ds.bytes.byteOffset + el.valueOffset, el.length);
	const le = ds.littleEndian;
	const out: number[] = [];
	const each = (size: number, read: (at: number) => number) => {
		for (let at = 0; at + size <= el.length; at += size) out.push(read(at));
	};
	switch (numericVR(ds, el)) {
		case 'US': case 'OW':
			each(2, (at) => view.getUint16(at, le)); break;
		case 'SS':
			each(2, (at) => view.getInt16(at, le)); break;
		case 'UL': case 'OL':
			each(4, (at) => view.getUint32(at, le)); break;
		case 'SL':
			each(4, (at) => view.getInt32(at, le)); break;
		case 'FL': case 'OF':
			each(4, (at) => view.getFloat32(at, le)); break;
		case 'FD': case 'OD':
			each(8, (at) => view.getFloat64(at, le)); break;
		case 'SV':
			each(8, (at) => Number(view.getBigInt64(at, le))); break;
		case 'UV': case 'OV':
			each(8, (at) => Number(view.getBigUint64(at, le))); break;
		case 'AT':
			// A tag value is a group then an element, each in the dataset's byte order (PS3.5 §6.2).
			each(4, (at) => (view.getUint16(at, le) * 0x10000 + view.getUint16(at + 2, le)) >>> 0); break;
		case 'OB': case 'UN':
			each(1, (at) => view.getUint8(at)); break;
		default: {
			const text = bytesToLatin1(rawValue(ds, el)).trim();
			if (text === '') return [];
			for (const v of text.split('\\')) out.push(v.trim() === '' ? NaN : Number(v.trim()));
		}
	}
	return out;
}

/** getNumbers returns every numeric value ([] when absent); an empty or unreadable IS/DS value is NaN, keeping positions. */
export function getNumbers(ds: DicomDataset, tag: number): number[] {
	const el = ds.get(tag);
	return el ? elementNumbers(ds, el) : [];
}

/** getNumber returns value `index` (default the first) as a number, or undefined when absent or not a number. */
export function getNumber(ds: DicomDataset, tag: number, index = 0): number | undefined {
	const v = getNumbers(ds, tag)[index];
	return v === undefined || Number.isNaN(v) ? undefined : v;
}

/** getSequence returns the items of a sequence ([] when absent or not a sequence). */
export function getSequence(ds: DicomDataset, tag: number): DicomDataset[] {
	return ds.get(tag)?.items ?? [];
}

/** PersonNameGroup is one component group of a PN value (PS3.5 §6.2.1.1). */
export interface PersonNameGroup {
	familyName: string;
	givenName: string;
	middleName: string;
	namePrefix: string;
	nameSuffix: string;
}

/** PersonName is a decoded PN value: its alphabetic, ideographic and phonetic groups, and the whole text. */
export interface PersonName {
	text: string;
	alphabetic: PersonNameGroup;
	ideographic: PersonNameGroup;
	phonetic: PersonNameGroup;
}

/** parsePersonName splits decoded PN text into groups ("=") and components ("^"), PS3.5 §6.2.1.1. */
export function parsePersonName(text: string): PersonName {
	const [a = '', i = '', p = ''] = text.split('=');
	const group = (g: string): PersonNameGroup => {
		const [familyName = '', givenName = '', middleName = '', namePrefix = '', nameSuffix = ''] = g.split('^').map((c) => c.trim());
		return { familyName, givenName, middleName, namePrefix, nameSuffix };
	};
	return { text, alphabetic: group(a), ideographic: group(i), phonetic: group(p) };
}

/** getPersonNames returns every value of a PN element, decoded in the dataset's character set. */
export function getPersonNames(ds: DicomDataset, tag: number): PersonName[] {
	return getStrings(ds, tag).map(parsePersonName);
}

/** getPersonName returns the first value of a PN element, or undefined when absent or empty. */
export function getPersonName(ds: DicomDataset, tag: number): PersonName | undefined {
	return getPersonNames(ds, tag)[0];
}
