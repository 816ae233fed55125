import { describe, expect, it } from 'vitest';
import { requestPersistence, storageEstimate, type StorageLike } from './storage';

function storage(over: Partial<StorageLike>): StorageLike {
	return {
		persist: async () => false,
		persisted: async () => false,
		estimate: async () => ({ usage: 0, quota: 0 }),
		...over
	};
}

describe('storage', () => {
	it('asks for persistence only when not yet persistent, and reports the answer', async () => {
		let asked = 0;
		expect(await requestPersistence(storage({ persist: async () => (asked++, true) }))).toBe(true);
		expect(asked).toBe(1);
		expect(await requestPersistence(storage({ persisted: async () => true, persist: async () => (asked++, false) }))).toBe(true);
		expect(asked).toBe(1);
		expect(await requestPersistence(storage({ persist: async () => false }))).toBe(false);
	});

	it('treats a missing or throwing Storage API as not persistent and unknown space', async () => {
		expect(await requestPersistence(undefined)).toBe(false);
		expect(await requestPersistence(storage({ persisted: async () => Promise.reject(new Error('private')) }))).toBe(false);
		expect(await storageEstimate(undefined)).toBeNull();
		expect(await storageEstimate(storage({ estimate: () => Promise.reject(new Error('x')) }))).toBeNull();
	});

	it('reports used and available space', async () => {
		const s = storage({ estimate: async () => ({ usage: 300, quota: 1000 }), persisted: async () => true });
		expect(await storageEstimate(s)).toEqual({ usage: 300, quota: 1000, available: 700, persisted: true });
		const over = storage({ estimate: async () => ({ usage: 1200, quota: 1000 }) });
		expect((await storageEstimate(over))?.available).toBe(0);
	});
});
