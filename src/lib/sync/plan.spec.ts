import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyDraft, type DraftSeries } from '../cases/types';
import { deidentify } from '../dicom/deid/deidentify';
import { parseDicom } from '../dicom/parse';
import { loadDraft, putImages, putPhi, saveDraft, saveSeries } from '../db/drafts';
import { openCassetteDb } from '../db/open';
import { planAndScan } from './plan';

const CT = '/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm';

describe('planAndScan', () => {
	it('scans DICOM with the draft\'s date shift: a shifted study date landing on the series\' original date does not block', async () => {
		// 20040119 (StudyDate) moved back 2455 days is 19970430, CT_small's original SeriesDate
		const offset = -2455;
		const { bytes, phi } = deidentify(parseDicom(new Uint8Array(readFileSync(CT))), { secret: 'plan', dateOffsetDays: offset, timeOffsetSeconds: 45_296 });
		const db = await openCassetteDb('plan-spec');
		const draft = await saveDraft(db, emptyDraft(1, 'c1'));
		const series: DraftSeries = { clientId: 's1', caseId: 'c1', plane: 'axial', description: '', modality: 'CT', windowCenter: null, windowWidth: null, sliceRange: null, order: 0, headerImage: null, publish: true };
		await saveSeries(db, series);
		await putImages(db, [{ clientId: 'i1', caseId: 'c1', seriesId: 's1', index: 0, previewType: 'image/jpeg', preview: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]).buffer, dicom: bytes.slice().buffer }]);
		await putPhi(db, draft.clientId, phi, offset);
		const loaded = (await loadDraft(db, 'c1'))!;

		const unaware = await planAndScan(db, loaded.series, loaded.phi);
		expect(unaware.dicomHits.map((h) => h.attribute)).toContain('StudyDate');
		const planned = await planAndScan(db, loaded.series, loaded.phi, loaded.dateOffsetDays);
		expect(planned.dicomHits).toEqual([]);
		expect(planned.hits).toEqual([]);
		expect(planned.images.get('s1')?.map((p) => p.id)).toEqual(['i1']);
		db.close();
	});
});
