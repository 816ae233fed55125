import { describe, expect, it } from 'vitest';
import { KITCHEN_SINK_TAGS } from '../../../../tests/fixtures/phi/kitchen-sink';
import { generatePhiStudy } from '../../../../tests/fixtures/phi/generate';
import type { DicomDataset, DicomElement, DicomFile } from '../dataset';
import { parseDicom } from '../parse';
import { T } from '../tags';
import { elementText, getSequence, getString, getStrings, rawValue } from '../values';
import { shiftTemporalValue } from './dates';
import { deidentify, deidentifyToParts, deidentifyWithoutPhi, planDeidentification } from './deidentify';
import type { DeidContext } from './engine-types';
import { DEFAULT_OPTIONS, PROFILE_ROWS, resolveAction, type DeidOptions } from './profile';
import { dcmdump, encodings, indexOfBytes, newErrors, pydicomRead, writeTmp } from '../../../../tests/support/deid-tools';
import { pairedTimeTag } from './time-pairs';
import { derivedUid, secretBytes } from './uids';

const study = generatePhiStudy({ slices: 3, rows: 32, columns: 32 });
const inputs = study.files.map((f) => parseDicom(f.bytes));
const ctx: DeidContext = {
	secret: 'case-secret-7',
	dateOffsetDays: -3653,
	timeOffsetSeconds: 50_400,
	descriptions: { StudyDescription: 'Liver lesion, follow-up', SeriesDescription: 'Portal venous phase' }
};
const NO_OPTIONS: DeidOptions = Object.fromEntries(Object.keys(DEFAULT_OPTIONS).map((k) => [k, false])) as unknown as DeidOptions;
const ALL_RETAIN: DeidOptions = { ...NO_OPTIONS, retainLongitudinalFullDates: true, retainUIDs: true, retainDeviceIdentity: true, retainPatientCharacteristics: true, retainInstitutionIdentity: true };

const text = (ds: DicomDataset, el: DicomElement) => elementText(ds, el).replace(/[\0 ]+$/, '');
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** actionFailure checks that one top-level attribute of `out` shows the action the profile resolves for it, and describes the mismatch. */
function actionFailure(tag: number, input: DicomFile, out: DicomFile, options: DeidOptions, c: DeidContext, forced?: string): string | null {
	const sopClass = getString(input.dataset, T.SOPClassUID) ?? '';
	const res = resolveAction(tag, options, sopClass)!;
	const action = forced ?? res.action;
	const before = input.dataset.get(tag);
	const after = out.dataset.get(tag);
	if (!before) return 'missing from the input';
	const where = `${res.row.keyword} ${action}`;
	const isSeq = before.items !== undefined;
	switch (action) {
		case 'X':
			return after ? `${where}: not removed` : null;
		case 'Z':
			if (!after) return `${where}: removed instead of emptied`;
			return (isSeq ? after.items?.length : after.length) === 0 ? null : `${where}: not emptied`;
		case 'K':
			if (!after) return `${where}: removed instead of kept`;
			if (isSeq) return after.items?.length === before.items!.length ? null : `${where}: items lost`;
			return sameBytes(rawValue(out.dataset, after), rawValue(input.dataset, before)) ? null : `${where}: changed`;
		case 'U':
		case 'D': {
			if (!after) return `${where}: removed`;
			if (isSeq) return after.items?.length === before.items!.length ? null : `${where}: items lost`;
			if (after.vr === 'UI' || action === 'U') {
				const expected = text(input.dataset, before).split('\\').map((u) => derivedUid(secretBytes(c.secret), u)).join('\\');
				return text(out.dataset, after) === expected ? null : `${where}: UID not replaced consistently`;
			}
			const value = rawValue(out.dataset, after);
			if (value.length === 0) return `${where}: empty instead of a dummy`;
			return sameBytes(value, rawValue(input.dataset, before)) && value.some((b) => b !== 0) ? `${where}: value kept` : null;
		}
		case 'C': {
			if (!after) {
				// Nothing to clean with: the Basic Profile action applies (see plan.ts).
				return c.descriptions?.[res.row.keyword] ? `${where}: removed despite the author's text` : actionFailure(tag, input, out, NO_OPTIONS, c);
			}
			if (isSeq) return after.items?.length === before.items!.length ? null : `${where}: items lost`;
			if (after.vr === 'DA' || after.vr === 'DT' || after.vr === 'TM') {
				// A date moves one more day when its paired time, shifted too, passes midnight.
				const timeTag = after.vr === 'DA' ? pairedTimeTag(tag) : null;
				const time = timeTag !== null ? input.dataset.get(timeTag) : undefined;
				const paired = time && resolveAction(timeTag!, options, sopClass)?.action === 'C' ? text(input.dataset, time) : undefined;
				const offset = { days: c.dateOffsetDays, seconds: c.timeOffsetSeconds };
				const expected = shiftTemporalValue(after.vr, text(input.dataset, before), offset, paired);
				return text(out.dataset, after) === expected ? null : `${where}: not shifted by the offset`;
			}
			const authored = c.descriptions?.[res.row.keyword];
			if (authored) return text(out.dataset, after) === authored ? null : `${where}: not replaced by the author's text`;
			return actionFailure(tag, input, out, NO_OPTIONS, c);
		}
	}
	return `${where}: unknown action`;
}

