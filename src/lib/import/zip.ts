/**
 * zip: the entries of a ZIP archive, streamed one at a time (@zip.js/zip.js). The archive is read
 * through a Blob, so a 2 GB export is never loaded whole: zip.js reads the central directory and
 * then each entry's bytes on demand. Nested folders become "/"-separated paths under the
 * archive's own path; a ZIP inside a ZIP is expanded by the scanner like any other ZIP.
 *
 * An entry is inflated into a buffer of the size the archive declares for it, and inflating
 * stops at the first byte beyond it, so a forged header (a "ZIP bomb": a few MB that inflate to
 * many GB) cannot exhaust a phone's memory. zip.js 2.24 stops there itself
 * (ERR_INVALID_UNCOMPRESSED_SIZE); the sink below checks it too, so the bound does not rest on
 * one version's internals. Either way the entry fails with ZipEntrySizeError. The scanner refuses
 * an entry whose declared size is itself too large (MAX_FILE_BYTES).
 */
import { BlobReader, ERR_INVALID_UNCOMPRESSED_SIZE, ZipReader, type Entry, type FileEntry } from '@zip.js/zip.js';
import type { RawEntry } from './types';

/** ZipEntrySizeError: an entry inflates to more bytes than its archive declares. */
export class ZipEntrySizeError extends Error {
	constructor(readonly path: string) {
		super(`${path}: inflates to more bytes than its ZIP archive declares`);
		this.name = 'ZipEntrySizeError';
	}
}

/** HeadRead stops an inflation once the head asked for is in hand. */
class HeadRead extends Error {}

function isFile(entry: Entry): entry is FileEntry {
	return !entry.directory;
}

/**
 * inflate returns the entry's first `limit` bytes (all of them by default), never holding more
 * than the declared size; it throws ZipEntrySizeError when the data run past that size.
 */
async function inflate(entry: FileEntry, path: string, limit = Infinity): Promise<ArrayBuffer> {
	const declared = Number(entry.uncompressedSize);
	const out = new Uint8Array(Math.min(declared, limit));
	let written = 0;
	const sink = new WritableStream<Uint8Array>({
		write(chunk) {
			if (written + chunk.byteLength > declared) throw new ZipEntrySizeError(path);
			const take = Math.min(chunk.byteLength, out.byteLength - written);
			out.set(chunk.subarray(0, take), written);
			written += take;
			if (written >= limit) throw new HeadRead();
		}
	});
	try {
		await entry.getData(sink);
	} catch (error) {
		// The head is in hand (whatever shape the stopping error took on its way through zip.js).
		if (error instanceof HeadRead || written >= limit) return out.buffer.slice(0, written);
		if (error instanceof Error && error.message === ERR_INVALID_UNCOMPRESSED_SIZE) throw new ZipEntrySizeError(path);
		throw error;
	}
	return written === out.byteLength ? out.buffer : out.buffer.slice(0, written);
}

/** HEAD_ONLY_SIZE: an entry this large is sniffed by inflating its head only; a smaller one is inflated whole once and kept for the read. */
const HEAD_ONLY_SIZE = 64 * 1024 * 1024;

function entryOf(entry: FileEntry, prefix: string): RawEntry {
	const path = `${prefix}/${entry.filename.replace(/^\/+/, '')}`;
	// A compressed entry's head costs a full inflate: keep those bytes for the one read that
	// follows the sniff, then let them go so a long archive is never held in memory.
	let sniffed: ArrayBuffer | undefined;
	return {
		path,
		size: Number(entry.uncompressedSize),
		read: async () => {
			const bytes = sniffed ?? (await inflate(entry, path));
			sniffed = undefined;
			return bytes;
		},
		head: async (length) => {
			if (entry.uncompressedSize > HEAD_ONLY_SIZE) return new Uint8Array(await inflate(entry, path, length));
			sniffed ??= await inflate(entry, path);
			return new Uint8Array(sniffed, 0, Math.min(length, sniffed.byteLength));
		}
	};
}

/**
 * zipEntries yields the files of the archive `blob` (directories are implied by the paths).
 * It throws when the archive's central directory cannot be read.
 */
export async function* zipEntries(blob: Blob, path: string): AsyncGenerator<RawEntry> {
	const reader = new ZipReader(new BlobReader(blob));
	try {
		for await (const entry of reader.getEntriesGenerator()) {
			if (isFile(entry)) yield entryOf(entry, path);
		}
	} finally {
		await reader.close();
	}
}
