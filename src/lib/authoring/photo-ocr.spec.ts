import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyDraft } from '$lib/cases/types';
import { openCassetteDb, putImage, putPhi, saveDraft } from '$lib/db';
import type { PhiRecord } from '$lib/dicom/deid';
import { proposeForStoredPhoto } from './photo-ocr';

const PHI: PhiRecord = { values: [{ kind: 'name', value: 'García^María', sources: ['PatientName'] }] };

describe('proposeForStoredPhoto', () => {
	it('reads the stored photo against the draft\'s PHI record and proposes boxes in its pixels', async () => {
		const db = await openCassetteDb('cassette-photo-ocr');
		const draft = await saveDraft(db, emptyDraft(1000, 'c1'));
		await putPhi(db, draft.clientId, PHI);
		await putImage(db, { clientId: 'i1', caseId: 'c1', seriesId: 's1', index: 0, previewType: 'image/jpeg', preview: new Uint8Array([1, 2, 3]).buffer, dicom: null });
		const seen: unknown[] = [];
		const proposal = await proposeForStoredPhoto(db, 'c1', 'i1', async (bytes, type, phi) => {
			seen.push([new Uint8Array(bytes).length, type, phi]);
			return { width: 640, height: 480, words: 4, hits: [{ category: 'name', source: 'record', masked: 'G•••••', words: [0], box: { x0: 5, y0: 6, x1: 50, y1: 20 } }], boxes: [{ x0: 5, y0: 6, x1: 50, y1: 20 }] };
		});
		expect(seen).toEqual([[3, 'image/jpeg', PHI]]);
		expect(proposal).toEqual({ status: 'done', words: 4, regions: [{ x: 5, y: 6, width: 45, height: 14 }], hits: [{ category: 'name', masked: 'G•••••', region: { x: 5, y: 6, width: 45, height: 14 } }] });
		expect(await proposeForStoredPhoto(db, 'c1', 'missing', () => Promise.reject(new Error('unused')))).toEqual({ status: 'failed', message: 'image not found' });
		db.close();
	});
});
