/**
 * Running out of storage. A write that hits the quota aborts its transaction, so nothing already
 * saved is touched; the caller gets a StorageFullError that names the drafts using the most space,
 * so the UI can say what to delete.
 */

/** DraftUsage is one draft's storage use, as shown in the drafts list. */
export interface DraftUsage {
	clientId: string;
	title: string;
	/** bytes is text plus images (previews and DICOM). */
	bytes: number;
	images: number;
}

/** StorageFullError is thrown when the device's storage quota is exceeded; `largest` is biggest first. */
export class StorageFullError extends Error {
	override readonly name = 'StorageFullError';
	readonly largest: DraftUsage[];

	constructor(largest: DraftUsage[], options?: { cause?: unknown }) {
		super('storage_full', options);
		this.largest = largest;
	}
}

/** isQuotaError recognises the quota failures browsers raise (QuotaExceededError; Firefox's NS_ERROR_DOM_QUOTA_REACHED). */
export function isQuotaError(error: unknown): boolean {
	if (typeof error !== 'object' || error === null) return false;
	const name = (error as { name?: unknown }).name;
	return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}
