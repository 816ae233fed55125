/**
 * Date and time shifting for Retain Longitudinal Temporal Information with Modified Dates
 * (PS3.15 §E.3.6; Table E.1-1 asks "C" for the DA, DT and TM attributes under this option). Every
 * value moves by one per-case offset: a whole number of days plus a time of day, so
 *
 * - a DA whose paired TM is present (Study Date/Time, Series, Acquisition, Content, …) moves by
 *   the days plus one more when the time passes midnight (`carryOf`), and the TM by the time of
 *   day modulo 24 h: the pair moves as one instant, so intervals between instants stay exact;
 * - a DT moves as one instant too (the carry is inside it);
 * - a TM on its own moves by the time of day modulo 24 h, a DA on its own by the days.
 *
 * A whole-day shift alone keeps every time of day, and times of day identify (the moment of a
 * scan is in the hospital's records): no original time of day survives this.
 */

const DAY_MS = 86_400_000;
const DAY_S = 86_400;

/** TemporalOffset is one case's shift: `days` (usually negative) then `seconds` (0 ≤ seconds < 86 400) of time of day. */
export interface TemporalOffset {
	days: number;
	seconds: number;
}

/** shiftDa shifts one DA value ("YYYYMMDD", also the ACR-NEMA "YYYY.MM.DD") by `days`; anything unparseable becomes "". */
export function shiftDa(value: string, days: number): string {
	const v = value.trim().replace(/\./g, '');
	const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
	if (!m) return '';
	const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
	if (Number.isNaN(t)) return '';
	return formatDate(new Date(t + days * DAY_MS));
}

/** ParsedTime is a TM value as seconds of the day, with its fraction ("." and digits) kept as written. */
interface ParsedTime {
	seconds: number;
	fraction: string;
}

/** parseTm reads "HH[MM[SS[.F{1,6}]]]" (PS3.5 Table 6.2-1), also the ACR-NEMA "HH:MM:SS". */
function parseTm(value: string): ParsedTime | null {
	const m = /^(\d{2})(?::?(\d{2})(?::?(\d{2})(\.\d{0,6})?)?)?$/.exec(value.trim());
	if (!m) return null;
	const [h, min, s] = [+m[1], +(m[2] ?? 0), +(m[3] ?? 0)];
	// 60 is a leap second (PS3.5 allows it); it is kept within the day by the modulo below.
	if (h > 23 || min > 59 || s > 60) return null;
	return { seconds: h * 3600 + min * 60 + s, fraction: m[4] && m[4].length > 1 ? m[4] : '' };
}

/**
 * formatTm writes seconds of the day as "HHMMSS" plus the fraction. A value written with less
 * precision ("HH", "HHMM") comes out to the second: cut back, an hour-only time moved by less
 * than an hour would read as the original.
 */
function formatTm(seconds: number, fraction: string): string {
	const s = ((seconds % DAY_S) + DAY_S) % DAY_S;
	const two = (n: number) => String(n).padStart(2, '0');
	return two(Math.floor(s / 3600)) + two(Math.floor(s / 60) % 60) + two(s % 60) + fraction;
}

/** shiftTm moves one TM value by `seconds` modulo 24 h; anything unparseable becomes "". */
export function shiftTm(value: string, seconds: number): string {
	const t = parseTm(value);
	return t ? formatTm(t.seconds + seconds, t.fraction) : '';
}

/** carryOf says how many days a paired TM value passes midnight by when moved by `seconds` (0 or 1), or 0 when it cannot be read. */
export function carryOf(time: string, seconds: number): number {
	const t = parseTm(time);
	return t ? Math.floor((t.seconds + seconds) / DAY_S) : 0;
}

/**
 * shiftDt shifts one DT value ("YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]") as one instant: with a time
 * the result carries across midnight and the time comes out to the second; without one only the
 * days apply. The UTC offset is kept and so is the precision of the date part (a year-only or
 * year-month value moves by whole days and is cut back). Unparseable values become "".
 */
export function shiftDt(value: string, offset: TemporalOffset): string {
	const v = value.trim();
	const m = /^(\d{4})(\d{2})?(\d{2})?([^&+-]*)([&+-]\d{4})?$/.exec(v);
	if (!m) return '';
	const zone = m[5] ?? '';
	if (m[3] && m[4]) {
		const t = parseTm(m[4]);
		if (!t) return '';
		const total = t.seconds + offset.seconds;
		const date = shiftDa(`${m[1]}${m[2]}${m[3]}`, offset.days + Math.floor(total / DAY_S));
		return date ? date + formatTm(total, t.fraction) + zone : '';
	}
	if (m[4]) return '';
	const shifted = shiftDa(`${m[1]}${m[2] ?? '01'}${m[3] ?? '01'}`, offset.days);
	if (!shifted) return '';
	const precision = 4 + (m[2] ? 2 : 0) + (m[3] ? 2 : 0);
	return shifted.slice(0, precision) + zone;
}

/** SHIFTED_KEEP bounds the memo of shiftTemporalValue: a study repeats a handful of dates and times in every instance. */
const SHIFTED_KEEP = 1024;
const shifted = new Map<string, string>();

/**
 * shiftTemporalValue shifts a multi-valued DA, DT or TM string (values separated by "\", a DA or
 * TM range "A-B" too). `pairedTime` is the value of the TM paired with a DA in the same dataset
 * (e.g. Study Time for Study Date), whose passing of midnight moves the date one more day; the
 * n-th date takes the n-th time.
 */
export function shiftTemporalValue(vr: 'DA' | 'DT' | 'TM', value: string, offset: TemporalOffset, pairedTime?: string): string {
	const key = `${vr}${offset.days}/${offset.seconds}/${pairedTime ?? ''}:${value}`;
	let out = shifted.get(key);
	if (out === undefined) {
		if (shifted.size >= SHIFTED_KEEP) shifted.clear();
		shifted.set(key, (out = shiftEach(vr, value, offset, pairedTime)));
	}
	return out;
}

function shiftEach(vr: 'DA' | 'DT' | 'TM', value: string, offset: TemporalOffset, pairedTime: string | undefined): string {
	const times = pairedTime?.split('\\');
	return value
		.split('\\')
		.map((one, i) => {
			if (vr === 'TM') return one.split('-').map((t) => (t ? shiftTm(t, offset.seconds) : '')).join('-');
			if (vr === 'DT') return shiftDt(one, offset);
			if (one.includes('-')) return one.split('-').map((d) => (d ? shiftDa(d, offset.days) : '')).join('-');
			const time = times?.[i];
			return shiftDa(one, offset.days + (time ? carryOf(time, offset.seconds) : 0));
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
