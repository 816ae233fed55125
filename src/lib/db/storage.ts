/** Persistent storage and the space estimate, via the Storage API (navigator.storage). */

/** StorageLike is the part of StorageManager used here (injected in tests). */
export type StorageLike = Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>;

function defaultStorage(): StorageLike | undefined {
	return typeof navigator === 'undefined' ? undefined : navigator.storage;
}

/**
 * requestPersistence asks the browser not to evict the drafts under storage pressure. Returns
 * whether storage is persistent; false when the API is missing or the browser declined.
 */
export async function requestPersistence(storage: StorageLike | undefined = defaultStorage()): Promise<boolean> {
	if (!storage?.persist) return false;
	try {
		if (await storage.persisted()) return true;
		return await storage.persist();
	} catch {
		// some browsers throw in private windows; that just means "not persistent"
		return false;
	}
}

/** StorageEstimateResult is used and available bytes; `available` is quota minus usage, never negative. */
export interface StorageEstimateResult {
	usage: number;
	quota: number;
	available: number;
	persisted: boolean;
}

/** storageEstimate returns used and available space, or null when the browser cannot tell. */
export async function storageEstimate(storage: StorageLike | undefined = defaultStorage()): Promise<StorageEstimateResult | null> {
	if (!storage?.estimate) return null;
	try {
		const { usage = 0, quota = 0 } = await storage.estimate();
		const persisted = storage.persisted ? await storage.persisted() : false;
		return { usage, quota, available: Math.max(0, quota - usage), persisted };
	} catch {
		return null;
	}
}
