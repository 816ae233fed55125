/**
 * The drafts API: everything the editor, the drafts list and the outbox read and write. Every
 * write is one transaction: it either lands whole or not at all, so a quota failure or a crash
 * mid-write never leaves half a draft, and never touches what was saved before.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import type { DraftCase, DraftImage, DraftSeries, SeriesDeidSummary } from '../cases/types';
import type { PhiRecord } from '../dicom/deid/phi-types';
import type { DraftsDb } from './open';
import { isQuotaError, StorageFullError, type DraftUsage } from './quota';
import type { CassetteDb, OutboxEntry } from './schema';

type Store = StoreNames<CassetteDb>;
type WriteTx<S extends Store[]> = IDBPTransaction<CassetteDb, S, 'readwrite'>;

/** DraftSummary is one row of the drafts list. */
export interface DraftSummary extends DraftUsage {
	status: DraftCase['status'];
	savedAt: number;
}

/** LoadedDraft is a draft with its series (in order), its PHI record and date shift; images are read separately (they can be large). */
export interface LoadedDraft {
	draft: DraftCase;
	series: DraftSeries[];
	phi: PhiRecord | null;
	/** dateOffsetDays is the date shift the draft's DICOM was de-identified with, or null when unknown. */
	dateOffsetDays: number | null;
}

const utf8 = new TextEncoder();

function textBytes(draft: DraftCase): number {
	return utf8.encode(JSON.stringify(draft)).length;
}

function imageBytes(image: Pick<DraftImage, 'preview' | 'dicom' | 'values'>): number {
	return image.preview.byteLength + (image.dicom?.byteLength ?? 0) + (image.values?.byteLength ?? 0);
}

/**
 * write runs `body` in one readwrite transaction over `stores`. On any failure the transaction is
 * aborted (undoing this write only); a quota failure becomes a StorageFullError naming the
 * largest drafts.
 */
async function write<S extends Store[]>(db: DraftsDb, stores: S, body: (tx: WriteTx<S>) => Promise<void>): Promise<void> {
	const tx = db.transaction(stores, 'readwrite');
	try {
		await Promise.all([body(tx), tx.done]);
	} catch (error) {
		try {
			tx.abort();
		} catch {
			// the browser already aborted it
		}
		await tx.done.catch(() => undefined);
		if (isQuotaError(error) || isQuotaError(tx.error)) {
			throw new StorageFullError(await largestDrafts(db), { cause: error });
		}
		throw error;
	}
}

/** saveDraft stores the draft's text and labels, stamped with `now` as its autosave time; returns the stored copy. */
export async function saveDraft(db: DraftsDb, draft: DraftCase, now: number = Date.now()): Promise<DraftCase> {
	const saved: DraftCase = { ...draft, regions: [...draft.regions], savedAt: now };
	await write(db, ['drafts'], async (tx) => {
		await tx.objectStore('drafts').put(saved);
	});
	return saved;
}

/** saveSeries stores (adds or replaces) one series of a draft. */
export async function saveSeries(db: DraftsDb, series: DraftSeries): Promise<void> {
	await write(db, ['series'], async (tx) => {
		await tx.objectStore('series').put({ ...series, sliceRange: series.sliceRange && { ...series.sliceRange } });
	});
}

/** putImages stores images (adding or replacing) and updates their drafts' usage, all in one transaction. */
export async function putImages(db: DraftsDb, images: readonly DraftImage[]): Promise<void> {
	if (images.length === 0) return;
	await write(db, ['images', 'usage'], async (tx) => {
		const store = tx.objectStore('images');
		const delta = new Map<string, { imageBytes: number; images: number }>();
		for (const image of images) {
			if (!(image.preview instanceof ArrayBuffer) || (image.dicom !== null && !(image.dicom instanceof ArrayBuffer)) || (image.values !== undefined && !(image.values instanceof ArrayBuffer))) {
				throw new TypeError('Images are stored as ArrayBuffers (Blob storage fails in Safari).');
			}
			const old = await store.get(image.clientId);
			const d = delta.get(image.caseId) ?? { imageBytes: 0, images: 0 };
			d.imageBytes += imageBytes(image) - (old ? imageBytes(old) : 0);
			d.images += old ? 0 : 1;
			delta.set(image.caseId, d);
			await store.put({ ...image });
		}
		const usage = tx.objectStore('usage');
		for (const [caseId, d] of delta) {
			const current = (await usage.get(caseId)) ?? { caseId, imageBytes: 0, images: 0 };
			await usage.put({ caseId, imageBytes: current.imageBytes + d.imageBytes, images: current.images + d.images });
		}
	});
}

