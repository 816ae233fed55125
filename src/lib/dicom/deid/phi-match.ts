/**
 * findPhi: the matcher the upload firewall runs on every outgoing text field and file. It looks
 * for every variant of every recorded value (`phi-variants.ts`), ignoring case and accents.
 *
 * Text is folded (lower case, accents stripped, runs of white space as one space) and a match
 * must stand alone: no letter or digit right before or after it, so "Ann" never matches
 * "annular". Bytes (a DICOM file, a JPEG) are searched for each variant encoded as UTF-8 and as
 * ISO 8859-1, ASCII letters folded; there the word rule applies only to variants shorter than
 * six bytes, because in binary data a value sits next to arbitrary header bytes.
 */
import type { PhiHit, PhiKind, PhiRecord } from './phi-types';
import { variantsOf } from './phi-variants';

interface Needle {
	kind: PhiKind;
	value: string;
	variant: string;
	text: string;
}

const WORD = /[\p{L}\p{N}]/u;
const BYTE_BOUNDARY_BELOW = 6;

/** stripAccents removes combining marks after canonical decomposition ("Núñez" → "Nunez"). */
export function stripAccents(text: string): string {
	return text.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
}

/** fold lower-cases, strips accents and collapses white space, returning the folded text and, per folded character, its index in the input. */
export function fold(text: string): { text: string; map: number[] } {
	let out = '';
	const map: number[] = [];
	let i = 0;
	for (const ch of text) {
		if (/\s/.test(ch)) {
			if (!out.endsWith(' ')) {
				out += ' ';
				map.push(i);
			}
		} else {
			for (const c of stripAccents(ch).toLowerCase()) {
				out += c;
				map.push(i);
			}
		}
		i += ch.length;
	}
	map.push(i);
	return { text: out, map };
}

function needlesOf(record: PhiRecord, form: (variant: string) => string[]): Needle[] {
	const seen = new Set<string>();
	const needles: Needle[] = [];
	for (const value of record.values) {
		for (const variant of variantsOf(value)) {
			for (const text of form(variant)) {
				if (!text || seen.has(text)) continue;
				seen.add(text);
				needles.push({ kind: value.kind, value: value.value, variant, text });
			}
		}
	}
	// Longest first, so a full name is reported before its parts at the same place.
	return needles.sort((a, b) => b.text.length - a.text.length);
}

function findInText(haystack: string, record: PhiRecord): PhiHit[] {
	const folded = fold(haystack);
	const hits: PhiHit[] = [];
	for (const n of needlesOf(record, (v) => [fold(v).text])) {
		for (let at = folded.text.indexOf(n.text); at >= 0; at = folded.text.indexOf(n.text, at + 1)) {
			const end = at + n.text.length;
			if (WORD.test(folded.text[at - 1] ?? '') || WORD.test(folded.text[end] ?? '')) continue;
			const index = folded.map[at];
			hits.push({ kind: n.kind, value: n.value, variant: n.variant, index, length: folded.map[end] - index });
		}
	}
	return hits;
}

const utf8 = new TextEncoder();

/** latin1View reads bytes as ISO 8859-1 with ASCII letters lower-cased, one character per byte. */
function latin1View(bytes: Uint8Array): string {
	let out = '';
	const chunk = new Uint8Array(Math.min(bytes.length, 0x8000));
	for (let start = 0; start < bytes.length; start += chunk.length) {
		const part = bytes.subarray(start, start + chunk.length);
		const view = chunk.subarray(0, part.length);
		for (let i = 0; i < part.length; i++) {
			const b = part[i];
			view[i] = b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
		}
		out += String.fromCharCode.apply(null, view as unknown as number[]);
	}
	return out;
}

function byteForms(variant: string): string[] {
	const forms = new Set<string>();
	for (const text of new Set([variant, variant.toUpperCase(), variant.toLowerCase(), stripAccents(variant)])) {
		forms.add(latin1View(utf8.encode(text)));
		if (/^[\0-\xff]*$/.test(text)) forms.add(latin1View(Uint8Array.from(text, (c) => c.charCodeAt(0))));
	}
	return [...forms];
}

function isAsciiWordByte(code: number | undefined): boolean {
	return code !== undefined && ((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a));
}

function findInBytes(haystack: Uint8Array, record: PhiRecord): PhiHit[] {
	const view = latin1View(haystack);
	const hits: PhiHit[] = [];
	for (const n of needlesOf(record, byteForms)) {
		for (let at = view.indexOf(n.text); at >= 0; at = view.indexOf(n.text, at + 1)) {
			const end = at + n.text.length;
			if (
				n.text.length < BYTE_BOUNDARY_BELOW &&
				(isAsciiWordByte(view.charCodeAt(at - 1) || undefined) || isAsciiWordByte(view.charCodeAt(end) || undefined))
			)
				continue;
			hits.push({ kind: n.kind, value: n.value, variant: n.variant, index: at, length: n.text.length });
		}
	}
	return hits;
}

/**
 * findPhi returns where any recorded PHI value, in any of its variants, occurs in `haystack`
 * (a text field, or the bytes of a file), sorted by position; overlapping hits of shorter
 * variants inside a longer hit are left out. An empty array means the haystack is clean.
 */
export function findPhi(haystack: string | Uint8Array, record: PhiRecord): PhiHit[] {
	const all = typeof haystack === 'string' ? findInText(haystack, record) : findInBytes(haystack, record);
	const kept: PhiHit[] = [];
	for (const hit of all) {
		const inside = kept.some((k) => hit.index >= k.index && hit.index + hit.length <= k.index + k.length);
		if (!inside) kept.push(hit);
	}
	return kept.sort((a, b) => a.index - b.index || b.length - a.length);
}
