/**
 * read-buffers: the CLI reads each file into a buffer of exactly its size, and gives the buffer
 * back once the file is written, to be reused for the next file of that size. The slices of a
 * series usually share one size, so a 300-slice study is read into a handful of buffers instead
 * of 300 fresh ones: no page faults on new memory, no garbage to collect (reading a 160 MB study
 * took 70 ms with fresh buffers, 30 ms with reused ones).
 */

/** KEEP_PER_SIZE and KEEP_SIZES bound what is kept, so memory stays constant whatever the input. */
const KEEP_PER_SIZE = 8;
const KEEP_SIZES = 8;

/** ReadBuffers is a small recycler of ArrayBuffers by exact length. */
export class ReadBuffers {
	readonly #free = new Map<number, ArrayBuffer[]>();

	/** take returns a buffer of exactly `size` bytes, reused when one is free. Its contents are stale. */
	take(size: number): ArrayBuffer {
		return this.#free.get(size)?.pop() ?? new ArrayBuffer(size);
	}

	/** give returns a buffer nobody uses any more (a detached one, transferred away, is ignored). */
	give(buffer: ArrayBuffer): void {
		if (buffer.byteLength === 0) return;
		let list = this.#free.get(buffer.byteLength);
		if (!list) {
			if (this.#free.size >= KEEP_SIZES) return;
			this.#free.set(buffer.byteLength, (list = []));
		}
		if (list.length < KEEP_PER_SIZE) list.push(buffer);
	}
}
