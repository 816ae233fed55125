import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyDraft, type DraftCase, type DraftImage, type DraftSeries, type SeriesDeidSummary } from '../cases/types';
import type { PhiRecord } from '../dicom/deid/phi-types';
import {
	deleteDraft,
	deleteSeries,
	getOutbox,
	getPhi,
	getSummary,
	listDrafts,
	listImageIds,
	listImages,
	loadDraft,
	putImages,
	putOutbox,
	putPhi,
	putSummary,
	replaceImage,
	saveDraft,
	saveSeries
} from './drafts';
import { DB_VERSION } from './migrations';
import { openCassetteDb, type DraftsDb } from './open';
import { StorageFullError } from './quota';
import { STORES } from './schema';

let counter = 0;
const opened: DraftsDb[] = [];
async function freshDb(version?: number): Promise<{ db: DraftsDb; name: string }> {
	const name = `cassette-test-${counter++}`;
	const db = await openCassetteDb(name, version);
	opened.push(db);
	return { db, name };
}
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

const PHI: PhiRecord = { values: [{ kind: 'name', value: 'García^María', sources: ['PatientName'] }] };

function draft(id: string, title = `Caso ${id}`): DraftCase {
	return { ...emptyDraft(1000, id), title, category: 'abdomen' };
}
function series(caseId: string, id: string): DraftSeries {
	return { clientId: id, caseId, plane: 'axial', description: '', modality: 'CT', windowCenter: 40, windowWidth: 400, sliceRange: null, order: 0, headerImage: null, publish: true };
}
function summaryOf(seriesId: string, stored = 3): SeriesDeidSummary {
	return { seriesId, modality: 'CT', instances: stored + 1, stored, excluded: 1, reasons: ['secondary-capture'], noPreview: 0, outcomes: { removed: 40, 'date-shifted': 6, kept: 12 }, redactedImages: 0, redactedRegions: 0 };
}
function image(caseId: string, seriesId: string, index: number, previewBytes = 100, dicomBytes = 0): DraftImage {
	return {
		clientId: `${seriesId}-${index}`, caseId, seriesId, index, previewType: 'image/jpeg',
		preview: new Uint8Array(previewBytes).fill(index).buffer,
		dicom: dicomBytes ? new Uint8Array(dicomBytes).buffer : null
	};
}
async function countFor(db: DraftsDb, caseId: string): Promise<Record<string, number>> {
	return {
		drafts: (await db.get('drafts', caseId)) ? 1 : 0,
		series: (await db.getAllKeysFromIndex('series', 'by-case', caseId)).length,
		images: (await db.getAllKeysFromIndex('images', 'by-case', caseId)).length,
		phi: (await db.get('phi', caseId)) ? 1 : 0,
		usage: (await db.get('usage', caseId)) ? 1 : 0,
		outbox: (await db.get('outbox', caseId)) ? 1 : 0,
		summaries: (await db.get('summaries', caseId)) ? 1 : 0
	};
}

