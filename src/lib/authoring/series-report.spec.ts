import { describe, expect, it } from 'vitest';
import type { BurnedInReason } from '$lib/dicom/deid';
import { addOutcomes, addReasons, emptyReport, planeOf, summaryOf } from './series-report';

describe('series reports', () => {
	it('sums outcome counts without changing the totals passed in', () => {
		const total = { removed: 3, kept: 1 };
		expect(addOutcomes(total, { removed: 2, 'date-shifted': 4 })).toEqual({ removed: 5, kept: 1, 'date-shifted': 4 });
		expect(total).toEqual({ removed: 3, kept: 1 });
	});

	it('lists each burned-in reason once', () => {
		expect(addReasons(['secondary-capture'], ['secondary-capture', 'modality:OT'])).toEqual(['secondary-capture', 'modality:OT']);
	});

	it('starts empty, with the original description kept for the device', () => {
		expect(emptyReport('CT', 'ABD PELVIS')).toMatchObject({ seriesId: '', modality: 'CT', originalDescription: 'ABD PELVIS', instances: 0, stored: 0, excluded: 0 });
	});

	it('keeps counts and codes for the draft, never the original description, and shares nothing with the report', () => {
		const report = { ...emptyReport('OT', 'NUNEZ GARCIA dose'), seriesId: 's', excluded: 1, reasons: ['secondary-capture'] as BurnedInReason[], outcomes: { removed: 3 }, redactedImages: 1, redactedRegions: 2 };
		const summary = summaryOf(report);
		expect(summary).not.toHaveProperty('originalDescription');
		expect(JSON.stringify(summary)).not.toContain('NUNEZ');
		expect(summary).toMatchObject({ seriesId: 's', modality: 'OT', excluded: 1, reasons: ['secondary-capture'], outcomes: { removed: 3 }, redactedImages: 1, redactedRegions: 2 });
		report.outcomes.removed = 9;
		report.reasons.push('modality:OT');
		expect(summary.outcomes.removed).toBe(3);
		expect(summary.reasons).toEqual(['secondary-capture']);
	});
});

describe('planeOf', () => {
	it('suggests the plane from Image Orientation (Patient)', () => {
		expect(planeOf([1, 0, 0, 0, 1, 0])).toBe('axial');
		expect(planeOf([1, 0, 0, 0, 0, -1])).toBe('coronal');
		expect(planeOf([0, 1, 0, 0, 0, -1])).toBe('sagittal');
	});

	it('calls oblique or missing orientations "other"', () => {
		expect(planeOf([0.7071, 0.7071, 0, 0, 0.7071, -0.7071])).toBe('other');
		expect(planeOf(undefined)).toBe('other');
		expect(planeOf([1, 0, 0])).toBe('other');
	});
});
