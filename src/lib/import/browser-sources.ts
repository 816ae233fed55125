/**
 * browser-sources: the raw files behind the three ways a user hands over a study in a browser:
 * an `<input type=file multiple>` (or `webkitdirectory`), a drag-and-drop of files and folders,
 * and the File System Access directory picker where the browser has one.
 */
import type { RawEntry } from './types';

/** fileEntry wraps a File; its path is the folder-relative one when the browser gives it. */
export function fileEntry(file: File, path = file.webkitRelativePath || file.name): RawEntry {
	return {
		path,
		size: file.size,
		read: () => file.arrayBuffer(),
		head: async (length) => new Uint8Array(await file.slice(0, length).arrayBuffer()),
		blob: async () => file
	};
}

/** fromFiles lists the files of a file input (multiple files, or a whole folder with `webkitdirectory`). */
export function* fromFiles(files: Iterable<File> | ArrayLike<File>): Generator<RawEntry> {
	for (const file of Array.from(files)) yield fileEntry(file);
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
	return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** readAll drains a directory reader: `readEntries` returns at most ~100 entries per call, until an empty batch. */
async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
	const all: FileSystemEntry[] = [];
	for (;;) {
		const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
		if (batch.length === 0) return all;
		all.push(...batch);
	}
}

async function* walkEntry(entry: FileSystemEntry, path: string): AsyncGenerator<RawEntry> {
	if (entry.isFile) {
		yield fileEntry(await fileOf(entry as FileSystemFileEntry), path);
	} else if (entry.isDirectory) {
		for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) {
			yield* walkEntry(child, `${path}/${child.name}`);
		}
	}
}

/**
 * fromDataTransfer lists the files and folders of a drop, recursively. It must be called during
 * the drop event: the browser empties the DataTransfer when the handler returns, so the entries
 * are taken synchronously here and walked later.
 */
export function fromDataTransfer(items: DataTransferItemList): AsyncGenerator<RawEntry> {
	const roots: FileSystemEntry[] = [];
	const loose: File[] = [];
	for (const item of Array.from(items)) {
		if (item.kind !== 'file') continue;
		const entry = item.webkitGetAsEntry();
		if (entry) roots.push(entry);
		else {
			const file = item.getAsFile();
			if (file) loose.push(file);
		}
	}
	return (async function* () {
		for (const root of roots) yield* walkEntry(root, root.name);
		yield* fromFiles(loose);
	})();
}

/** DirectoryHandle is the part of FileSystemDirectoryHandle used here (TypeScript's DOM lib lacks `values()`). */
export interface DirectoryHandle {
	readonly kind: 'directory';
	readonly name: string;
	values(): AsyncIterable<DirectoryHandle | { readonly kind: 'file'; readonly name: string; getFile(): Promise<File> }>;
}

/** fromDirectoryHandle lists a folder chosen with `showDirectoryPicker()`, recursively. */
export async function* fromDirectoryHandle(handle: DirectoryHandle, path = handle.name): AsyncGenerator<RawEntry> {
	for await (const child of handle.values()) {
		const childPath = `${path}/${child.name}`;
		if (child.kind === 'file') yield fileEntry(await child.getFile(), childPath);
		else yield* fromDirectoryHandle(child, childPath);
	}
}

/** canPickDirectory is true where the File System Access directory picker exists (Chromium). */
export function canPickDirectory(): boolean {
	return typeof (globalThis as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function';
}

/** pickDirectory opens the directory picker and lists the chosen folder (rejects with AbortError when the user cancels). */
export async function pickDirectory(): Promise<AsyncGenerator<RawEntry>> {
	const picker = (globalThis as unknown as { showDirectoryPicker: (o?: { mode?: 'read' }) => Promise<DirectoryHandle> }).showDirectoryPicker;
	return fromDirectoryHandle(await picker({ mode: 'read' }));
}