/** putImage stores one image; see putImages. */
export function putImage(db: DraftsDb, image: DraftImage): Promise<void> {
	return putImages(db, [image]);
}

/**
 * replaceImage puts `image` in place of the image `oldId` (same draft, usually a new client id)
 * in one transaction: the old record and its bytes are deleted, the new one stored, and the
 * draft's usage moves by the difference. Returns false (writing nothing) when `oldId` is gone.
 */
export async function replaceImage(db: DraftsDb, oldId: string, image: DraftImage): Promise<boolean> {
	let replaced = false;
	await write(db, ['images', 'usage'], async (tx) => {
		const store = tx.objectStore('images');
		const old = await store.get(oldId);
		if (!old || old.caseId !== image.caseId) return;
		if (!(image.preview instanceof ArrayBuffer) || (image.dicom !== null && !(image.dicom instanceof ArrayBuffer)) || (image.values !== undefined && !(image.values instanceof ArrayBuffer))) {
			throw new TypeError('Images are stored as ArrayBuffers (Blob storage fails in Safari).');
		}
		// a new id that is already taken would be overwritten and counted twice
		if (image.clientId !== oldId && (await store.getKey(image.clientId)) !== undefined) throw new Error(`image ${image.clientId} exists`);
		await store.delete(oldId);
		await store.put({ ...image });
		const usage = tx.objectStore('usage');
		const current = (await usage.get(image.caseId)) ?? { caseId: image.caseId, imageBytes: imageBytes(old), images: 1 };
		await usage.put({ ...current, imageBytes: current.imageBytes - imageBytes(old) + imageBytes(image) });
		replaced = true;
	});
	return replaced;
}

/** getImage reads one image with its bytes. */
export function getImage(db: DraftsDb, clientId: string): Promise<DraftImage | undefined> {
	return db.get('images', clientId);
}

/** listImages reads every image of a draft, with bytes, in series then index order. */
export async function listImages(db: DraftsDb, caseId: string): Promise<DraftImage[]> {
	const images = await db.getAllFromIndex('images', 'by-case', caseId);
	return images.sort((a, b) => a.seriesId.localeCompare(b.seriesId) || a.index - b.index);
}

/** listImageIds returns the client ids of a series' images without reading their bytes. */
export function listImageIds(db: DraftsDb, seriesId: string): Promise<string[]> {
	return db.getAllKeysFromIndex('images', 'by-series', seriesId);
}

/** deleteSeries removes a series, its images and its line of the summary, and frees their bytes from the draft's usage. */
export async function deleteSeries(db: DraftsDb, seriesId: string): Promise<void> {
	await write(db, ['series', 'images', 'usage', 'summaries'], async (tx) => {
		const series = await tx.objectStore('series').get(seriesId);
		if (!series) return;
		let bytes = 0;
		let count = 0;
		const index = tx.objectStore('images').index('by-series');
		for (let cursor = await index.openCursor(seriesId); cursor; cursor = await cursor.continue()) {
			bytes += imageBytes(cursor.value);
			count += 1;
			await cursor.delete();
		}
		const usage = tx.objectStore('usage');
		const current = await usage.get(series.caseId);
		if (current) await usage.put({ caseId: series.caseId, imageBytes: current.imageBytes - bytes, images: current.images - count });
		const summaries = tx.objectStore('summaries');
		const summary = await summaries.get(series.caseId);
		if (summary) await summaries.put({ ...summary, series: summary.series.filter((s) => s.seriesId !== seriesId) });
		await tx.objectStore('series').delete(seriesId);
	});
}

/** putPhi stores the PHI record of a draft and the date shift its DICOM was de-identified with (on the device only). */
export async function putPhi(db: DraftsDb, caseId: string, record: PhiRecord, dateOffsetDays?: number): Promise<void> {
	await write(db, ['phi'], async (tx) => {
		await tx.objectStore('phi').put({ caseId, record: structuredClone(record), ...(dateOffsetDays === undefined ? {} : { dateOffsetDays }) });
	});
}

