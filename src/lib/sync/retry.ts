/**
 * Retrying requests on unreliable mobile networks: exponential backoff with full jitter (so many
 * phones coming back online at once do not hammer the server in step), cancellable by AbortSignal.
 */
import { ClientResponseError } from 'pocketbase';
import { isAbort } from '../errors';

/** RetryPolicy: attempts in all (first try included), the first delay and the cap, in ms. */
export interface RetryPolicy {
	attempts: number;
	baseMs: number;
	maxMs: number;
}

/** DEFAULT_RETRY gives up after about a minute and a half of failures; the outbox tries again when the network returns. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 7, baseMs: 1000, maxMs: 30_000 };

/** backoffDelay is the wait before retry number `attempt` (1-based): uniform in [0, min(max, base·2^(attempt-1))]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
	const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
	return Math.floor(random() * ceiling);
}

/** abortError is the error a cancelled wait rejects with (name AbortError, as fetch uses). */
export function abortError(): DOMException {
	return new DOMException('The operation was aborted.', 'AbortError');
}

/** sleep waits `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(abortError());
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(abortError());
		};
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

// A cancellation (ours or the SDK's) is never retried nor reported as a failure: the app's one test of it.
export { isAbort };

/** isTransient is true for failures worth retrying: no response (network down), 408, 429 and 5xx. */
export function isTransient(error: unknown): boolean {
	if (isAbort(error)) return false;
	if (error instanceof ClientResponseError) return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
	// a TypeError from fetch is a network failure
	return error instanceof TypeError;
}

/**
 * storageFault is the code of a 503 the server gives when its disk is full or its S3 storage is
 * down (pocketbase/hooks/storage_faults.go), or ''. It comes with `Retry-After: 60`: the same
 * request within seconds would fail the same way, so a run stops at once and tells the author,
 * and the outbox tries again later by itself.
 */
export function storageFault(error: unknown): '' | 'storage_full' | 'storage_unavailable' {
	if (!(error instanceof ClientResponseError) || error.status !== 503) return '';
	const code = (error.response as { data?: { storage?: { code?: unknown } } })?.data?.storage?.code;
	return code === 'storage_full' || code === 'storage_unavailable' ? code : '';
}

/** RetryOptions: the policy, the signal, and injectable randomness and sleep (tests). */
export interface RetryOptions {
	/** giveUp ends the retries early for a transient failure that retrying soon cannot fix. */
	giveUp?: (error: unknown) => boolean;
	policy?: RetryPolicy;
	signal?: AbortSignal;
	random?: () => number;
	wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
	/** onRetry is told before each wait (for the UI: "retrying in 4 s"). */
	onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

/** withRetry runs `task`, retrying transient failures with backoff; permanent failures and aborts are thrown at once. */
export async function withRetry<T>(task: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
	const policy = options.policy ?? DEFAULT_RETRY;
	const wait = options.wait ?? sleep;
	for (let attempt = 1; ; attempt++) {
		if (options.signal?.aborted) throw abortError();
		try {
			return await task();
		} catch (error) {
			if (!isTransient(error) || attempt >= policy.attempts || options.giveUp?.(error)) throw error;
			const delay = backoffDelay(attempt, policy, options.random);
			options.onRetry?.(attempt, delay, error);
			await wait(delay, options.signal);
		}
	}
}
