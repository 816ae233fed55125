/** The drafts database (IndexedDB through idb): the public API. */
export { openCassetteDb } from './open';
export type { DraftsDb } from './open';
export { DB_VERSION, MIGRATIONS, upgrade } from './migrations';
export { DB_NAME, STORES } from './schema';
export type { CassetteDb, OutboxEntry, OutboxPhase, PhiEntry, SummaryEntry, UsageEntry } from './schema';
export {
	deleteDraft,
	deleteSeries,
	getImage,
	getOutbox,
	getPhi,
	getSummary,
	largestDrafts,
	listDrafts,
	listImageIds,
	listImages,
	listOutbox,
	loadDraft,
	putImage,
	putImages,
	putOutbox,
	putPhi,
	putSummary,
	replaceImage,
	saveDraft,
	saveSeries
} from './drafts';
export type { DraftSummary, LoadedDraft } from './drafts';
export { isQuotaError, StorageFullError } from './quota';
export type { DraftUsage } from './quota';
export { requestPersistence, storageEstimate } from './storage';
export { Autosaver } from './autosave';
export type { AutosaveOptions } from './autosave';
export type { StorageEstimateResult, StorageLike } from './storage';
