/**
 * ByteWindow: the unread bytes of a stream, appended at the end and consumed from the front,
 * in one growable buffer (doubling, compacted when half is consumed) so that appending many
 * small chunks stays linear.
 */
export class ByteWindow {
	#data = new Uint8Array(64 * 1024);
	#start = 0;
	#end = 0;

	get length(): number {
		return this.#end - this.#start;
	}

	at(index: number): number {
		return this.#data[this.#start + index];
	}

	append(bytes: Uint8Array): void {
		if (this.#end + bytes.length > this.#data.length) {
			const live = this.length;
			if (live + bytes.length <= this.#data.length / 2) {
				// enough room once the consumed front is dropped
				this.#data.copyWithin(0, this.#start, this.#end);
			} else {
				const grown = new Uint8Array(Math.max(this.#data.length * 2, live + bytes.length));
				grown.set(this.#data.subarray(this.#start, this.#end));
				this.#data = grown;
			}
			this.#start = 0;
			this.#end = live;
		}
		this.#data.set(bytes, this.#end);
		this.#end += bytes.length;
	}

	consume(count: number): void {
		this.#start += Math.min(count, this.length);
		if (this.#start === this.#end) this.#start = this.#end = 0;
	}

	/** take copies the first `count` bytes out (the window keeps them until consumed). */
	take(count: number): Uint8Array {
		const out = this.#data.slice(this.#start, this.#start + count);
		this.consume(count);
		return out;
	}

	/** drainInto moves as many bytes as fit into `target` from `offset`; returns the new fill level. */
	drainInto(target: Uint8Array, offset: number): number {
		const count = Math.min(this.length, target.length - offset);
		target.set(this.#data.subarray(this.#start, this.#start + count), offset);
		this.consume(count);
		return offset + count;
	}

	startsWith(prefix: Uint8Array): boolean {
		if (this.length < prefix.length) return false;
		for (let i = 0; i < prefix.length; i++) if (this.#data[this.#start + i] !== prefix[i]) return false;
		return true;
	}

	/** indexOf finds `needle` at or after `from` (relative to the window's start), or -1. */
	indexOf(needle: Uint8Array, from = 0): number {
		const data = this.#data;
		const first = needle[0];
		const last = this.#end - needle.length;
		outer: for (let i = this.#start + from; i <= last; i++) {
			if (data[i] !== first) continue;
			for (let j = 1; j < needle.length; j++) if (data[i + j] !== needle[j]) continue outer;
			return i - this.#start;
		}
		return -1;
	}
}

/** ascii encodes a string of ASCII characters (boundaries, CRLF) as bytes. */
export function ascii(text: string): Uint8Array {
	return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
