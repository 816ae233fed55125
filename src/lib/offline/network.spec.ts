import { ClientResponseError } from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { isNoAnswer, orOffline } from './network';

describe('network', () => {
	it('tells a request with no answer from an error answer and from a cancellation', () => {
		expect(isNoAnswer(new ClientResponseError({ status: 0 }))).toBe(true);
		expect(isNoAnswer(new ClientResponseError({ status: 0, isAbort: true }))).toBe(false);
		expect(isNoAnswer(new ClientResponseError({ status: 500 }))).toBe(false);
		expect(isNoAnswer(new ClientResponseError({ status: 404 }))).toBe(false);
		expect(isNoAnswer(null)).toBe(false);
		expect(isNoAnswer(new TypeError('x'))).toBe(false);
	});

	it('turns only the missing answer into null', async () => {
		expect(await orOffline(Promise.resolve(3))).toBe(3);
		expect(await orOffline(Promise.reject(new ClientResponseError({ status: 0 })))).toBeNull();
		await expect(orOffline(Promise.reject(new ClientResponseError({ status: 500 })))).rejects.toMatchObject({ status: 500 });
	});
});