describe('drafts', () => {
	it('saves and loads a draft with its series and PHI record, without mutating the input', async () => {
		const { db } = await freshDb();
		const input = draft('a');
		const saved = await saveDraft(db, input, 5000);
		expect(saved.savedAt).toBe(5000);
		expect(input.savedAt).toBe(1000);
		await saveSeries(db, { ...series('a', 's2'), order: 1 });
		await saveSeries(db, series('a', 's1'));
		await putPhi(db, 'a', PHI);
		const loaded = await loadDraft(db, 'a');
		expect(loaded?.draft).toEqual(saved);
		expect(loaded?.series.map((s) => s.clientId)).toEqual(['s1', 's2']);
		expect(loaded?.phi).toEqual(PHI);
		expect(await loadDraft(db, 'missing')).toBeUndefined();
	});

	it('stores image bytes as ArrayBuffers and refuses Blobs', async () => {
		const { db } = await freshDb();
		await putImages(db, [image('a', 's1', 1), image('a', 's1', 0, 50, 70)]);
		const images = await listImages(db, 'a');
		expect(images.map((i) => i.index)).toEqual([0, 1]);
		expect(images[0].preview).toBeInstanceOf(ArrayBuffer);
		expect(new Uint8Array(images[1].preview)[0]).toBe(1);
		expect(images[0].dicom?.byteLength).toBe(70);
		const blobby = { ...image('a', 's1', 2), preview: new Blob([new Uint8Array(3)]) as unknown as ArrayBuffer };
		await expect(putImages(db, [blobby])).rejects.toThrow(/ArrayBuffer/);
		expect(await listImageIds(db, 's1')).toHaveLength(2);
	});

	it('lists drafts newest first with the bytes each uses (text plus images)', async () => {
		const { db } = await freshDb();
		await saveDraft(db, draft('old'), 1);
		await saveDraft(db, draft('new'), 2);
		await putImages(db, [image('old', 's', 0, 1000, 3000), image('old', 's', 1, 1000)]);
		// replacing an image counts its new size, not both
		await putImages(db, [image('old', 's', 1, 500)]);
		const list = await listDrafts(db);
		expect(list.map((d) => d.clientId)).toEqual(['new', 'old']);
		const old = list[1];
		expect(old.images).toBe(2);
		const text = new TextEncoder().encode(JSON.stringify({ ...draft('old'), savedAt: 1 })).length;
		expect(old.bytes).toBe(text + 1000 + 3000 + 500);
		expect(list[0].images).toBe(0);
	});

	it('deleting a series frees its images and their bytes, and drops its line of the summary', async () => {
		const { db } = await freshDb();
		await saveDraft(db, draft('a'));
		await saveSeries(db, series('a', 's1'));
		await saveSeries(db, series('a', 's2'));
		await putImages(db, [image('a', 's1', 0, 100), image('a', 's2', 0, 40)]);
		await putSummary(db, 'a', [summaryOf('s1'), summaryOf('s2'), summaryOf('')]);
		await deleteSeries(db, 's1');
		expect(await db.get('usage', 'a')).toEqual({ caseId: 'a', imageBytes: 40, images: 1 });
		expect((await listImages(db, 'a')).map((i) => i.seriesId)).toEqual(['s2']);
		expect((await getSummary(db, 'a')).map((s) => s.seriesId)).toEqual(['s2', '']);
	});

	it('replacing an edited image drops the old record and its bytes, keeps its place, and moves the usage by the difference', async () => {
		const { db } = await freshDb();
		await saveDraft(db, draft('a'));
		await putImages(db, [image('a', 'photos', 0, 900), image('a', 'photos', 1, 300)]);
		const edited = { ...image('a', 'photos', 0, 250), clientId: 'photos-0-edited' };
		new Uint8Array(edited.preview).fill(7);
		expect(await replaceImage(db, 'photos-0', edited)).toBe(true);
		expect(await db.get('images', 'photos-0')).toBeUndefined();
		expect(await listImageIds(db, 'photos')).toEqual(['photos-0-edited', 'photos-1'].sort());
		const stored = await db.get('images', 'photos-0-edited');
		expect(stored?.index).toBe(0);
		expect([...new Uint8Array(stored!.preview)].every((b) => b === 7)).toBe(true);
		expect(await db.get('usage', 'a')).toEqual({ caseId: 'a', imageBytes: 250 + 300, images: 2 });
		expect((await listDrafts(db))[0].images).toBe(2);
	});

	it('replacing an image that is gone, or with an id already taken, writes nothing', async () => {
		const { db } = await freshDb();
		await putImages(db, [image('a', 'photos', 0, 900), image('a', 'photos', 1, 300)]);
		expect(await replaceImage(db, 'missing', { ...image('a', 'photos', 5, 10), clientId: 'new' })).toBe(false);
		await expect(replaceImage(db, 'photos-0', { ...image('a', 'photos', 0, 10), clientId: 'photos-1' })).rejects.toThrow(/exists/);
		expect((await listImages(db, 'a')).map((i) => [i.clientId, i.preview.byteLength])).toEqual([['photos-0', 900], ['photos-1', 300]]);
		expect(await db.get('usage', 'a')).toEqual({ caseId: 'a', imageBytes: 1200, images: 2 });
	});

	it('keeps the de-identification summary and the date shift with the draft', async () => {
		const { db } = await freshDb();
		await saveDraft(db, draft('a'));
		expect(await getSummary(db, 'a')).toEqual([]);
		const lines = [summaryOf('s1'), { ...summaryOf('s2', 1), redactedImages: 1, redactedRegions: 2 }];
		await putSummary(db, 'a', lines);
		expect(await getSummary(db, 'a')).toEqual(lines);
		await putPhi(db, 'a', PHI, -1234);
		expect((await loadDraft(db, 'a'))?.dateOffsetDays).toBe(-1234);
		await putPhi(db, 'a', PHI);
		expect((await loadDraft(db, 'a'))?.dateOffsetDays).toBeNull();
	});

	it('deleting a draft frees everything it owns and nothing of other drafts', async () => {
		const { db } = await freshDb();
		for (const id of ['a', 'b']) {
			await saveDraft(db, draft(id));
			await saveSeries(db, series(id, `${id}-s`));
			await putImages(db, [image(id, `${id}-s`, 0), image(id, `${id}-s`, 1)]);
			await putPhi(db, id, PHI);
			await putOutbox(db, { caseId: id, phase: 'queued', serverCaseId: '', serverSeries: {}, uploaded: [], error: '', errorDetail: '', attempts: 0, updatedAt: 0 });
			await putSummary(db, id, [summaryOf(`${id}-s`)]);
		}
		await deleteDraft(db, 'a');
		expect(await countFor(db, 'a')).toEqual({ drafts: 0, series: 0, images: 0, phi: 0, usage: 0, outbox: 0, summaries: 0 });
		expect(await countFor(db, 'b')).toEqual({ drafts: 1, series: 1, images: 2, phi: 1, usage: 1, outbox: 1, summaries: 1 });
		expect(await getPhi(db, 'a')).toBeNull();
		expect(await getOutbox(db, 'a')).toBeUndefined();
	});
});

