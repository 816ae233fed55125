import { describe, expect, it } from 'vitest';
import type { PhiRecord } from '$lib/dicom/deid';
import type { OcrFinding } from '$lib/ocr/find-text';
import { otherFramesOf } from './cine-frames';
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

describe('ReviewList on a multi-frame image', () => {
	it('reads the other sampled frames too and proposes the boxes of all, joined', async () => {
		const read: number[] = [];
		const findText: FindText = async (bytes) => {
			const frame = new Uint8Array(bytes)[0];
			read.push(frame);
			// frame 0 shows the name at the top; frame 59 further down; the preview (frame 29) shows nothing
			const y = frame === 0 ? 5 : 30;
			return frame === 29 ? { width: 100, height: 50, words: 0, hits: [], boxes: [] } : { ...finding, hits: [{ ...finding.hits[0], box: { x0: 10, y0: y, x1: 40, y1: y + 10 } }], boxes: [{ x0: 10, y0: y, x1: 40, y1: y + 10 }] };
		};
		const list = new ReviewList(() => {}, findText);
		const preview = { ...entry('cine').preview, bytes: new Uint8Array([29]).buffer };
		const frames = otherFramesOf(new ArrayBuffer(8), 60, async (_copy, frame) => ({ bytes: new Uint8Array([frame]).buffer, type: 'image/jpeg', width: 100, height: 50 }));
		const ocr = await list.read({ ...entry('cine'), preview }, record, frames);
		expect(read).toEqual([29, 0, 59]);
		expect(ocr).toMatchObject({ status: 'done', regions: [{ x: 20, y: 10, width: 60, height: 20 }, { x: 20, y: 60, width: 60, height: 20 }] });
		expect(ocr.status === 'done' && ocr.hits).toHaveLength(2);
		expect(otherFramesOf(new ArrayBuffer(8), 1)).toBeUndefined();
	});
});
