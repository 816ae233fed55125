/**
 * phiVariants: the forms an identifying value takes when someone retypes it — in a case text, a
 * file name or another program's output. The upper-level matcher (`phi-match.ts`) folds case and
 * accents itself, so variants differ in structure: name part orders and separators, date formats,
 * IDs without leading zeros or punctuation.
 *
 * Short-value rule (avoids false positives on ordinary medical text): a variant is dropped when
 * it has fewer than MIN_LETTERS (3) characters, or is made only of digits and has fewer than
 * MIN_DIGITS (5): single initials, "12", a study ID "1" or a year "2020" would match everywhere.
 * Dates are exempt (their formatted forms are at least 8 characters long).
 */
import type { PhiRecord, PhiValue } from './phi-types';

const MIN_LETTERS = 3;
const MIN_DIGITS = 5;

const MONTHS: readonly (readonly string[])[] = [
	['January', 'Jan', 'enero', 'ene'],
	['February', 'Feb', 'febrero', 'feb'],
	['March', 'Mar', 'marzo', 'mar'],
	['April', 'Apr', 'abril', 'abr'],
	['May', 'May', 'mayo', 'may'],
	['June', 'Jun', 'junio', 'jun'],
	['July', 'Jul', 'julio', 'jul'],
	['August', 'Aug', 'agosto', 'ago'],
	['September', 'Sep', 'septiembre', 'sep'],
	['October', 'Oct', 'octubre', 'oct'],
	['November', 'Nov', 'noviembre', 'nov'],
	['December', 'Dec', 'diciembre', 'dic']
];

/** isSignificant applies the short-value rule above. */
export function isSignificant(text: string): boolean {
	const t = text.trim();
	if (/^\d+$/.test(t)) return t.length >= MIN_DIGITS;
	return t.replace(/[\s\p{P}]/gu, '').length >= MIN_LETTERS;
}

/** nameVariants returns the forms of one PN value: each component group, its parts, and their orders. */
export function nameVariants(pn: string): string[] {
	const out: string[] = [];
	for (const group of pn.split('=')) {
		const [family = '', given = '', middle = '', prefix = '', suffix = ''] = group.split('^').map((p) => p.trim());
		const first = [given, middle].filter(Boolean).join(' ');
		if (group.trim()) out.push(group.trim(), group.replace(/\^+/g, ' ').trim());
		if (family && first) {
			out.push(
				`${first} ${family}`,
				`${family} ${first}`,
				`${family}, ${first}`,
				`${family},${first}`,
				`${family}^${first}`,
				`${given} ${family}`,
				`${family} ${given}`,
				`${family}, ${given}`
			);
			if (prefix) out.push(`${prefix} ${family}`, `${prefix} ${first} ${family}`);
			if (suffix) out.push(`${first} ${family} ${suffix}`);
		}
		// Every part alone, and every word of a multi-word part ("María José", "García Márquez").
		for (const part of [family, given, middle]) {
			if (!part) continue;
			out.push(part);
			for (const word of part.split(/[\s-]+/)) out.push(word);
		}
	}
	return out;
}

/** dateVariants returns the usual written forms of a YYYYMMDD date. */
export function dateVariants(date: string): string[] {
	const m = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
	if (!m) return [];
	const [, y, mm, dd] = m;
	const d = String(+dd);
	const mo = String(+mm);
	const yy = y.slice(2);
	const out = [
		`${y}${mm}${dd}`,
		`${y}-${mm}-${dd}`,
		`${y}/${mm}/${dd}`,
		`${y}.${mm}.${dd}`,
		`${dd}/${mm}/${y}`,
		`${dd}-${mm}-${y}`,
		`${dd}.${mm}.${y}`,
		`${mm}/${dd}/${y}`,
		`${mm}-${dd}-${y}`,
		`${d}/${mo}/${y}`,
		`${mo}/${d}/${y}`,
		`${d}.${mo}.${y}`,
		`${dd}/${mm}/${yy}`,
		`${mm}/${dd}/${yy}`,
		`${dd}.${mm}.${yy}`
	];
	for (const name of MONTHS[+mm - 1] ?? []) {
		out.push(`${d} ${name} ${y}`, `${dd} ${name} ${y}`, `${name} ${d}, ${y}`, `${name} ${d} ${y}`, `${d} de ${name} de ${y}`, `${d}-${name}-${y}`);
	}
	return out;
}

/** idVariants returns an ID as written, without leading zeros, and without its punctuation. */
export function idVariants(id: string): string[] {
	const t = id.trim();
	return [t, t.replace(/^0+(?=\d)/, ''), t.replace(/[\s\p{P}]/gu, '')];
}

/** textVariants returns a free-text value as written and with its "^" separators read as spaces or commas. */
export function textVariants(text: string): string[] {
	const t = text.trim();
	return [t, t.replace(/\^+/g, ' '), t.replace(/\^+/g, ', ')];
}

/** variantsOf returns the significant variants of one PHI value, de-duplicated. */
export function variantsOf(value: PhiValue): string[] {
	const forms =
		value.kind === 'name'
			? nameVariants(value.value)
			: value.kind === 'date'
				? dateVariants(value.value)
				: value.kind === 'id'
					? idVariants(value.value)
					: textVariants(value.value);
	const keep = value.kind === 'date' ? forms : forms.filter(isSignificant);
	return [...new Set(keep.map((f) => f.replace(/\s+/g, ' ').trim()).filter(Boolean))];
}

/** phiVariants returns every significant variant of every value of the record, de-duplicated. */
export function phiVariants(record: PhiRecord): string[] {
	return [...new Set(record.values.flatMap(variantsOf))];
}
