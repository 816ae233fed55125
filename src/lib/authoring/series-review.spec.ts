import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyDraft } from '$lib/cases/types';
import { getImage, listImageIds, openCassetteDb, putImage, saveDraft, saveSeries, type DraftsDb } from '$lib/db';
import type { RedactRegion } from '$lib/dicom/deid';
import type { OcrFinding } from '$lib/ocr/find-text';
import { ctHeader, SERIES } from '../../../tests/fixtures/ct/draft-series';
import { applySeriesReview, needsSampleOcr, sampleSeriesText, shownSlice, startSampleOcr, type Redact } from './series-review';

const NAME: OcrFinding = { width: 512, height: 512, words: 3, hits: [{ category: 'name', source: 'record', masked: 'L•••', words: [0], box: { x0: 4, y0: 4, x1: 40, y1: 16 } }], boxes: [{ x0: 4, y0: 4, x1: 40, y1: 16 }] };

async function draftWithSlices(name: string, grids: { width: number; height: number }[]): Promise<DraftsDb> {
	const db = await openCassetteDb(name);
	await saveDraft(db, emptyDraft(1000, 'c1'));
	await saveSeries(db, SERIES);
	await saveSeries(db, { ...SERIES, clientId: 'photos', modality: '' });
	for (const [index, grid] of grids.entries()) {
		await putImage(db, { clientId: `i${index}`, caseId: 'c1', seriesId: 's1', index, previewType: 'image/jpeg', preview: new Uint8Array([index]).buffer, dicom: ctHeader(grid.width, grid.height), values: new Uint8Array([9, 9]).buffer });
	}
	return db;
}

describe('startSampleOcr', () => {
	it('marks the DICOM series as being read before it returns, then stores what OCR found; photos are left to their own check', async () => {
		const db = await draftWithSlices('cassette-series-review-start', [{ width: 512, height: 512 }]);
		let release = () => {};
		const gate = new Promise<void>((resolve) => (release = resolve));
		const started = await startSampleOcr(db, 'c1', async () => {
			await gate;
			return NAME;
		});
		expect(started.series).toBe(1);
		expect((await db.get('series', 's1'))?.ocr).toEqual({ status: 'reading' });
		expect((await db.get('series', 'photos'))?.ocr).toBeUndefined();
		// the draft page opened meanwhile joins the same reading instead of starting another
		const joined = sampleSeriesText(db, 's1', () => Promise.reject(new Error('read twice')));
		release();
		const ocr = await joined;
		expect(ocr.status).toBe('found');
		expect((await db.get('series', 's1'))?.ocr).toEqual(ocr);
		expect(await started.read).toEqual([ocr]);
		expect(shownSlice(ocr)).toBe(0);
		expect(needsSampleOcr({ modality: 'CT', ocr })).toBe(false);
		expect(needsSampleOcr({ modality: 'CT', ocr: undefined })).toBe(true);
		expect(needsSampleOcr({ modality: '', ocr: undefined })).toBe(false);
		db.close();
	});
});

describe('applySeriesReview', () => {
	it('redacts every slice of the series with the series\' window, scaling the boxes to a slice of another size, under new ids', async () => {
		const db = await draftWithSlices('cassette-series-review-apply', [{ width: 512, height: 512 }, { width: 512, height: 512 }, { width: 256, height: 256 }]);
		await saveSeries(db, { ...SERIES, windowCenter: 40, windowWidth: 400 });
		const calls: { slice: number; regions: readonly RedactRegion[]; window: unknown }[] = [];
		const redact: Redact = async (bytes, regions, options) => {
			calls.push({ slice: calls.length, regions, window: options.window });
			return {
				summary: {} as never,
				burnedIn: { atRisk: false, reasons: [] },
				excluded: false,
				phi: { values: [] },
				deidentified: { bytes, sopInstanceUID: '', counts: {} },
				preview: { bytes: new Uint8Array([7]).buffer, type: 'image/jpeg', width: 1, height: 1 }
			};
		};
		const series = { ...SERIES, windowCenter: 40, windowWidth: 400 };
		const renamed = await applySeriesReview(db, series, { regions: [{ x: 10, y: 10, width: 100, height: 20 }], grid: { width: 512, height: 512 }, vouched: 1 }, redact);
		expect(calls.map((c) => c.regions)).toEqual([[{ x: 10, y: 10, width: 100, height: 20 }], [{ x: 10, y: 10, width: 100, height: 20 }], [{ x: 5, y: 5, width: 50, height: 10 }]]);
		expect(calls.every((c) => JSON.stringify(c.window) === JSON.stringify({ center: 40, width: 400 }))).toBe(true);
		expect([...renamed.keys()].sort()).toEqual(['i0', 'i1', 'i2']);
		const ids = await listImageIds(db, 's1');
		expect(ids.sort()).toEqual([...renamed.values()].sort());
		for (const id of ids) {
			const image = await getImage(db, id);
			expect(new Uint8Array(image!.preview)).toEqual(new Uint8Array([7]));
			// values made from the unredacted pixels are not kept
			expect(image!.values).toBeUndefined();
		}
		expect((await db.get('series', 's1'))?.ocr).toEqual({ status: 'reviewed', regions: 1, vouched: 1 });
		db.close();
	});

	it('changes no pixel when every hit was vouched for', async () => {
		const db = await draftWithSlices('cassette-series-review-vouch', [{ width: 512, height: 512 }]);
		const renamed = await applySeriesReview(db, SERIES, { regions: [], grid: { width: 512, height: 512 }, vouched: 2 }, () => Promise.reject(new Error('nothing to redact')));
		expect(renamed.size).toBe(0);
		expect(await listImageIds(db, 's1')).toEqual(['i0']);
		expect((await db.get('series', 's1'))?.ocr).toEqual({ status: 'reviewed', regions: 0, vouched: 2 });
		db.close();
	});
});