function deidAll(c: DeidContext) {
	return inputs.map((file) => parseDicom(deidentify(file, c).bytes));
}

describe('given the PHI fixture study', () => {
	it('deidentifyWithoutPhi writes the same bytes and report as deidentify, without the PHI record', () => {
		for (const input of inputs) {
			const full = deidentify(input, ctx);
			const lean = deidentifyWithoutPhi(input, ctx);
			expect(full.phi.values.length).toBeGreaterThan(0);
			expect('phi' in lean).toBe(false);
			expect(sameBytes(lean.bytes, full.bytes)).toBe(true);
			expect(lean.report).toEqual(full.report);
		}
	});

	it('deidentifyToParts writes the same bytes as parts, with the same counts and no entries', () => {
		for (const input of inputs) {
			const whole = deidentifyWithoutPhi(input, ctx);
			const { parts, report } = deidentifyToParts(input, ctx);
			expect(sameBytes(Buffer.concat(parts), whole.bytes)).toBe(true);
			expect(report.counts).toEqual(whole.report.counts);
			expect(Object.values(report.counts).reduce((a, b) => a + b, 0)).toBe(whole.report.entries.length);
			expect(report.entries).toEqual([]);
			expect(report.sopInstanceUID).toBe(whole.report.sopInstanceUID);
		}
	});
	it('holds every Table E.1-1 attribute with a VR, and the PHI is really in its bytes (so the checks below cannot pass vacuously)', () => {
		const rowsWithTag = PROFILE_ROWS.filter((r) => /^[0-9A-F]{8}$/.test(r.tag) && r.vr && !/^000[02]/.test(r.tag));
		expect(KITCHEN_SINK_TAGS.length).toBe(rowsWithTag.length);
		expect(KITCHEN_SINK_TAGS.length).toBeGreaterThan(600);
		for (const file of inputs) for (const tag of KITCHEN_SINK_TAGS) expect(file.dataset.get(tag), tag.toString(16)).toBeDefined();
		const missing = study.phi.filter((p) => !study.files.some((f) => encodings(p).some((e) => indexOfBytes(f.bytes, e) >= 0)));
		expect(missing).toEqual([]);
		for (const b of study.phiBytes) expect(study.files.some((f) => indexOfBytes(f.bytes, b) >= 0)).toBe(true);
		expect(study.files.some((f) => f.name.includes('Núñez'))).toBe(true);
	});

	describe.each([
		['the default options', DEFAULT_OPTIONS],
		['the Basic Profile alone', NO_OPTIONS],
		['every retain option', ALL_RETAIN]
	])('when de-identified with %s', (_, options) => {
		const c = { ...ctx, options };
		const outputs = deidAll(c);

		it('then every listed attribute, in every file, shows the action the profile resolves for it', () => {
			const failures = inputs.flatMap((input, i) =>
				KITCHEN_SINK_TAGS.map((tag) => actionFailure(tag, input, outputs[i], options, c)).filter((f): f is string => f !== null).map((f) => `${study.files[i].name}: ${f}`)
			);
			expect(failures).toEqual([]);
		});

		it('then overlays, curves, private attributes and the Original Attributes Sequence are gone at every depth', () => {
			const offenders: string[] = [];
			const walk = (ds: DicomDataset) => {
				for (const el of ds.elements) {
					const g = el.tag >>> 16;
					if (g & 1 || (g & 0xff00) === 0x6000 || (g & 0xff00) === 0x5000 || el.tag === T.OriginalAttributesSequence) offenders.push(el.tag.toString(16));
					el.items?.forEach(walk);
				}
			};
			outputs.forEach((o) => walk(o.dataset));
			expect(offenders).toEqual([]);
			// ...and they were there: private at the top and nested, overlay and curve groups.
			expect(inputs[0].dataset.get(0x00091002)?.items?.length).toBe(1);
			expect(inputs[0].dataset.get(0x60003000)).toBeDefined();
			expect(inputs[0].dataset.get(0x50003000)).toBeDefined();
		});
	});
});

