import { ClientResponseError } from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { backoffDelay, isTransient, sleep, withRetry, type RetryPolicy } from './retry';

const policy: RetryPolicy = { attempts: 4, baseMs: 100, maxMs: 350 };
const noWait = async () => undefined;

describe('retry', () => {
	it('backs off exponentially up to the cap, with jitter in [0, ceiling)', () => {
		expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, policy, () => 0.999999))).toEqual([99, 199, 349, 349, 349]);
		expect(backoffDelay(3, policy, () => 0)).toBe(0);
		expect(backoffDelay(2, policy, () => 0.5)).toBe(100);
	});

	it('retries network failures and 5xx, then gives up after the policy attempts', async () => {
		let calls = 0;
		const delays: number[] = [];
		const failing = () => {
			calls++;
			return Promise.reject(new ClientResponseError({ status: 0 }));
		};
		await expect(withRetry(failing, { policy, wait: noWait, random: () => 0.5, onRetry: (_a, d) => delays.push(d) })).rejects.toBeInstanceOf(ClientResponseError);
		expect(calls).toBe(4);
		expect(delays).toEqual([50, 100, 175]);

		calls = 0;
		const flaky = () => (++calls < 3 ? Promise.reject(new ClientResponseError({ status: 503 })) : Promise.resolve('ok'));
		expect(await withRetry(flaky, { policy, wait: noWait })).toBe('ok');
		expect(calls).toBe(3);
	});

	it('does not retry a rejection by the server (4xx) or an abort', async () => {
		let calls = 0;
		const rejected = () => (calls++, Promise.reject(new ClientResponseError({ status: 400, data: { message: 'bad' } })));
		await expect(withRetry(rejected, { policy, wait: noWait })).rejects.toMatchObject({ status: 400 });
		expect(calls).toBe(1);
		expect(isTransient(new ClientResponseError({ status: 429 }))).toBe(true);
		expect(isTransient(new ClientResponseError({ status: 0, isAbort: true }))).toBe(false);
		expect(isTransient(new TypeError('fetch failed'))).toBe(true);
	});

	it('stops waiting as soon as the signal aborts', async () => {
		const controller = new AbortController();
		const pending = withRetry(() => Promise.reject(new ClientResponseError({ status: 502 })), { policy: { attempts: 5, baseMs: 60_000, maxMs: 60_000 }, signal: controller.signal, random: () => 1 });
		controller.abort();
		await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
		await expect(sleep(10, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
	});
});
