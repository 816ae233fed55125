/**
 * The Annex E probe for times of day: a canary time in every TM attribute of PS3.15 Table E.1-1
 * (52 of them are "C" under Retain Longitudinal Temporal Information with Modified Dates), the
 * dates paired with them, DTs, a pair nested in a sequence and an unlisted pair. Every canary is a
 * few seconds before midnight, so every pair carries into the next day.
 */
import { describe, expect, it } from 'vitest';
import type { DicomDataset } from '../dataset';
import { tagOf } from '../dictionary';
import { parseDicom } from '../parse';
import { T } from '../tags';
import { getSequence, getString } from '../values';
import { encodeString, writePart10, type OutElement } from '../write';
import { deidentify } from './deidentify';
import type { DeidContext } from './engine-types';
import { PROFILE_ROWS } from './profile';
import { pairedTimeTag } from './time-pairs';

const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
const ctx: DeidContext = { secret: 'time-probe', dateOffsetDays: -1500, timeOffsetSeconds: 3 * 3600 + 17 };
const SHIFT = ctx.dateOffsetDays * 86_400 + ctx.timeOffsetSeconds;

const listedTimes = PROFILE_ROWS.filter((r) => r.vr === 'TM' && /^[0-9A-F]{8}$/.test(r.tag)).map((r) => parseInt(r.tag, 16));
const listedDates = PROFILE_ROWS.filter((r) => r.vr === 'DA' && /^[0-9A-F]{8}$/.test(r.tag)).map((r) => parseInt(r.tag, 16));
const listedDateTimes = PROFILE_ROWS.filter((r) => r.vr === 'DT' && /^[0-9A-F]{8}$/.test(r.tag)).map((r) => parseInt(r.tag, 16));
const UNLISTED_DATE = tagOf('SecondaryReviewDate')!;
const UNLISTED_TIME = tagOf('SecondaryReviewTime')!;

/** canary gives the i-th time attribute its own time, in the last minute of the day: "2359SS.fraction". */
const canary = (i: number) => `2359${String(i % 60).padStart(2, '0')}.${String(100_000 + i)}`;
const DAY = '20191231';

const el = (tag: number, vr: string, text: string): OutElement => ({ tag, vr, value: encodeString(vr, text) });

function probe(): { bytes: Uint8Array; canaries: Map<number, string> } {
	const canaries = new Map<number, string>();
	[...listedTimes, UNLISTED_TIME].forEach((tag, i) => canaries.set(tag, canary(i)));
	const elements: OutElement[] = [
		el(T.SOPClassUID, 'UI', CT_IMAGE),
		el(T.SOPInstanceUID, 'UI', '1.2.3.4.5.6.7'),
		...[...canaries].map(([tag, time]) => el(tag, 'TM', time)),
		...[...listedDates, UNLISTED_DATE].map((tag) => el(tag, 'DA', DAY)),
		...listedDateTimes.map((tag) => el(tag, 'DT', `${DAY}235958.25`)),
		// Date and Time (0040,A121/A122) inside a content item: pairs are found at every depth.
		{ tag: T.ContentSequence, vr: 'SQ' as const, items: [[el(tagOf('Date')!, 'DA', DAY), el(tagOf('Time')!, 'TM', '235959')]] }
	].filter((e, i, all) => all.findIndex((o) => o.tag === e.tag) === i);
	elements.sort((a, b) => a.tag - b.tag);
	return { bytes: writePart10({ dataset: elements, transferSyntaxUID: '1.2.840.10008.1.2.1' }), canaries };
}

/** secondsOf reads "YYYYMMDD" and "HHMMSS" as seconds since 1970. */
const secondsOf = (date: string, time: string) =>
	Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +time.slice(0, 2), +time.slice(2, 4), +time.slice(4, 6)) / 1000;

const read = (ds: DicomDataset, tag: number) => getString(ds, tag) ?? '';

describe('given a probe with a canary time in every TM attribute of Table E.1-1', () => {
	const { bytes, canaries } = probe();
	const input = parseDicom(bytes);
	const out = parseDicom(deidentify(input, ctx).bytes);
	const outText = Buffer.from(deidentify(input, ctx).bytes).toString('latin1');

	it('holds every canary, so the checks below cannot pass vacuously', () => {
		expect(listedTimes.length).toBe(53);
		for (const [tag, time] of canaries) expect(read(input.dataset, tag), tag.toString(16)).toBe(time);
	});

	it('when de-identified with the default options, then no canary time of day is left anywhere in the output', () => {
		const left = [...canaries].filter(([, time]) => outText.includes(time.slice(0, 6))).map(([tag]) => tag.toString(16));
		expect(left).toEqual([]);
	});

	it('then every time kept in the output moved by the time of day, modulo 24 h', () => {
		let kept = 0;
		for (const [tag, time] of canaries) {
			const after = read(out.dataset, tag);
			if (after === '') continue;
			kept++;
			const moved = (secondsOf(DAY, after) - secondsOf(DAY, time) + 86_400) % 86_400;
			expect(moved, tag.toString(16)).toBe(ctx.timeOffsetSeconds);
		}
		expect(kept).toBeGreaterThanOrEqual(52);
	});

	it('then every date paired with a time carries across midnight: the interval between instants is exact to the second', () => {
		let pairs = 0;
		for (const date of [...listedDates, UNLISTED_DATE]) {
			const time = pairedTimeTag(date);
			if (time === null || !read(out.dataset, date) || !read(out.dataset, time)) continue;
			pairs++;
			const before = secondsOf(read(input.dataset, date), read(input.dataset, time));
			expect(secondsOf(read(out.dataset, date), read(out.dataset, time)) - before, date.toString(16)).toBe(SHIFT);
		}
		expect(pairs).toBeGreaterThan(35);
		const item = (f: typeof out) => getSequence(f.dataset, T.ContentSequence)[0];
		const nested = (f: typeof out) => secondsOf(read(item(f), tagOf('Date')!), read(item(f), tagOf('Time')!));
		expect(nested(out) - nested(input)).toBe(SHIFT);
	});

	it('then every DT moves as one instant, across midnight, to the second', () => {
		for (const tag of listedDateTimes) {
			const after = read(out.dataset, tag);
			if (after === '') continue;
			expect(secondsOf(after.slice(0, 8), after.slice(8, 14)) - secondsOf(DAY, '235958'), tag.toString(16)).toBe(SHIFT);
			expect(after.slice(14)).toBe('.25');
		}
	});

	it('then the record says dates and times were modified', () => {
		expect(read(out.dataset, 0x00280303)).toBe('MODIFIED');
		expect(outText).toContain('Dates and times moved by one per-case offset');
	});
});
