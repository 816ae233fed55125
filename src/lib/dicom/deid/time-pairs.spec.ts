import { describe, expect, it } from 'vitest';
import { tagOf } from '../dictionary';
import { PROFILE_ROWS } from './profile';
import { pairedTimeTag } from './time-pairs';

describe('pairedTimeTag', () => {
	it('pairs the dates of Table E.1-1 with their times, and nothing else', () => {
		const pairs: Record<string, string> = {};
		for (const row of PROFILE_ROWS.filter((r) => r.vr === 'DA')) {
			const time = pairedTimeTag(parseInt(row.tag, 16));
			if (time !== null) pairs[row.keyword] = PROFILE_ROWS.find((r) => parseInt(r.tag, 16) === time)?.keyword ?? `unlisted ${time.toString(16)}`;
		}
		expect(pairs).toMatchObject({
			StudyDate: 'StudyTime',
			SeriesDate: 'SeriesTime',
			AcquisitionDate: 'AcquisitionTime',
			ContentDate: 'ContentTime',
			InstanceCreationDate: 'InstanceCreationTime',
			PatientBirthDate: 'PatientBirthTime',
			DateOfLastCalibration: 'TimeOfLastCalibration',
			IssueDateOfImagingServiceRequest: 'IssueTimeOfImagingServiceRequest',
			PerformedProcedureStepStartDate: 'PerformedProcedureStepStartTime',
			Date: 'Time'
		});
		expect(Object.values(pairs).every((k) => !k.startsWith('unlisted'))).toBe(true);
		expect(Object.keys(pairs).length).toBeGreaterThan(35);
		expect(pairedTimeTag(tagOf('LastMenstrualDate')!)).toBeNull();
		expect(pairedTimeTag(tagOf('PatientName')!)).toBeNull();
	});
});
