/**
 * drafts: the list of drafts and starting an empty one, as plain functions over the database, for
 * the pages that list and create drafts.
 */
import { emptyDraft } from '$lib/cases/types';
import { deleteDraft, listDrafts, requestPersistence, saveDraft, storageEstimate, type DraftsDb, type DraftSummary, type StorageEstimateResult } from '$lib/db';

export { StorageFullError } from '$lib/db';
export type { DraftSummary, StorageEstimateResult } from '$lib/db';

/** startEmptyDraft saves a new draft with no images and returns its id (StorageFullError when the device is full). */
export async function startEmptyDraft(db: DraftsDb, now = Date.now()): Promise<string> {
	return (await saveDraft(db, emptyDraft(now))).clientId;
}

/** draftsOverview lists the drafts, newest first, with what the browser says of its storage; it asks once for persistent storage. */
export async function draftsOverview(db: DraftsDb): Promise<{ drafts: DraftSummary[]; estimate: StorageEstimateResult | null }> {
	await requestPersistence();
	const [drafts, estimate] = await Promise.all([listDrafts(db), storageEstimate()]);
	return { drafts, estimate };
}

/** removeDraft deletes a draft and everything it holds on this device (the caller asks for confirmation first). */
export function removeDraft(db: DraftsDb, id: string): Promise<void> {
	return deleteDraft(db, id);
}
