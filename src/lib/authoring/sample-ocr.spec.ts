import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyDraft } from '$lib/cases/types';
import { openCassetteDb, putImage, putPhi, saveDraft, saveSeries } from '$lib/db';
import type { PhiRecord } from '$lib/dicom/deid';
import type { OcrFinding } from '$lib/ocr/find-text';
import { mergeSamples, readSampledSlices, sampleIndices } from './sample-ocr';
import { ctHeader, SERIES } from '../../../tests/fixtures/ct/draft-series';

const PHI: PhiRecord = { values: [{ kind: 'name', value: 'LOVELACE^ADA', sources: ['PatientName'] }] };

function nameAt(y: number): OcrFinding {
	const box = { x0: 10, y0: y, x1: 110, y1: y + 12 };
	return { width: 256, height: 256, words: 5, hits: [{ category: 'name', source: 'record', masked: 'L••••••• A••', words: [0, 1], box }], boxes: [box] };
}

describe('sampleIndices', () => {
	it('samples the first, the middle and the last slice, fewer for short series', () => {
		expect(sampleIndices(300)).toEqual([0, 149, 299]);
		expect(sampleIndices(2)).toEqual([0, 1]);
		expect(sampleIndices(1)).toEqual([0]);
		expect(sampleIndices(0)).toEqual([]);
	});
});

describe('mergeSamples', () => {
	it('gives one hit and one box for the same overlay text on several slices, shown on the slice with most hits', () => {
		const name = { category: 'name' as const, masked: 'L••••••• A••', region: { x: 20, y: 20, width: 200, height: 24 } };
		const moved = { ...name, region: { x: 22, y: 22, width: 200, height: 24 } };
		const date = { category: 'date' as const, masked: '1•/••/••••', region: { x: 20, y: 400, width: 90, height: 20 } };
		const grid = { width: 512, height: 512 };
		const ocr = mergeSamples([
			{ index: 0, grid, hits: [name], regions: [name.region], words: 4 },
			{ index: 5, grid, hits: [moved, date], regions: [moved.region, date.region], words: 6 },
			{ index: 9, grid, hits: [], regions: [], words: 0 }
		]);
		expect(ocr).toEqual({
			status: 'found',
			sampled: [0, 5, 9],
			shown: 5,
			grid,
			words: 10,
			hits: [{ ...name, region: { x: 20, y: 20, width: 202, height: 26 } }, date],
			regions: [{ x: 20, y: 20, width: 202, height: 26 }, date.region]
		});
	});

	it('maps a slice of another size to the shown slice\'s grid, and is clear when no slice has a hit', () => {
		const hit = { category: 'id' as const, masked: 'M••-••••', region: { x: 10, y: 10, width: 50, height: 10 } };
		const ocr = mergeSamples([
			{ index: 0, grid: { width: 512, height: 512 }, hits: [hit], regions: [hit.region], words: 1 },
			{ index: 1, grid: { width: 256, height: 256 }, hits: [], regions: [{ x: 100, y: 100, width: 10, height: 10 }], words: 1 }
		]);
		expect(ocr.status === 'found' && ocr.regions).toEqual([hit.region, { x: 200, y: 200, width: 20, height: 20 }]);
		expect(mergeSamples([{ index: 0, grid: { width: 8, height: 8 }, hits: [], regions: [], words: 3 }])).toEqual({ status: 'clear', sampled: [0], words: 3 });
	});
});

describe('readSampledSlices', () => {
	it('reads the first, middle and last stored slices against the draft\'s PHI and maps their boxes to the DICOM grid', async () => {
		const db = await openCassetteDb('cassette-sample-ocr');
		await saveDraft(db, emptyDraft(1000, 'c1'));
		await putPhi(db, 'c1', PHI);
		await saveSeries(db, SERIES);
		// stored out of order, as an import's workers hand them over; preview byte 0 says which slice it is
		for (const index of [3, 0, 4, 1, 2]) {
			await putImage(db, { clientId: `i${index}`, caseId: 'c1', seriesId: 's1', index, previewType: 'image/jpeg', preview: new Uint8Array([index]).buffer, dicom: ctHeader(512, 512) });
		}
		const read: number[] = [];
		const ocr = await readSampledSlices(db, SERIES, async (bytes, _type, phi) => {
			expect(phi).toEqual(PHI);
			const index = new Uint8Array(bytes)[0];
			read.push(index);
			// the name on the first and last slice; the middle one shows nothing identifying
			return index === 2 ? { width: 256, height: 256, words: 2, hits: [], boxes: [] } : nameAt(10);
		});
		expect(read).toEqual([0, 2, 4]);
		// a 256-pixel preview of a 512-pixel slice: boxes doubled
		expect(ocr).toEqual({ status: 'found', sampled: [0, 2, 4], shown: 0, grid: { width: 512, height: 512 }, words: 12, hits: [{ category: 'name', masked: 'L••••••• A••', region: { x: 20, y: 20, width: 200, height: 24 } }], regions: [{ x: 20, y: 20, width: 200, height: 24 }] });

		const failed = await readSampledSlices(db, SERIES, () => Promise.reject(new Error('the OCR worker failed')));
		expect(failed).toEqual({ status: 'failed', sampled: [0, 2, 4], message: 'the OCR worker failed' });
		db.close();
	});
});

describe('readSampledSlices on a series of one multi-frame instance', () => {
	it('reads the other sampled frames of the instance too, and joins their boxes', async () => {
		const db = await openCassetteDb('cassette-sample-ocr-frames');
		await saveDraft(db, emptyDraft(1000, 'c1'));
		await saveSeries(db, SERIES);
		await putImage(db, { clientId: 'e1', caseId: 'c1', seriesId: 's1', index: 0, previewType: 'image/jpeg', preview: new Uint8Array([50]).buffer, dicom: ctHeader(512, 512, '2.25.9', 101) });
		const asked: number[] = [];
		const ocr = await readSampledSlices(
			db,
			SERIES,
			async (bytes) => {
				const frame = new Uint8Array(bytes)[0];
				// only the last frame shows the name
				return frame === 100 ? nameAt(200) : { width: 256, height: 256, words: 1, hits: [], boxes: [] };
			},
			(_bytes, count) => {
				asked.push(count);
				return async () => [0, 100].map((f) => ({ bytes: new Uint8Array([f]).buffer, type: 'image/jpeg' }));
			}
		);
		expect(asked).toEqual([101]);
		expect(ocr).toMatchObject({ status: 'found', sampled: [0], regions: [{ x: 20, y: 400, width: 200, height: 24 }] });
		db.close();
	});
});
