/**
 * Date shifting for Retain Longitudinal Temporal Information with Modified Dates (PS3.15 §E.3.6):
 * every DA and the date part of every DT move by the same per-case number of days, so intervals
 * between studies and series are kept while the real calendar dates are not. Times of day (TM,
 * and the time part of DT) are kept: a whole-day offset does not change them.
 */

const DAY_MS = 86_400_000;

/** shiftDa shifts one DA value ("YYYYMMDD", also the ACR-NEMA "YYYY.MM.DD") by `days`; anything unparseable becomes "". */
export function shiftDa(value: string, days: number): string {
	const v = value.trim().replace(/\./g, '');
	const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
	if (!m) return '';
	const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
	if (Number.isNaN(t)) return '';
	return formatDate(new Date(t + days * DAY_MS));
}

/**
 * shiftDt shifts the date part of one DT value ("YYYY[MM[DD[HHMMSS[.F]]]][&ZZXX]"), keeping its
 * precision, the time and the UTC offset; a year-only or year-month value moves by whole days
 * and is cut back to its original precision. Unparseable values become "".
 */
export function shiftDt(value: string, days: number): string {
	const v = value.trim();
	const m = /^(\d{4})(\d{2})?(\d{2})?([^&+-]*)([&+-]\d{4})?$/.exec(v);
	if (!m) return '';
	const shifted = shiftDa(`${m[1]}${m[2] ?? '01'}${m[3] ?? '01'}`, days);
	if (!shifted) return '';
	const precision = 4 + (m[2] ? 2 : 0) + (m[3] ? 2 : 0);
	return shifted.slice(0, precision) + (m[4] ?? '') + (m[5] ?? '');
}

/** SHIFTED_KEEP bounds the memo of shiftDateValue: a study repeats a handful of dates in every instance. */
const SHIFTED_KEEP = 1024;
const shifted = new Map<string, string>();

/** shiftDateValue shifts a multi-valued DA or DT string (values separated by "\"; a DA range "A-B" too). */
export function shiftDateValue(vr: 'DA' | 'DT', value: string, days: number): string {
	const key = `${vr}${days}:${value}`;
	let out = shifted.get(key);
	if (out === undefined) {
		if (shifted.size >= SHIFTED_KEEP) shifted.clear();
		shifted.set(key, (out = shiftEach(vr, value, days)));
	}
	return out;
}

function shiftEach(vr: 'DA' | 'DT', value: string, days: number): string {
	return value
		.split('\\')
		.map((one) => {
			if (vr === 'DA' && one.includes('-')) return one.split('-').map((d) => (d ? shiftDa(d, days) : '')).join('-');
			return vr === 'DA' ? shiftDa(one, days) : shiftDt(one, days);
		})
		.join('\\');
}

function formatDate(d: Date): string {
	const y = d.getUTCFullYear();
	if (y < 0 || y > 9999) return '';
	return (
		String(y).padStart(4, '0') + String(d.getUTCMonth() + 1).padStart(2, '0') + String(d.getUTCDate()).padStart(2, '0')
	);
}
