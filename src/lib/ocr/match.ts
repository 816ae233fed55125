/**
 * matchWords: which words read on an image are identifying. Two passes over the lines of words:
 *
 * 1. the device's PHI record (`$lib/dicom/deid`'s variants: every name part and order, IDs with
 *    and without leading zeros, dates in the usual written forms), each variant compared with
 *    runs of consecutive words on a line, folded (lower case, no accents) and without spaces or
 *    punctuation, with an edit distance that forgives OCR's errors (`edit-distance.ts`);
 * 2. generic identifiers, whoever the patient is (`generic.ts`): the text after a label such as
 *    "Name:", "Nombre:", "ID:", "NHC:", any date, long runs of digits.
 *
 * A word found by the record is not reported again as generic. Pure: no recogniser, no DOM.
 */
import { stripAccents } from '$lib/dicom/deid/phi-match';
import { variantsOf } from '$lib/dicom/deid/phi-variants';
import type { PhiKind, PhiRecord } from '$lib/dicom/deid';
import { ocrDistance, toleranceOf } from './edit-distance';
import { genericHits } from './generic';
import { hitOf, linesOf } from './hit';
import type { OcrHit, OcrWord } from './types';

/** Needle is one compact form of a recorded value to look for. */
interface Needle {
	kind: PhiKind;
	text: string;
	/** words is how many words the variant has: a run of up to one more is compared (OCR splits words). */
	words: number;
	tolerance: number;
}

/** compact folds text and keeps letters and digits only: OCR's spacing and punctuation are its least reliable output. */
export function compact(text: string): string {
	return stripAccents(text).toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** MIN_NEEDLE: compact forms shorter than this match too much ("ana", "21"). Dates are longer anyway. */
const MIN_NEEDLE = 4;

/** needlesOf lists the compact forms of every value of the record, longest first, de-duplicated. */
export function needlesOf(record: PhiRecord): Needle[] {
	const seen = new Map<string, Needle>();
	for (const value of record.values) {
		for (const variant of variantsOf(value)) {
			const text = compact(variant);
			const digitsOnly = /^\d+$/.test(text);
			if (text.length < MIN_NEEDLE || (digitsOnly && text.length < 5 && value.kind !== 'date') || seen.has(text)) continue;
			seen.set(text, { kind: value.kind, text, words: variant.trim().split(/[\s,]+/).length, tolerance: toleranceOf(text) });
		}
	}
	return [...seen.values()].sort((a, b) => b.text.length - a.text.length);
}

/** recordHits compares every run of consecutive words of every line with every needle. */
function recordHits(words: readonly OcrWord[], record: PhiRecord): OcrHit[] {
	const needles = needlesOf(record);
	if (needles.length === 0) return [];
	const forms = words.map((w) => compact(w.text));
	const hits: OcrHit[] = [];
	const maxRun = Math.max(...needles.map((n) => n.words)) + 1;
	for (const line of linesOf(words)) {
		for (let start = 0; start < line.length; start++) {
			let run = '';
			for (let end = start; end < line.length && end - start < maxRun; end++) {
				run += forms[line[end]];
				if (!forms[line[end]]) continue;
				const found = needles.find((n) => end - start < n.words + 1 && ocrDistance(n.text, run, n.tolerance) <= n.tolerance);
				// a value glued to its label or to another value in one word ("nhc:123456", "garcia,juan")
				const inside = !found && start === end && run.length > 6 ? needles.find((n) => n.text.length >= 5 && run.includes(n.text)) : undefined;
				const needle = found ?? inside;
				if (needle) hits.push(hitOf(words, line.slice(start, end + 1), needle.kind, 'record'));
			}
		}
	}
	return hits;
}

/** withoutContained drops hits whose words all lie inside a bigger hit (a name part inside the full name). */
function withoutContained(hits: OcrHit[]): OcrHit[] {
	const sorted = [...hits].sort((a, b) => b.words.length - a.words.length);
	const kept: OcrHit[] = [];
	for (const hit of sorted) {
		if (!kept.some((k) => hit.words.every((w) => k.words.includes(w)))) kept.push(hit);
	}
	return kept;
}

/** matchWords returns the identifying text among `words`: the record's values first, then generic identifiers on the words left. */
export function matchWords(words: readonly OcrWord[], record: PhiRecord): OcrHit[] {
	const fromRecord = withoutContained(recordHits(words, record));
	const taken = new Set(fromRecord.flatMap((h) => h.words));
	const generic = genericHits(words, linesOf(words)).filter((h) => !h.words.some((w) => taken.has(w)));
	return [...fromRecord, ...withoutContained(generic)].map((h) => ({ ...h, words: [...h.words].sort((a, b) => a - b) }));
}

