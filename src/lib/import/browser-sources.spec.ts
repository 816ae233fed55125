import { describe, expect, it } from 'vitest';
import { fromDataTransfer, fromDirectoryHandle, fromFiles, type DirectoryHandle } from './browser-sources';
import type { RawEntry } from './types';

const file = (name: string, text: string, relative = '') => {
	const f = new File([text], name);
	if (relative) Object.defineProperty(f, 'webkitRelativePath', { value: relative });
	return f;
};

async function list(entries: AsyncIterable<RawEntry> | Iterable<RawEntry>) {
	const out: { path: string; size: number; text: string; head: string }[] = [];
	for await (const e of entries) {
		out.push({ path: e.path, size: e.size, text: new TextDecoder().decode(await e.read()), head: new TextDecoder().decode(await e.head(2)) });
	}
	return out;
}

/** fakeDirectory mimics FileSystemDirectoryEntry, whose reader hands out entries in batches until an empty one. */
function fakeDirectory(name: string, children: FileSystemEntry[], batch = 2): FileSystemEntry {
	return {
		name,
		isFile: false,
		isDirectory: true,
		createReader: () => {
			let at = 0;
			return {
				readEntries: (ok: (entries: FileSystemEntry[]) => void) => {
					const next = children.slice(at, at + batch);
					at += batch;
					setTimeout(() => ok(next), 0);
				}
			};
		}
	} as unknown as FileSystemEntry;
}

function fakeFileEntry(f: File): FileSystemEntry {
	return { name: f.name, isFile: true, isDirectory: false, file: (ok: (file: File) => void) => ok(f) } as unknown as FileSystemEntry;
}

function fakeItems(items: { entry?: FileSystemEntry; file?: File; kind?: string }[]): DataTransferItemList {
	return items.map(({ entry, file: f, kind = 'file' }) => ({ kind, webkitGetAsEntry: () => entry ?? null, getAsFile: () => f ?? null })) as unknown as DataTransferItemList;
}

describe('browser sources', () => {
	it('fromFiles keeps the folder-relative path of a webkitdirectory pick and reads heads and bodies', async () => {
		expect(await list(fromFiles([file('a.dcm', 'AAAA'), file('IM1', 'BBB', 'CD/DICOM/IM1')]))).toEqual([
			{ path: 'a.dcm', size: 4, text: 'AAAA', head: 'AA' },
			{ path: 'CD/DICOM/IM1', size: 3, text: 'BBB', head: 'BB' }
		]);
	});

	it('fromDataTransfer walks dropped folders recursively, drains every batch, and keeps loose files', async () => {
		const tree = fakeDirectory('study', [
			fakeFileEntry(file('1', 'one')),
			fakeFileEntry(file('2', 'two')),
			fakeDirectory('series', [fakeFileEntry(file('3', 'three')), fakeFileEntry(file('4', 'four')), fakeFileEntry(file('5', 'five'))])
		]);
		const items = fakeItems([{ entry: tree }, { file: file('loose.dcm', 'loose') }, { kind: 'string' }]);
		expect((await list(fromDataTransfer(items))).map((e) => [e.path, e.text])).toEqual([
			['study/1', 'one'],
			['study/2', 'two'],
			['study/series/3', 'three'],
			['study/series/4', 'four'],
			['study/series/5', 'five'],
			['loose.dcm', 'loose']
		]);
	});

	it('fromDirectoryHandle lists a picked folder recursively', async () => {
		const handle = (name: string, children: (DirectoryHandle | { kind: 'file'; name: string; getFile(): Promise<File> })[]): DirectoryHandle => ({
			kind: 'directory',
			name,
			values: async function* () {
				yield* children;
			}
		});
		const leaf = (name: string, text: string) => ({ kind: 'file' as const, name, getFile: async () => file(name, text) });
		const root = handle('export', [leaf('DICOMDIR', 'dir'), handle('DICOM', [leaf('IM1', 'x'), handle('S2', [leaf('IM2', 'y')])])]);
		expect((await list(fromDirectoryHandle(root))).map((e) => e.path)).toEqual(['export/DICOMDIR', 'export/DICOM/IM1', 'export/DICOM/S2/IM2']);
	});
});
