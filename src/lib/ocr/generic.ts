/**
 * Generic identifiers: text that identifies whoever the patient is, found by its form alone —
 * what follows a label ("Name:", "Nombre:", "Patient ID:", "NHC:", "DOB:"…), dates in the usual
 * written forms, and runs of six or more digits (record, accession and phone numbers). Times
 * ("15:32:10"), measurements ("5 cm", "12.5 MHz") and orientation marks ("L", "HEAD FIRST") are
 * not identifying and are left alone.
 */
import { hitOf } from './hit';
import type { OcrHit, OcrWord } from './types';

/**
 * LABELS are the folded words that introduce an identifier on screens and forms (English and
 * Spanish; NHC is the Spanish "número de historia clínica", SIP/CIP the health card numbers).
 */
const LABELS = new Set(['name', 'nombre', 'apellido', 'apellidos', 'patient', 'paciente', 'pat', 'id', 'nhc', 'mrn', 'dob', 'fnac', 'nacimiento', 'birth', 'dni', 'nif', 'nie', 'sip', 'cip', 'nss', 'accession', 'acc']);

/**
 * GENERIC_MIN_CONFIDENCE: a generic rule knows no value to compare with, so a word Tesseract
 * doubts (speckle read as "1l1l11") must not make a box. The record's values have no such floor.
 */
const GENERIC_MIN_CONFIDENCE = 40;

/** LABEL_VALUE_WORDS bounds how many words after a label are taken as its value. */
const LABEL_VALUE_WORDS = 4;

const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ene|abr|ago|dic)[a-z]*';
const DATE_FORMS = [
	/^\d{1,2}[/.\-]\d{1,2}[/.\-](\d{2}|\d{4})$/,
	/^\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}$/,
	new RegExp(`^\\d{1,2}[ /.\\-]?${MONTH}[ /.\\-]?(\\d{2}|\\d{4})$`),
	new RegExp(`^${MONTH} \\d{1,2},? \\d{4}$`),
	new RegExp(`^\\d{1,2} de ${MONTH} de \\d{4}$`)
];

function folded(text: string): string {
	return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** labelOf returns a label word's name, and what follows its colon in the same word ("nhc:123456" → "123456"). */
function labelOf(text: string): { glued: string } | null {
	const m = /^([a-z.]+?)\.?[:;](.*)$/.exec(folded(text));
	if (!m || !LABELS.has(m[1].replace(/\./g, ''))) return null;
	return { glued: m[2] };
}

function isDate(text: string): boolean {
	const t = folded(text).replace(/\s+/g, ' ').trim();
	return DATE_FORMS.some((r) => r.test(t));
}

function isDigitRun(text: string): boolean {
	// dashes and spaces join digit groups ("12-345-678"); a colon makes a time, a decimal point a measurement
	return /^[a-z]{0,3}\d{6,}$/.test(folded(text).replace(/[-\s]/g, ''));
}

/** genericHits finds the generic identifiers among `words`, line by line. */
export function genericHits(words: readonly OcrWord[], lines: readonly number[][]): OcrHit[] {
	const hits: OcrHit[] = [];
	for (const line of lines) {
		for (let k = 0; k < line.length; k++) {
			const i = line[k];
			const text = words[i].text;
			if (words[i].confidence < GENERIC_MIN_CONFIDENCE) continue;
			const label = labelOf(text) ?? (LABELS.has(folded(text)) && /^[:;]$/.test(words[line[k + 1]]?.text ?? '') ? { glued: '' } : null);
			if (label) {
				if (label.glued) hits.push(hitOf(words, [i], 'labelled', 'generic'));
				// the value runs to the end of the line or to the next label
				const value: number[] = [];
				for (let j = k + 1; j < line.length && value.length < LABEL_VALUE_WORDS; j++) {
					if (labelOf(words[line[j]].text)) break;
					if (/^[:;]$/.test(words[line[j]].text)) continue;
					value.push(line[j]);
				}
				if (value.length > 0) hits.push(hitOf(words, value, 'labelled', 'generic'));
				continue;
			}
			for (let n = 5; n >= 1; n--) {
				const run = line.slice(k, k + n);
				if (run.length === n && isDate(run.map((w) => words[w].text).join(' '))) {
					hits.push(hitOf(words, run, 'date', 'generic'));
					break;
				}
			}
			if (isDigitRun(text)) hits.push(hitOf(words, [i], 'digits', 'generic'));
		}
	}
	return hits;
}
