/**
 * jpeg-huffman holds jpeg-dct's entropy decoding: Huffman tables from DHT segments (T.81
 * §B.2.4.2, §F.2.2.3) and the bit reader over entropy-coded data (§F.1.2.3, §F.2.2.1).
 */
import { DecodeError } from './decode-error';

/** HuffmanTable is the canonical decoding form of one DHT table. */
export interface HuffmanTable {
	/** Largest code of each length 1..16 (-1 when none). */
	readonly maxCode: Int32Array;
	/** Index into `values` of the first code of each length, minus that code. */
	readonly valueOffset: Int32Array;
	readonly values: Uint8Array;
}

/** readHuffmanTables reads every table of a DHT segment into the DC or AC slots. */
export function readHuffmanTables(segment: Uint8Array, dc: (HuffmanTable | undefined)[], ac: (HuffmanTable | undefined)[]): void {
	let p = 0;
	while (p < segment.length) {
		const tableClass = segment[p] >> 4;
		const id = segment[p] & 15;
		if (id > 3 || tableClass > 1 || p + 17 > segment.length) throw new DecodeError('corrupt', 'JPEG DHT segment is malformed');
		const counts = segment.subarray(p + 1, p + 17);
		const total = counts.reduce((a, b) => a + b, 0);
		p += 17;
		if (p + total > segment.length) throw new DecodeError('corrupt', 'JPEG DHT segment is malformed');
		const table = buildHuffman(counts, segment.slice(p, p + total));
		p += total;
		(tableClass === 0 ? dc : ac)[id] = table;
	}
}

/** buildHuffman derives the canonical decoding tables of T.81 §F.2.2.3 from the code counts. */
function buildHuffman(counts: Uint8Array, values: Uint8Array): HuffmanTable {
	const maxCode = new Int32Array(18).fill(-1);
	const valueOffset = new Int32Array(18);
	let code = 0;
	let index = 0;
	for (let length = 1; length <= 16; length++) {
		const count = counts[length - 1];
		if (count > 0) {
			valueOffset[length] = index - code;
			code += count;
			index += count;
			maxCode[length] = code - 1;
		}
		code <<= 1;
	}
	maxCode[17] = 0x7fffffff;
	return { maxCode, valueOffset, values };
}

/** BitReader reads entropy-coded bits, removing stuffed zero bytes (T.81 §F.1.2.3). */
export class BitReader {
	private buffer = 0;
	private bits = 0;
	constructor(
		private readonly data: Uint8Array,
		public offset: number
	) {}

	bit(): number {
		if (this.bits === 0) {
			if (this.offset >= this.data.length) throw new DecodeError('truncated', 'JPEG entropy-coded data ends early');
			const byte = this.data[this.offset];
			if (byte === 0xff) {
				const next = this.data[this.offset + 1];
				if (next !== 0) throw new DecodeError(next === undefined ? 'truncated' : 'corrupt', 'JPEG entropy-coded data ends early at a marker');
				this.offset += 2;
			} else {
				this.offset++;
			}
			this.buffer = byte;
			this.bits = 8;
		}
		this.bits--;
		return (this.buffer >> this.bits) & 1;
	}

	receive(length: number): number {
		let value = 0;
		for (let i = 0; i < length; i++) value = (value << 1) | this.bit();
		return value;
	}

	/** receiveExtend reads a magnitude category's bits and applies EXTEND (T.81 §F.2.2.1). */
	receiveExtend(length: number): number {
		if (length === 0) return 0;
		const value = this.receive(length);
		return value < 1 << (length - 1) ? value - (1 << length) + 1 : value;
	}

	decode(table: HuffmanTable): number {
		let code = this.bit();
		let length = 1;
		while (code > table.maxCode[length]) {
			code = (code << 1) | this.bit();
			if (++length > 16) throw new DecodeError('corrupt', 'JPEG data holds an invalid Huffman code');
		}
		return table.values[table.valueOffset[length] + code];
	}

	/** restart skips to the byte after an RSTn marker, as the restart interval requires. */
	restart(): void {
		this.bits = 0;
		while (this.offset + 1 < this.data.length && !(this.data[this.offset] === 0xff && this.data[this.offset + 1] >= 0xd0 && this.data[this.offset + 1] <= 0xd7)) {
			this.offset++;
		}
		if (this.offset + 1 >= this.data.length) throw new DecodeError('truncated', 'JPEG data ends before a restart marker');
		this.offset += 2;
	}
}