describe('quota', () => {
	// fake-indexeddb has no quota: simulate the browser's QuotaExceededError on put() for values
	// larger than a limit, the way a full device fails the write that does not fit.
	function simulateQuota(limitBytes: number): () => void {
		const proto = IDBObjectStore.prototype;
		const original = proto.put;
		proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
			const preview = (value as { preview?: ArrayBuffer }).preview;
			const text = JSON.stringify(value, (_k, v) => (v instanceof ArrayBuffer ? undefined : v)) ?? '';
			if ((preview?.byteLength ?? 0) + text.length > limitBytes) {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			}
			return original.call(this, value, key);
		};
		return () => {
			proto.put = original;
		};
	}

	it('a write that hits the quota rejects with the largest drafts and loses nothing already saved', async () => {
		const { db } = await freshDb();
		await saveDraft(db, draft('big', 'Cirrosis'), 10);
		await putImages(db, [image('big', 's', 0, 5000), image('big', 's', 1, 5000)]);
		await saveDraft(db, draft('small', 'Quiste'), 20);
		const before = await listDrafts(db);
		const restore = simulateQuota(4000);
		try {
			// a batch whose second image does not fit: the first must not land either
			const error = await putImages(db, [image('small', 's2', 0, 10), image('small', 's2', 1, 4500)]).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(StorageFullError);
			const full = error as StorageFullError;
			expect(full.message).toBe('storage_full');
			expect(full.largest.map((d) => [d.clientId, d.title])).toEqual([
				['big', 'Cirrosis'],
				['small', 'Quiste']
			]);
			expect(full.largest[0].bytes).toBeGreaterThan(10_000);
			// an autosave of text that does not fit keeps the previous text
			const long = { ...draft('small', 'Quiste'), content: 'x'.repeat(5000) };
			await expect(saveDraft(db, long, 30)).rejects.toBeInstanceOf(StorageFullError);
		} finally {
			restore();
		}
		expect(await listDrafts(db)).toEqual(before);
		expect(await listImageIds(db, 's2')).toEqual([]);
		expect((await loadDraft(db, 'small'))?.draft.content).toBe('');
		expect((await listImages(db, 'big')).map((i) => i.preview.byteLength)).toEqual([5000, 5000]);
	});

	it('other failures are passed on as they are, and also leave saved data alone', async () => {
		const { db } = await freshDb();
		await saveDraft(db, draft('a'), 1);
		const bad = { ...draft('a'), content: 'new', regions: [() => 1] as never };
		const error = await saveDraft(db, bad, 2).catch((e: unknown) => e);
		expect(error).not.toBeInstanceOf(StorageFullError);
		expect((error as Error).name).toBe('DataCloneError');
		expect((await loadDraft(db, 'a'))?.draft.savedAt).toBe(1);
	});
});

