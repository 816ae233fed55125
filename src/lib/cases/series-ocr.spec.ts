import { describe, expect, it } from 'vitest';
import { seriesToPublish } from './outgoing';
import { seriesOcrBlock, type SeriesOcr } from './series-ocr';
import { emptyDraft, type DraftSeries } from './types';
import { errorsByStep, validateCase } from './validate';

const found: SeriesOcr = { status: 'found', sampled: [0, 1, 2], shown: 1, grid: { width: 512, height: 512 }, words: 6, hits: [{ category: 'name', masked: 'L••••••• A••', region: { x: 4, y: 4, width: 90, height: 14 } }], regions: [{ x: 4, y: 4, width: 90, height: 14 }] };

function series(ocr: SeriesOcr | undefined, publish = true): DraftSeries {
	return { clientId: 's1', caseId: 'c1', plane: 'axial', description: '', modality: 'CT', windowCenter: null, windowWidth: null, sliceRange: null, order: 0, headerImage: null, publish, ...(ocr && { ocr }) };
}

const ready = { ...emptyDraft(0, 'c1'), title: 'Hígado', category: 'abdomen' as const, phiAcknowledged: true, phiAcknowledgedAt: '2026-12-06T10:00:00.000Z' };

describe('seriesOcrBlock', () => {
	it('holds a series back while OCR reads it and while a hit is unresolved or the slices could not be read', () => {
		expect(seriesOcrBlock({ status: 'reading' })).toBe('ocr_reading');
		expect(seriesOcrBlock(found)).toBe('ocr_unresolved');
		expect(seriesOcrBlock({ status: 'failed', sampled: [0], message: 'x' })).toBe('ocr_unresolved');
	});

	it('lets it go once clear or reviewed, and for drafts made before OCR sampled slices', () => {
		expect(seriesOcrBlock({ status: 'clear', sampled: [0, 1], words: 3 })).toBeNull();
		expect(seriesOcrBlock({ status: 'reviewed', regions: 1, vouched: 0 })).toBeNull();
		expect(seriesOcrBlock(undefined)).toBeNull();
	});
});

describe('the publish gate', () => {
	it('is an error of the series, counted in the images step, that goes once the review is done', () => {
		const errors = validateCase(ready, [series(found)], []);
		expect(errors).toEqual({ 'series.s1.ocr': ['ocr_unresolved'] });
		expect(errorsByStep(errors)).toEqual({ text: 0, images: 1, research: 0, publish: 0 });
		expect(validateCase(ready, [series({ status: 'reviewed', regions: 1, vouched: 0 })], [])).toEqual({});
	});

	it('does not hold a case whose unticked series is left out of publishing', () => {
		expect(validateCase(ready, seriesToPublish([series(found, false)]), [])).toEqual({});
	});
});
