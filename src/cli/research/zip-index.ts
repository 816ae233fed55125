/**
 * zip-index: reads a ZIP's central directory from a file handle (ZIP64 too, APPNOTE 4.3.14-4.3.16)
 * so `cassette verify` checks a dataset of any size in constant memory: entries are streamed
 * from their offsets, never loaded whole.
 */
import type { FileHandle } from 'node:fs/promises';

export interface ZipEntry {
	name: string;
	method: number;
	size: number;
	/** offset of the entry's data (after its local header) */
	dataOffset: number;
}

async function read(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
	const b = Buffer.alloc(length);
	const { bytesRead } = await fh.read(b, 0, length, offset);
	return b.subarray(0, bytesRead);
}

export async function zipEntries(fh: FileHandle): Promise<ZipEntry[]> {
	const { size } = await fh.stat();
	const tailLength = Math.min(size, 65557);
	const tail = await read(fh, size - tailLength, tailLength);
	const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	if (eocd < 0) throw new Error('not a ZIP archive (no end of central directory)');
	let count = tail.readUInt16LE(eocd + 10);
	let cdSize = tail.readUInt32LE(eocd + 12);
	let cdOffset = tail.readUInt32LE(eocd + 16);
	if (cdOffset === 0xffffffff || count === 0xffff) {
		const locator = eocd - 20;
		if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50) throw new Error('ZIP64 locator missing');
		const z64 = await read(fh, Number(tail.readBigUInt64LE(locator + 8)), 56);
		count = Number(z64.readBigUInt64LE(32));
		cdSize = Number(z64.readBigUInt64LE(40));
		cdOffset = Number(z64.readBigUInt64LE(48));
	}
	const cd = await read(fh, cdOffset, cdSize);
	const entries: ZipEntry[] = [];
	let p = 0;
	for (let i = 0; i < count; i++) {
		if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error('damaged central directory');
		const method = cd.readUInt16LE(p + 10);
		let size = cd.readUInt32LE(p + 24);
		let offset = cd.readUInt32LE(p + 42);
		const nameLength = cd.readUInt16LE(p + 28), extraLength = cd.readUInt16LE(p + 30), commentLength = cd.readUInt16LE(p + 32);
		const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
		// ZIP64 extended information: the 64-bit values of the fields set to 0xFFFFFFFF, in order
		let e = p + 46 + nameLength;
		while (e < p + 46 + nameLength + extraLength) {
			const id = cd.readUInt16LE(e), len = cd.readUInt16LE(e + 2);
			if (id === 0x0001) {
				let q = e + 4;
				if (size === 0xffffffff) { size = Number(cd.readBigUInt64LE(q)); q += 8; }
				if (cd.readUInt32LE(p + 20) === 0xffffffff) q += 8;
				if (offset === 0xffffffff) offset = Number(cd.readBigUInt64LE(q));
			}
			e += 4 + len;
		}
		const local = await read(fh, offset, 30);
		if (local.readUInt32LE(0) !== 0x04034b50) throw new Error(`${name}: damaged local header`);
		entries.push({ name, method, size, dataOffset: offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28) });
		p += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}