describe('given the PHI fixture study, when de-identified with the default options', () => {
	const results = inputs.map((file) => deidentify(file, ctx));
	const outputs = results.map((r) => parseDicom(r.bytes));
	const ct = outputs.slice(0, 3);

	it('then no identifying value survives anywhere in the output bytes, in any encoding it was written in', () => {
		const survivors: string[] = [];
		results.forEach((r, i) => {
			for (const p of study.phi) if (encodings(p).some((e) => indexOfBytes(r.bytes, e) >= 0)) survivors.push(`${study.files[i].name}: ${p}`);
			for (const b of study.phiBytes) if (indexOfBytes(r.bytes, b) >= 0) survivors.push(`${study.files[i].name}: ISO 2022 bytes`);
			if (/7f3a/i.test(Buffer.from(r.bytes).toString('latin1'))) survivors.push(`${study.files[i].name}: a PHI marker`);
		});
		expect(survivors).toEqual([]);
	});

	it('then UIDs are replaced consistently across the series, its references and the file meta', () => {
		const uid = (f: DicomFile, tag: number) => getString(f.dataset, tag);
		for (const tag of [T.StudyInstanceUID, T.SeriesInstanceUID, T.FrameOfReferenceUID]) {
			expect(new Set(ct.map((f) => uid(f, tag))).size).toBe(1);
			expect(uid(ct[0], tag)).toMatch(/^2\.25\.\d+$/);
		}
		expect(uid(outputs[3], T.StudyInstanceUID)).toBe(uid(ct[0], T.StudyInstanceUID));
		expect(uid(outputs[3], T.SeriesInstanceUID)).not.toBe(uid(ct[0], T.SeriesInstanceUID));
		expect(new Set(outputs.map((f) => uid(f, T.SOPInstanceUID))).size).toBe(outputs.length);
		outputs.forEach((f, i) => {
			expect(getString(f.meta!, T.MediaStorageSOPInstanceUID)).toBe(uid(f, T.SOPInstanceUID));
			expect(results[i].report.sopInstanceUID).toBe(uid(f, T.SOPInstanceUID));
			expect(uid(f, T.SOPClassUID)).toBe(getString(inputs[i].dataset, T.SOPClassUID));
		});
		// Slice k refers to slice k-1; the dose report and the nested items refer to slice 1.
		const ref = (f: DicomFile, seq: number) => getString(getSequence(f.dataset, seq)[0], T.ReferencedSOPInstanceUID);
		expect(ref(ct[1], T.ReferencedImageSequence)).toBe(uid(ct[0], T.SOPInstanceUID));
		expect(ref(ct[2], T.ReferencedImageSequence)).toBe(uid(ct[1], T.SOPInstanceUID));
		expect(ref(outputs[3], T.SourceImageSequence)).toBe(uid(ct[0], T.SOPInstanceUID));
		const nested = getSequence(getSequence(getSequence(ct[1].dataset, T.ContentSequence)[0], T.ContentSequence)[0], T.ContentSequence)[0];
		expect(getString(nested, T.ReferencedSOPInstanceUID)).toBe(uid(ct[0], T.SOPInstanceUID));
	});

	it('then every date and time moves by the case offset as one instant, so intervals are kept to the second', () => {
		const at = (ds: DicomDataset, date: number) => {
			const d = getString(ds, date)!;
			const t = getString(ds, pairedTimeTag(date)!)!.padEnd(6, '0');
			return Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +t.slice(0, 2), +t.slice(2, 4), +t.slice(4, 6)) / 1000;
		};
		const shift = ctx.dateOffsetDays * 86_400 + ctx.timeOffsetSeconds;
		const tags = [T.StudyDate, T.SeriesDate, T.AcquisitionDate, T.ContentDate, T.InstanceCreationDate];
		for (const [i, out] of outputs.entries()) {
			for (const tag of tags) expect(at(out.dataset, tag) - at(inputs[i].dataset, tag), tag.toString(16)).toBe(shift);
		}
	});

	it('then Pixel Data is copied byte for byte', () => {
		outputs.forEach((out, i) => {
			const a = inputs[i].dataset.get(T.PixelData)!;
			const b = out.dataset.get(T.PixelData)!;
			expect(sameBytes(rawValue(out.dataset, b), rawValue(inputs[i].dataset, a))).toBe(true);
		});
	});

	it('then the output states what was done: Patient Identity Removed, the method and its CID 7050 codes', () => {
		for (const out of outputs) {
			expect(getString(out.dataset, T.PatientIdentityRemoved)).toBe('YES');
			expect(getStrings(out.dataset, T.DeidentificationMethod)).toEqual([expect.stringMatching(/PS3\.15/), 'Dates and times moved by one per-case offset']);
			const codes = getSequence(out.dataset, T.DeidentificationMethodCodeSequence).map((item) => [getString(item, T.CodeValue), getString(item, T.CodingSchemeDesignator)]);
			expect(codes).toEqual([['113100', 'DCM'], ['113103', 'DCM'], ['113105', 'DCM'], ['113107', 'DCM'], ['113108', 'DCM']]);
			expect(getString(out.dataset, 0x00280303)).toBe('MODIFIED');
		}
	});

	it("then descriptors hold the author's text and the charset still decodes the names that remain", () => {
		expect(getString(ct[0].dataset, T.StudyDescription)).toBe('Liver lesion, follow-up');
		expect(getString(outputs[3].dataset, T.SeriesDescription)).toBe('Portal venous phase');
		expect(getStrings(outputs[4].dataset, T.SpecificCharacterSet)).toEqual(['', 'ISO 2022 IR 87']);
		expect(getString(outputs[4].dataset, T.OperatorsName)).toBe('ANONYMIZED');
	});

	it('then the input is not modified, and the report carries no PHI while the plan shows the old values', () => {
		study.files.forEach((f, i) => expect(sameBytes(inputs[i].dataset.bytes, f.bytes)).toBe(true));
		const report = JSON.stringify(results[0].report);
		expect(report).not.toMatch(/7f3a|Núñez/i);
		expect(results[0].report.counts.removed).toBeGreaterThan(300);
		const plan = planDeidentification(inputs[0], ctx);
		const name = plan.find((e) => e.path === '(0010,0010)')!;
		expect(name).toMatchObject({ keyword: 'PatientName', action: 'Z', outcome: 'emptied', oldValue: 'Núñez García^María José' });
		expect(plan.find((e) => e.path.startsWith('(0040,A730)[0].(0040,A730)[0].(0040,A123)'))).toMatchObject({ outcome: 'dummy', newValue: 'ANONYMIZED' });
		expect(results[0].phi.values).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'name', value: 'Núñez García^María José' })]));
	});

	it('then dcmdump and pydicom read every output, and dciodvfy finds no error the input did not have', () => {
		const outPaths = results.map((r, i) => writeTmp(`fixture-out-${i}.dcm`, r.bytes));
		const inPaths = study.files.map((f, i) => writeTmp(`fixture-in-${i}.dcm`, f.bytes));
		for (const p of outPaths) expect(dcmdump(p).ok, p).toBe(true);
		const read = pydicomRead(outPaths, ['PatientIdentityRemoved', 'PatientName']);
		for (const r of read) expect(r).toMatchObject({ ok: true, pixels: true, values: { PatientIdentityRemoved: 'YES', PatientName: '' } });
		outPaths.forEach((p, i) => expect(newErrors(inPaths[i], p), study.files[i].name).toEqual([]));
	});
});

