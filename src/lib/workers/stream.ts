/**
 * stream: run items through a bounded number of slots. An item is read only when a slot is free
 * and its slot is freed only after the consumer has taken its result, so at most `slots` items
 * are in memory at once however long the source: peak memory does not grow with the study.
 */

/** StreamOptions for streamThrough. */
export interface StreamOptions<I, R> {
	/** slots is the number of items in flight (≥ 1). */
	readonly slots: number;
	/** run processes one item in the given slot (0..slots−1). */
	readonly run: (item: I, slot: number) => Promise<R>;
	/** onResult receives each result; the slot waits for it (back-pressure: store, then continue). */
	readonly onResult: (item: I, result: R) => void | Promise<void>;
	/** onError receives each item that failed; the others go on. */
	readonly onError: (item: I, error: unknown) => void | Promise<void>;
	readonly signal?: AbortSignal;
}

/** abortError is what a cancelled stream rejects with (a DOMException named AbortError, as fetch does). */
export function abortError(signal: AbortSignal): unknown {
	return signal.reason ?? new DOMException('The import was cancelled', 'AbortError');
}

/** streamThrough pulls items from `source` into free slots until it is drained; it rejects when `signal` aborts or a callback throws. */
export async function streamThrough<I, R>(source: AsyncIterable<I> | Iterable<I>, options: StreamOptions<I, R>): Promise<void> {
	const { slots, run, onResult, onError, signal } = options;
	if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`slots must be a whole number ≥ 1, got ${slots}`);
	signal?.throwIfAborted();
	const iterator = (Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]()) as AsyncIterator<I> | Iterator<I>;
	let aborted: Promise<never> | undefined;
	if (signal) {
		aborted = new Promise((_, reject) => signal.addEventListener('abort', () => reject(abortError(signal)), { once: true }));
		aborted.catch(() => {});
	}
	// The source is shared by the slots; pulls are serialised so no item is taken twice.
	let pulling: Promise<unknown> = Promise.resolve();
	const next = (): Promise<IteratorResult<I>> => {
		const pulled = pulling.then(() => iterator.next());
		pulling = pulled.catch(() => {});
		return pulled;
	};
	// A consumer that throws (storage full) ends the stream: the other slots stop taking items.
	let broken = false;
	const stopped = () => broken || signal?.aborted === true;
	const lane = async (slot: number) => {
		try {
			await work(slot);
		} catch (error) {
			broken = true;
			throw error;
		}
	};
	const work = async (slot: number) => {
		for (;;) {
			if (stopped()) return;
			const step = await next();
			if (step.done) return;
			let result: R;
			try {
				result = await run(step.value, slot);
			} catch (error) {
				if (stopped()) return;
				await onError(step.value, error);
				continue;
			}
			if (stopped()) return;
			await onResult(step.value, result);
		}
	};
	const lanes = Promise.all(Array.from({ length: slots }, (_, slot) => lane(slot)));
	try {
		await (aborted ? Promise.race([lanes, aborted]) : lanes);
	} finally {
		if (stopped()) await (iterator as AsyncIterator<I>).return?.();
	}
}
