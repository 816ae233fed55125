/** publishCase before any request: validation and the PHI firewall over every image (no server needed). */
import 'fake-indexeddb/auto';
import PocketBase from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { emptyDraft, type DraftImage } from '../cases/types';
import type { PhiRecord } from '../dicom/deid/phi-types';
import { getOutbox, putImages, putPhi, saveDraft, saveSeries } from '../db/drafts';
import { openCassetteDb } from '../db/open';
import { publishCase } from './outbox';

const PHI: PhiRecord = { values: [{ kind: 'name', value: 'Ferrández^Lucía', sources: ['PatientName'] }] };
let counter = 0;

async function setup(options: { consent: boolean; leakIn: 'preview' | 'dicom' | 'none' }) {
	const db = await openCassetteDb(`outbox-unit-${counter++}`);
	const caseId = `c${counter}`;
	await saveDraft(db, {
		...emptyDraft(1, caseId), title: 'Hemangioma', category: 'abdomen', phiAcknowledged: true, phiAcknowledgedAt: '2026-01-01T00:00:00Z',
		researchConsent: options.consent, icd11Code: options.consent ? 'DB92' : '', regions: options.consent ? ['whole_liver'] : []
	});
	await putPhi(db, caseId, PHI);
	await saveSeries(db, { clientId: 's', caseId, plane: 'axial', description: '', modality: 'CT', windowCenter: null, windowWidth: null, sliceRange: null, order: 0, headerImage: null, publish: true });
	const bytes = (text: string) => new TextEncoder().encode(text).slice().buffer;
	const images: DraftImage[] = [0, 1, 2].map((index) => ({
		clientId: `i${index}`, caseId, seriesId: 's', index, previewType: 'image/jpeg',
		preview: bytes(index === 1 && options.leakIn === 'preview' ? 'JFIF LUCIA FERRANDEZ' : 'JFIF clean'),
		dicom: bytes(index === 2 && options.leakIn === 'dicom' ? 'DICM Ferrandez^Lucia' : 'DICM clean')
	}));
	await putImages(db, images);
	const requests: string[] = [];
	const fetch: typeof globalThis.fetch = async (input) => {
		requests.push(String(input));
		throw new TypeError('no network in this test');
	};
	const pb = new PocketBase('http://127.0.0.1:9');
	pb.authStore.save('header.eyJleHAiOjQxMDI0NDQ4MDAsImlkIjoidSJ9.sig', { id: 'u', collectionName: 'users' } as never);
	return { db, caseId, requests, run: () => publishCase(caseId, { db, pb, fetch, publicUrl: (id) => id, retry: { attempts: 1, baseMs: 1, maxMs: 1 } }) };
}

describe('publishCase before any request', () => {
	it('blocks on PHI in a preview, says which image, and sends nothing', async () => {
		const { run, requests, db, caseId } = await setup({ consent: false, leakIn: 'preview' });
		const progress = await run();
		expect(progress).toMatchObject({ phase: 'blocked', error: 'phi_found' });
		expect(progress.hits).toEqual([{ where: 'series 0 image 1 preview', part: 'bytes', offset: 5, kind: 'name', sources: ['PatientName'] }]);
		expect(requests).toEqual([]);
		expect((await getOutbox(db, caseId))?.phase).toBe('blocked');
		db.close();
	});

	it('blocks on PHI in DICOM that would be sent (consent)', async () => {
		const { run, requests, db } = await setup({ consent: true, leakIn: 'dicom' });
		const progress = await run();
		expect(progress).toMatchObject({ phase: 'blocked', error: 'phi_found' });
		expect(progress.hits.map((h) => h.where)).toEqual(['series 0 image 2 dicom']);
		expect(requests).toEqual([]);
		db.close();
	});

	it('does not block on DICOM that stays on the device (no consent), and counts previews only', async () => {
		const { run, requests, db } = await setup({ consent: false, leakIn: 'dicom' });
		const progress = await run();
		// the scan passed, so the run went on to the network, which this test does not have
		expect(progress).toMatchObject({ phase: 'failed', error: 'network', filesTotal: 3 });
		expect(progress.bytesTotal).toBe(3 * 'JFIF clean'.length);
		expect(requests.length).toBeGreaterThan(0);
		db.close();
	});

	it('with consent counts previews and DICOM in files and bytes', async () => {
		const { run, db } = await setup({ consent: true, leakIn: 'none' });
		const progress = await run();
		expect(progress).toMatchObject({ filesTotal: 6, bytesTotal: 3 * ('JFIF clean'.length + 'DICM clean'.length) });
		db.close();
	});
});
