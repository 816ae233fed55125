/**
 * readAhead: the next few items of an async source are asked for while the consumer works on the
 * current one. The import pipeline reads its next file only once the previous result is handed on
 * (src/lib/workers/pool.ts), so a WADO-RS stream read strictly on demand leaves the network idle
 * while the workers de-identify, and the workers idle while a part arrives. A bounded depth keeps
 * memory flat: at most `depth` retrieved instances wait.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
	const iterator = source[Symbol.asyncIterator]();
	const queue: Promise<IteratorResult<T>>[] = [];
	let done = false;
	try {
		for (;;) {
			// an async generator answers queued next() calls one after another, in order
			while (!done && queue.length < Math.max(1, depth)) {
				const next = iterator.next();
				// a read ahead that fails after the consumer stopped must not become an unhandled rejection
				next.catch(() => undefined);
				queue.push(next);
			}
			const result = await queue.shift()!;
			if (result.done) {
				done = true;
				return;
			}
			yield result.value;
		}
	} finally {
		if (!done) await iterator.return?.();
	}
}
