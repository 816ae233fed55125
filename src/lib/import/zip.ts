/**
 * zip: the entries of a ZIP archive, streamed one at a time (@zip.js/zip.js). The archive is read
 * through a Blob, so a 2 GB export is never loaded whole: zip.js reads the central directory and
 * then each entry's bytes on demand. Nested folders become "/"-separated paths under the
 * archive's own path; a ZIP inside a ZIP is expanded by the scanner like any other ZIP.
 */
import { BlobReader, Uint8ArrayWriter, ZipReader, type Entry, type FileEntry } from '@zip.js/zip.js';
import type { RawEntry } from './types';

function isFile(entry: Entry): entry is FileEntry {
	return !entry.directory;
}

function entryOf(entry: FileEntry, prefix: string): RawEntry {
	const inflate = async () => (await entry.getData(new Uint8ArrayWriter())).buffer;
	// A compressed entry's head costs a full inflate: keep those bytes for the one read that
	// follows the sniff, then let them go so a long archive is never held in memory.
	let sniffed: ArrayBuffer | undefined;
	return {
		path: `${prefix}/${entry.filename.replace(/^\/+/, '')}`,
		size: entry.uncompressedSize,
		read: async () => {
			const bytes = sniffed ?? (await inflate());
			sniffed = undefined;
			return bytes;
		},
		head: async (length) => {
			sniffed ??= await inflate();
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
