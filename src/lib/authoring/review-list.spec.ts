import { describe, expect, it } from 'vitest';
import type { PhiRecord } from '$lib/dicom/deid';
import type { OcrFinding } from '$lib/ocr/find-text';
import { ReviewList, type AtRiskSeries, type FindText } from './review-list';

const record: PhiRecord = { values: [{ kind: 'name', value: 'NÚÑEZ^MARÍA', sources: ['PatientName'] }] };
const finding: OcrFinding = { width: 100, height: 50, words: 3, hits: [{ category: 'name', source: 'record', masked: 'N••••', words: [0], box: { x0: 10, y0: 5, x1: 40, y1: 15 } }], boxes: [{ x0: 10, y0: 5, x1: 40, y1: 15 }] };

function entry(key: string): AtRiskSeries {
	return { key, photo: false, modality: 'US', count: 1, preview: { bytes: new ArrayBuffer(4), type: 'image/jpeg', width: 100, height: 50 }, columns: 200, rows: 100, ocr: { status: 'reading' } };
}

describe('ReviewList', () => {
	it('publishes a held series at once, reading, then with what OCR proposes in the DICOM grid; more images of it only count', async () => {
		const published: AtRiskSeries[][] = [];
		const calls: PhiRecord[] = [];
		let answer: (f: OcrFinding) => void = () => {};
		const findText: FindText = (_bytes, _type, phi) => {
			calls.push(phi);
			return new Promise((resolve) => (answer = resolve));
		};
		const list = new ReviewList((items) => published.push(items), findText);
		list.hold(entry('s1'), record);
		list.hold(entry('s1'), record);
		expect(calls).toEqual([record]);
		expect(published.at(-1)).toMatchObject([{ key: 's1', count: 2, ocr: { status: 'reading' } }]);
		answer(finding);
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(published.at(-1)).toMatchObject([{ key: 's1', ocr: { status: 'done', regions: [{ x: 20, y: 10, width: 60, height: 20 }], hits: [{ category: 'name', masked: 'N••••' }] } }]);
		list.remove('s1');
		expect(published.at(-1)).toEqual([]);
	});

	it('turns a failed read into a proposal the review shows (the author then looks by eye)', async () => {
		const list = new ReviewList(() => {}, () => Promise.reject(new Error('no OCR data offline')));
		expect(await list.read(entry('p'), record)).toEqual({ status: 'failed', message: 'no OCR data offline' });
	});
});
