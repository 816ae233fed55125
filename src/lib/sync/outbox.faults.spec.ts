/** publishCase against a server whose storage fails: the author is told why, the outbox retried, nothing is lost on the device. */
import 'fake-indexeddb/auto';
import PocketBase from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { emptyDraft, type DraftImage } from '../cases/types';
import { getOutbox, loadDraft, putImages, putPhi, saveDraft, saveSeries } from '../db/drafts';
import { openCassetteDb } from '../db/open';
import { publishCase } from './outbox';

let counter = 0;

/** A draft with two slices and a server that answers every request with `status` and `body` (as pocketbase/hooks/storage_faults.go does). */
async function setup(status: number, body: unknown) {
	const db = await openCassetteDb(`outbox-faults-${counter++}`);
	const caseId = `f${counter}`;
	await saveDraft(db, { ...emptyDraft(1, caseId), title: 'Hemangioma', category: 'abdomen', phiAcknowledged: true, phiAcknowledgedAt: '2026-01-01T00:00:00Z' });
	await putPhi(db, caseId, { values: [] });
	await saveSeries(db, { clientId: 's', caseId, plane: 'axial', description: '', modality: 'CT', windowCenter: null, windowWidth: null, sliceRange: null, order: 0, headerImage: null, publish: true });
	const bytes = new TextEncoder().encode('JFIF clean').slice().buffer;
	const images: DraftImage[] = [0, 1].map((index) => ({ clientId: `i${index}`, caseId, seriesId: 's', index, previewType: 'image/jpeg', preview: bytes, dicom: null }));
	await putImages(db, images);
	const requests: string[] = [];
	const fetch: typeof globalThis.fetch = async (input) => {
		requests.push(String(input));
		return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'retry-after': '60' } });
	};
	const pb = new PocketBase('http://127.0.0.1:9');
	pb.authStore.save('header.eyJleHAiOjQxMDI0NDQ4MDAsImlkIjoidSJ9.sig', { id: 'u', collectionName: 'users' } as never);
	const run = () => publishCase(caseId, { db, pb, fetch, publicUrl: (id) => id, retry: { attempts: 3, baseMs: 1, maxMs: 1 } });
	return { db, caseId, requests, run };
}

const fault = (code: string) => ({ status: 503, message: 'storage', data: { storage: { code, message: 'storage' } } });

describe('publishCase when the server storage fails', () => {
	for (const code of ['storage_full', 'storage_unavailable']) {
		it(`names ${code} at once, and keeps the draft and its outbox entry`, async () => {
			const { run, requests, db, caseId } = await setup(503, fault(code));
			const progress = await run();
			expect(progress).toMatchObject({ phase: 'failed', error: code, filesDone: 0 });
			// the server asks for a minute (Retry-After: 60): the run stops at the first refusal and
			// the author is told now; the outbox tries again later (outbox.svelte.ts)
			expect(requests).toHaveLength(1);
			expect(await getOutbox(db, caseId)).toMatchObject({ phase: 'failed', error: code });
			const draft = await loadDraft(db, caseId);
			expect(draft?.draft.status).not.toBe('published');
			db.close();
		});
	}

	it('a 503 without a storage code is still a connection problem, retried within the run', async () => {
		const { run, db, requests } = await setup(503, { status: 503, message: 'busy', data: {} });
		expect(await run()).toMatchObject({ phase: 'failed', error: 'network' });
		expect(requests.length).toBeGreaterThanOrEqual(3);
		db.close();
	});

	it('a 400 stays a refusal with the server message, not a storage fault', async () => {
		const { run, db } = await setup(400, { status: 400, message: 'Failed to create record.', data: { storage: { code: 'storage_full' } } });
		expect(await run()).toMatchObject({ phase: 'failed', error: 'server_rejected' });
		db.close();
	});
});
