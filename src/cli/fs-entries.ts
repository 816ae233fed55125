/**
 * fs-entries: the CLI's source of raw files: the paths given on the command line, folders walked
 * recursively. Paths are kept as given (joined below folders) so the CLI report can name them:
 * they are the user's own files on their own machine.
 */
import { closeSync, openAsBlob, openSync, readdirSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { childPath } from './child-path';
import type { RawEntry } from '../lib/import/types';
import type { ReadBuffers } from './read-buffers';

/**
 * fsEntry is one file on disk as a RawEntry. Reads are synchronous: for the many half-megabyte
 * files of a series, a round trip through libuv's thread pool per file costs more than it saves.
 * With `buffers`, the file is read into a recycled buffer (the reader gives it back when done).
 */
export function fsEntry(path: string, size: number, buffers?: ReadBuffers): RawEntry {
	return {
		path,
		size,
		read: async () => (buffers ? readInto(path, size, buffers) : ownBuffer(readFileSync(path))),
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

/** ownBuffer returns the bytes' ArrayBuffer when they have it to themselves (a large file), else a copy (a small one may share Node's pool). */
function ownBuffer(bytes: Buffer): ArrayBuffer {
	return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
		? (bytes.buffer as ArrayBuffer)
		: (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/** readInto reads the whole file into a buffer from `buffers`; a file that changed size since it was listed is read afresh. */
function readInto(path: string, size: number, buffers: ReadBuffers): ArrayBuffer {
	const fd = openSync(path, 'r');
	try {
		const buffer = buffers.take(size);
		const view = new Uint8Array(buffer);
		let done = 0;
		while (done < size) {
			const n = readSync(fd, view, done, size - done, done);
			if (n === 0) break;
			done += n;
		}
		if (done === size && readSync(fd, new Uint8Array(1), 0, 1, size) === 0) return buffer;
		buffers.give(buffer);
	} finally {
		closeSync(fd);
	}
	return ownBuffer(readFileSync(path));
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
export async function* fsEntries(
	paths: readonly string[],
	onMissing: (error: MissingPath) => void,
	buffers?: ReadBuffers,
	visited = new Set<string>()
): AsyncGenerator<RawEntry> {
	for (const path of paths) {
		// Synchronous, like the reads: one thread-pool round trip per file made listing a 300-file folder take 30 ms.
		let info: Stats;
		try {
			info = statSync(path);
		} catch (error) {
			onMissing(new MissingPath(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : 'cannot be read'));
			continue;
		}
		if (info.isDirectory()) {
			const key = `${info.dev}:${info.ino}`;
			if (visited.has(key)) continue;
			visited.add(key);
			let names: string[];
			try {
				names = readdirSync(path).sort();
			} catch {
				onMissing(new MissingPath(path, 'cannot be read'));
				continue;
			}
			yield* fsEntries(
				names.map((name) => childPath(path, name)),
				onMissing,
				buffers,
				visited
			);
		} else if (info.isFile()) {
			yield fsEntry(path, info.size, buffers);
		}
	}
}