describe('schema', () => {
	it('opens at the current version with every store', async () => {
		const { db } = await freshDb();
		expect(db.version).toBe(DB_VERSION);
		expect([...db.objectStoreNames].sort()).toEqual([...STORES].sort());
	});

	it('upgrades a version 1 database with data: PHI moves to its own store, usage is computed, nothing is lost', async () => {
		const name = `cassette-test-v1-${counter++}`;
		const v1 = await openCassetteDb(name, 1);
		expect([...v1.objectStoreNames].sort()).toEqual(['drafts', 'images', 'outbox', 'series']);
		const raw = v1 as unknown as { put(store: string, value: unknown): Promise<unknown> };
		await raw.put('drafts', { ...draft('old'), savedAt: 7, phi: PHI });
		await raw.put('drafts', { ...draft('clean'), savedAt: 9 });
		await raw.put('series', series('old', 's1'));
		await raw.put('images', image('old', 's1', 0, 300, 200));
		await raw.put('images', image('old', 's1', 1, 100));
		await raw.put('outbox', { caseId: 'old', phase: 'paused', serverCaseId: 'abc', serverSeries: {}, uploaded: ['s1-0'], error: '', errorDetail: '', attempts: 1, updatedAt: 3 });
		v1.close();

		const db = await openCassetteDb(name);
		opened.push(db);
		expect(db.version).toBe(DB_VERSION);
		const old = await loadDraft(db, 'old');
		expect(old?.phi).toEqual(PHI);
		expect(old?.draft).not.toHaveProperty('phi');
		expect(old?.draft.title).toBe('Caso old');
		expect(old?.series.map((s) => s.clientId)).toEqual(['s1']);
		expect(await getPhi(db, 'clean')).toBeNull();
		expect(await db.get('usage', 'old')).toEqual({ caseId: 'old', imageBytes: 600, images: 2 });
		expect((await listDrafts(db)).map((d) => d.clientId)).toEqual(['clean', 'old']);
		expect((await getOutbox(db, 'old'))?.uploaded).toEqual(['s1-0']);
		expect((await listImages(db, 'old')).map((i) => i.preview.byteLength)).toEqual([300, 100]);
	});

	it('upgrades a version 2 database: drafts, series, images, PHI and outbox kept; series marked to publish; an empty summary store', async () => {
		const name = `cassette-test-v2-${counter++}`;
		const v2 = await openCassetteDb(name, 2);
		expect([...v2.objectStoreNames].sort()).toEqual(['drafts', 'images', 'outbox', 'phi', 'series', 'usage']);
		const raw = v2 as unknown as { put(store: string, value: unknown): Promise<unknown> };
		const { publish: _publish, ...v2Series } = series('kept', 's1');
		await raw.put('drafts', { ...draft('kept', 'Hemangioma'), savedAt: 11 });
		await raw.put('series', v2Series);
		await raw.put('series', { ...v2Series, clientId: 's2', order: 1 });
		await raw.put('images', image('kept', 's1', 0, 300, 200));
		await raw.put('phi', { caseId: 'kept', record: PHI });
		await raw.put('usage', { caseId: 'kept', imageBytes: 500, images: 1 });
		await raw.put('outbox', { caseId: 'kept', phase: 'paused', serverCaseId: 'abc', serverSeries: { s1: 'x' }, uploaded: [], error: '', errorDetail: '', attempts: 2, updatedAt: 3 });
		v2.close();

		const db = await openCassetteDb(name);
		opened.push(db);
		expect(db.version).toBe(3);
		expect([...db.objectStoreNames].sort()).toEqual([...STORES].sort());
		const kept = await loadDraft(db, 'kept');
		expect(kept?.draft).toEqual({ ...draft('kept', 'Hemangioma'), savedAt: 11 });
		expect(kept?.series).toEqual([{ ...v2Series, publish: true }, { ...v2Series, clientId: 's2', order: 1, publish: true }]);
		expect(kept?.phi).toEqual(PHI);
		expect(kept?.dateOffsetDays).toBeNull();
		expect((await listImages(db, 'kept')).map((i) => [i.preview.byteLength, i.dicom?.byteLength])).toEqual([[300, 200]]);
		expect((await listDrafts(db)).map((d) => [d.clientId, d.images])).toEqual([['kept', 1]]);
		expect((await getOutbox(db, 'kept'))?.serverSeries).toEqual({ s1: 'x' });
		expect(await getSummary(db, 'kept')).toEqual([]);
	});
});