/** getPhi reads the PHI record of a draft, or null. */
export async function getPhi(db: DraftsDb, caseId: string): Promise<PhiRecord | null> {
	return (await db.get('phi', caseId))?.record ?? null;
}

/** putSummary stores a draft's de-identification summary (replacing the previous one). */
export async function putSummary(db: DraftsDb, caseId: string, series: readonly SeriesDeidSummary[]): Promise<void> {
	await write(db, ['summaries'], async (tx) => {
		await tx.objectStore('summaries').put({ caseId, series: structuredClone([...series]) });
	});
}

/** getSummary reads a draft's de-identification summary ([] for a draft made without an import, or before summaries were kept). */
export async function getSummary(db: DraftsDb, caseId: string): Promise<SeriesDeidSummary[]> {
	return (await db.get('summaries', caseId))?.series ?? [];
}

/** loadDraft reads a draft with its series and PHI record, or undefined when there is no such draft. */
export async function loadDraft(db: DraftsDb, caseId: string): Promise<LoadedDraft | undefined> {
	const tx = db.transaction(['drafts', 'series', 'phi'], 'readonly');
	const [draft, series, phi] = await Promise.all([
		tx.objectStore('drafts').get(caseId),
		tx.objectStore('series').index('by-case').getAll(caseId),
		tx.objectStore('phi').get(caseId)
	]);
	if (!draft) return undefined;
	return { draft, series: series.sort((a, b) => a.order - b.order), phi: phi?.record ?? null, dateOffsetDays: phi?.dateOffsetDays ?? null };
}

/** listDrafts returns every draft with the storage it uses, most recently saved first; image bytes are not read. */
export async function listDrafts(db: DraftsDb): Promise<DraftSummary[]> {
	const tx = db.transaction(['drafts', 'usage'], 'readonly');
	const [drafts, usage] = await Promise.all([tx.objectStore('drafts').index('by-saved').getAll(), tx.objectStore('usage').getAll()]);
	const byCase = new Map(usage.map((u) => [u.caseId, u]));
	return drafts.reverse().map((draft) => {
		const u = byCase.get(draft.clientId);
		return {
			clientId: draft.clientId,
			title: draft.title,
			status: draft.status,
			savedAt: draft.savedAt,
			bytes: textBytes(draft) + (u?.imageBytes ?? 0),
			images: u?.images ?? 0
		};
	});
}

/** largestDrafts returns the drafts by storage used, largest first (what to delete when storage is full). */
export async function largestDrafts(db: DraftsDb, limit = 5): Promise<DraftUsage[]> {
	const drafts = await listDrafts(db);
	return drafts
		.sort((a, b) => b.bytes - a.bytes)
		.slice(0, limit)
		.map(({ clientId, title, bytes, images }) => ({ clientId, title, bytes, images }));
}

/** deleteDraft removes a draft and everything it owns: series, images, PHI record, usage, outbox state and summary. */
export async function deleteDraft(db: DraftsDb, caseId: string): Promise<void> {
	await write(db, ['drafts', 'series', 'images', 'phi', 'usage', 'outbox', 'summaries'], async (tx) => {
		for (const name of ['series', 'images'] as const) {
			const store = tx.objectStore(name);
			// key cursors: deleting needs no image bytes read into memory
			for (let cursor = await store.index('by-case').openKeyCursor(caseId); cursor; cursor = await cursor.continue()) {
				await store.delete(cursor.primaryKey);
			}
		}
		await Promise.all([
			tx.objectStore('drafts').delete(caseId),
			tx.objectStore('phi').delete(caseId),
			tx.objectStore('usage').delete(caseId),
			tx.objectStore('outbox').delete(caseId),
			tx.objectStore('summaries').delete(caseId)
		]);
	});
}

/** getOutbox reads a case's sync state, or undefined when it was never queued. */
export function getOutbox(db: DraftsDb, caseId: string): Promise<OutboxEntry | undefined> {
	return db.get('outbox', caseId);
}

/** putOutbox stores a case's sync state. */
export async function putOutbox(db: DraftsDb, entry: OutboxEntry): Promise<void> {
	await write(db, ['outbox'], async (tx) => {
		await tx.objectStore('outbox').put(structuredClone(entry));
	});
}

/** listOutbox returns every case's sync state. */
export function listOutbox(db: DraftsDb): Promise<OutboxEntry[]> {
	return db.getAll('outbox');
}