describe('given other options', () => {
	const input = inputs[0];

	it('when Retain Longitudinal Full Dates is on, then dates are kept and the method says so', () => {
		const out = parseDicom(deidentify(input, { ...ctx, options: { retainLongitudinalModifiedDates: false, retainLongitudinalFullDates: true } }).bytes);
		expect(getString(out.dataset, T.StudyDate)).toBe(getString(input.dataset, T.StudyDate));
		expect(getString(out.dataset, 0x00280303)).toBe('UNMODIFIED');
		expect(getSequence(out.dataset, T.DeidentificationMethodCodeSequence).map((i) => getString(i, T.CodeValue))).toContain('113106');
	});

	it('when Retain UIDs is on, then UIDs are kept everywhere, file meta included', () => {
		const out = parseDicom(deidentify(input, { ...ctx, options: { retainUIDs: true } }).bytes);
		expect(getString(out.dataset, T.SOPInstanceUID)).toBe(study.uids.ctInstances[0]);
		expect(getString(out.meta!, T.MediaStorageSOPInstanceUID)).toBe(study.uids.ctInstances[0]);
		expect(getString(out.dataset, T.StudyInstanceUID)).toBe(study.uids.study);
	});

	it('when no date option is on, then the temporal information is reported as removed', () => {
		const out = parseDicom(deidentify(input, { ...ctx, options: NO_OPTIONS }).bytes);
		expect(getString(out.dataset, 0x00280303)).toBe('REMOVED');
		expect(getString(out.dataset, T.StudyDate)).toBe('');
	});

	it('when Retain Safe Private is asked for, then private attributes are still all removed and the option is not claimed', () => {
		const out = parseDicom(deidentify(input, { ...ctx, options: { retainSafePrivate: true } }).bytes);
		expect(out.dataset.elements.some((e) => (e.tag >>> 16) & 1)).toBe(false);
		expect(getSequence(out.dataset, T.DeidentificationMethodCodeSequence).map((i) => getString(i, T.CodeValue))).not.toContain('113111');
	});

	it('when the same case is de-identified by independent workers, then they agree without sharing state', () => {
		const a = deidentify(input, ctx).bytes;
		const b = deidentify(parseDicom(study.files[0].bytes.slice()), { ...ctx }).bytes;
		expect(sameBytes(a, b)).toBe(true);
		const other = deidentify(input, { ...ctx, secret: 'another-case' }).bytes;
		expect(sameBytes(a, other)).toBe(false);
	});

	it('when the date offset is not a whole number of days, then it fails with a clear message', () => {
		expect(() => deidentify(input, { ...ctx, dateOffsetDays: 1.5 })).toThrow(/whole number of days/);
		expect(() => deidentify(input, { ...ctx, timeOffsetSeconds: 86_400 })).toThrow(/timeOffsetSeconds/);
		expect(() => deidentify(input, { ...ctx, timeOffsetSeconds: undefined as unknown as number })).toThrow(/timeOffsetSeconds/);
	});
});
