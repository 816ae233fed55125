/**
 * fs-entries: the CLI's source of raw files: the paths given on the command line, folders walked
 * recursively. Paths are kept as given (joined below folders) so the CLI report can name them:
 * they are the user's own files on their own machine.
 */
import { closeSync, openAsBlob, openSync, readFileSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawEntry } from '../lib/import/types';

/**
 * fsEntry is one file on disk as a RawEntry. Reads are synchronous: for the many half-megabyte
 * files of a series, a round trip through libuv's thread pool per file costs more than it saves.
 */
export function fsEntry(path: string, size: number): RawEntry {
	return {
		path,
		size,
		read: async () => {
			const bytes = readFileSync(path);
			// A large file has its own ArrayBuffer; a small one may share Node's pool: copy only then.
			return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
				? (bytes.buffer as ArrayBuffer)
				: (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
		},
		head: async (length) => {
			const fd = openSync(path, 'r');
			try {
				const buffer = new Uint8Array(Math.min(length, size));
				return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
			} finally {
				closeSync(fd);
			}
		},
		// A Blob backed by the file: zip.js reads an archive from it piece by piece.
		blob: () => openAsBlob(path)
	};
}

/** MissingPath is a command-line path that does not exist or cannot be listed. */
export class MissingPath extends Error {
	constructor(
		readonly path: string,
		readonly reason: string
	) {
		super(`${path}: ${reason}`);
		this.name = 'MissingPath';
	}
}

/**
 * fsEntries yields every file under the given paths (folders recursively, in name order). Each
 * folder is entered once, so a symbolic link pointing back up the tree cannot loop forever.
 */
export async function* fsEntries(paths: readonly string[], onMissing: (error: MissingPath) => void, visited = new Set<string>()): AsyncGenerator<RawEntry> {
	for (const path of paths) {
		let info;
		try {
			info = await stat(path);
		} catch (error) {
			onMissing(new MissingPath(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : 'cannot be read'));
			continue;
		}
		if (info.isDirectory()) {
			const key = `${info.dev}:${info.ino}`;
			if (visited.has(key)) continue;
			visited.add(key);
			const names = (await readdir(path)).sort();
			yield* fsEntries(names.map((name) => join(path, name)), onMissing, visited);
		} else if (info.isFile()) {
			yield fsEntry(path, info.size);
		}
	}
}
