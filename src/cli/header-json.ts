/**
 * header-json: a parsed dataset as plain JSON for `cassette inspect`: one entry per attribute,
 * keyed "(gggg,eeee)", with its keyword, VR and value (text values split at "\", numbers as
 * numbers, sequences as arrays of items, bulk data as its length only).
 */
import type { DicomDataset, DicomElement } from '../lib/dicom/dataset';
import { keywordOf } from '../lib/dicom/dictionary';
import { tagToString } from '../lib/dicom/tags';
import { elementNumbers, elementText } from '../lib/dicom/values';
import { STRING_VRS } from '../lib/dicom/vr';

/** JsonAttribute is one attribute of the JSON header. */
export interface JsonAttribute {
	keyword?: string;
	vr: string;
	value?: (string | number)[];
	items?: JsonHeader[];
	/** bytes is the length of a binary value that is not printed (pixel data, OB/OW, UN). */
	bytes?: number;
	fragments?: number;
}

/** JsonHeader maps "(gggg,eeee)" to the attribute. */
export type JsonHeader = Record<string, JsonAttribute>;

/** NUMBER_VRS print as numbers; a short binary value prints in full, a long one as its length. */
const NUMBER_VRS = new Set(['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'SV', 'UV', 'IS', 'DS', 'AT']);
const SINGLE_VALUED_VRS = new Set(['LT', 'ST', 'UT', 'UR']);

function attribute(ds: DicomDataset, el: DicomElement): JsonAttribute {
	const base = { keyword: keywordOf(el.tag), vr: el.vr };
	if (el.items) return { ...base, items: el.items.map(headerJson) };
	if (el.fragments) return { ...base, fragments: el.fragments.length, bytes: el.length };
	if (NUMBER_VRS.has(el.vr)) return { ...base, value: elementNumbers(ds, el) };
	if (STRING_VRS.has(el.vr)) {
		const text = elementText(ds, el).replace(/[\0 ]+$/, '');
		return { ...base, value: SINGLE_VALUED_VRS.has(el.vr) ? [text] : text.split('\\').map((v) => v.trim()) };
	}
	return { ...base, bytes: el.length };
}

/** headerJson converts a dataset (file meta, top level or item) to JSON. */
export function headerJson(ds: DicomDataset): JsonHeader {
	const out: JsonHeader = {};
	for (const el of ds.elements) out[tagToString(el.tag)] = attribute(ds, el);
	return out;
}
