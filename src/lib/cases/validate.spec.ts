import { describe, expect, it } from 'vitest';
import { consentBlocks, consentOffer, dicomToUpload } from './consent';
import { emptyDraft, newClientId, type DraftCase, type DraftImage, type DraftSeries } from './types';
import { errorsByStep, isValid, validateCase } from './validate';

const bytes = (n: number) => new Uint8Array(n).buffer;

function draft(over: Partial<DraftCase> = {}): DraftCase {
	return {
		...emptyDraft(1_700_000_000_000, 'case1'),
		title: 'Hepatocarcinoma sobre cirrosis',
		category: 'abdomen',
		phiAcknowledged: true,
		phiAcknowledgedAt: '2026-11-21T10:00:00.000Z',
		...over
	};
}

function series(over: Partial<DraftSeries> = {}): DraftSeries {
	return {
		clientId: 's1', caseId: 'case1', plane: 'axial', description: 'Fase portal', modality: 'CT',
		windowCenter: 40, windowWidth: 400, sliceRange: { first: 0, last: 1 }, order: 0, headerImage: 0, publish: true, ...over
	};
}

function image(index: number, over: Partial<DraftImage> = {}): DraftImage {
	return { clientId: `i${index}`, caseId: 'case1', seriesId: 's1', index, previewType: 'image/jpeg', preview: bytes(10), dicom: bytes(20), ...over };
}

describe('validateCase', () => {
	it('accepts a complete case, and a case without images', () => {
		expect(validateCase(draft(), [series()], [image(0), image(1)])).toEqual({});
		expect(isValid(validateCase(draft(), [], []))).toBe(true);
	});

	it('gives codes for an empty case: title, category, PHI acknowledgement', () => {
		expect(validateCase(emptyDraft(0, 'x'), [], [])).toEqual({
			title: ['title_required'],
			category: ['category_required'],
			phiAcknowledged: ['phi_ack_required']
		});
	});

	it('saving a half-written draft only reports what is wrong, not what is missing', () => {
		expect(validateCase(emptyDraft(0, 'x'), [], [], 'save')).toEqual({});
		expect(validateCase({ ...emptyDraft(0, 'x'), title: 'a'.repeat(101) }, [], [], 'save')).toEqual({ title: ['title_too_long'] });
	});

	it('counts characters, not UTF-16 units: 100 accented or astral characters pass, 101 fail', () => {
		expect(validateCase(draft({ title: 'ñ'.repeat(100) }), [], []).title).toBeUndefined();
		expect(validateCase(draft({ title: '🫁'.repeat(100) }), [], []).title).toBeUndefined();
		expect(validateCase(draft({ title: 'a'.repeat(101) }), [], []).title).toEqual(['title_too_long']);
	});

	it('rejects unknown categories and regions, long texts and long other labels', () => {
		const errors = validateCase(
			draft({ category: 'liver' as never, regions: ['segment_9' as never], otherLabel: 'x'.repeat(101), bibliography: 'b'.repeat(50_001) }),
			[],
			[]
		);
		expect(errors).toEqual({
			category: ['category_unknown'],
			regions: ['region_unknown'],
			otherLabel: ['other_label_too_long'],
			bibliography: ['text_too_long']
		});
	});

	it('checks series: plane, description length, slice range, window, header image', () => {
		const s = series({ plane: 'oblique' as never, description: 'd'.repeat(501), sliceRange: { first: 3, last: 1 }, windowWidth: 0, headerImage: 7 });
		expect(validateCase(draft(), [s], [image(0)])).toEqual({
			'series.s1.plane': ['plane_unknown'],
			'series.s1.description': ['description_too_long'],
			'series.s1.sliceRange': ['slice_range_invalid'],
			'series.s1.window': ['window_invalid'],
			'series.s1.headerImage': ['header_image_invalid']
		});
	});

	it('checks image sizes and types against the server limits', () => {
		const errors = validateCase(draft(), [series({ headerImage: null })], [
			image(0, { preview: bytes(0) }),
			image(1, { preview: bytes((2 << 20) + 1), previewType: 'image/gif' as never })
		]);
		expect(errors).toEqual({
			'image.i0.preview': ['preview_empty'],
			'image.i1.preview': ['preview_too_large', 'preview_type_unknown']
		});
	});

	it('requires a known liver ICD-11 code and a region when consent is given', () => {
		expect(validateCase(draft({ researchConsent: true }), [series()], [image(0)])).toEqual({
			icd11Code: ['icd11_required'],
			regions: ['region_required']
		});
		expect(validateCase(draft({ researchConsent: true, icd11Code: 'XX99', regions: ['couinaud_7'] }), [series()], [image(0)])).toEqual({
			icd11Code: ['icd11_unknown']
		});
		expect(validateCase(draft({ researchConsent: true, icd11Code: 'DB92', regions: ['couinaud_7'] }), [series()], [image(0)])).toEqual({});
	});
});

describe('consent', () => {
	it('is offered only for cases with DICOM, and only CT', () => {
		expect(consentOffer([series()], [image(0)])).toBeNull();
		expect(consentOffer([series()], [image(0, { dicom: null })])).toEqual({ code: 'no_dicom' });
		expect(consentOffer([series(), series({ modality: 'mr' }), series({ modality: 'US' })], [image(0)])).toEqual({
			code: 'modality_not_ct',
			modalities: ['MR', 'US']
		});
	});

	it('blocks a consented MR case with the reason, and never queues its DICOM', () => {
		const d = draft({ researchConsent: true, icd11Code: 'DB93' });
		const mr = [series({ modality: 'MR' })];
		expect(consentBlocks(d, mr, [image(0)])).toEqual([{ code: 'modality_not_ct', modalities: ['MR'] }]);
		expect(dicomToUpload(d, mr, [image(0)])).toBe(false);
	});

	it('queues DICOM only with valid consent', () => {
		expect(dicomToUpload(draft({ researchConsent: true, icd11Code: 'DB92' }), [series()], [image(0)])).toBe(true);
		expect(dicomToUpload(draft({ researchConsent: false, icd11Code: 'DB92' }), [series()], [image(0)])).toBe(false);
		expect(dicomToUpload(draft({ researchConsent: true, icd11Code: '' }), [series()], [image(0)])).toBe(false);
	});

	it('client ids fit the server pattern', () => {
		expect(newClientId()).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
	});
});

describe('errorsByStep', () => {
	it('counts each error in the part of the editor that shows it', () => {
		const errors = validateCase({ ...emptyDraft(0, 'c1'), researchConsent: true, content: 'x'.repeat(60_000) }, [], [], 'publish');
		const counts = errorsByStep(errors);
		expect(counts.text).toBeGreaterThanOrEqual(3); // title, category, the long text
		expect(counts.research).toBeGreaterThanOrEqual(1); // consent without DICOM / no ICD-11 code
		expect(counts.publish).toBe(1); // the notice not acknowledged
		expect(errorsByStep({ 'series.s1.plane': ['plane_unknown'], 'image.i1.preview': ['preview_empty'] })).toEqual({ text: 0, images: 2, research: 0, publish: 0 });
	});
});
