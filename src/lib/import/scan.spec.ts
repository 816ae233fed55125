import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fsEntries } from '../../cli/fs-entries';
import { readDicomdir } from '../dicom/dicomdir';
import { PYDICOM_DICOMDIR_DIR, PYDICOM_TEST_DIR } from '../../../tests/support/pydicom-files';
import { scanEntries } from './scan';
import type { LocatedItem, RawEntry, SkippedFile } from './types';

const TMP = resolve(import.meta.dirname, '../../../tests/.tmp/import-scan');
const pydicom = (name: string) => join(PYDICOM_TEST_DIR, name);

async function scan(paths: string[], maxFileBytes?: number): Promise<{ items: LocatedItem[]; skipped: SkippedFile[] }> {
	const skipped: SkippedFile[] = [];
	const items: LocatedItem[] = [];
	for await (const item of scanEntries(fsEntries(paths, (e) => { throw e; }), { onSkip: (s) => skipped.push(s), maxFileBytes })) items.push(item);
	return { items, skipped };
}

/**
 * forgeDeclaredSize rewrites every uncompressed-size field of a ZIP (local header, data
 * descriptor, central directory; APPNOTE 4.3.7, 4.3.9, 4.3.12) that holds `actual` to
 * `declared`: an archive that lies about what its entry inflates to, as a ZIP bomb does.
 */
function forgeDeclaredSize(zip: Uint8Array, actual: number, declared: number): Uint8Array {
	const forged = zip.slice();
	const view = new DataView(forged.buffer);
	const fields: Record<number, number[]> = { 0x04034b50: [22], 0x08074b50: [12], 0x02014b50: [24] };
	let patched = 0;
	for (let pos = 0; pos + 28 < forged.length; pos++) {
		for (const offset of fields[view.getUint32(pos, true)] ?? []) {
			if (view.getUint32(pos + offset, true) === actual) {
				view.setUint32(pos + offset, declared, true);
				patched++;
			}
		}
	}
	if (patched < 2) throw new Error('forgeDeclaredSize: no size field found');
	return forged;
}

async function zipOf(files: Record<string, Uint8Array>, options: { level?: number } = {}): Promise<Uint8Array> {
	const writer = new ZipWriter(new Uint8ArrayWriter(), options);
	for (const [name, bytes] of Object.entries(files)) await writer.add(name, new Uint8ArrayReader(bytes));
	return writer.close();
}

const JUNK = new TextEncoder().encode('%PDF-1.4 not an image at all, just a referral letter');

beforeAll(async () => {
	rmSync(TMP, { recursive: true, force: true });
	mkdirSync(join(TMP, 'folder/sub/deeper'), { recursive: true });
	// Given a folder mixing DICOM with and without extension, without meta header, and junk.
	cpSync(pydicom('CT_small.dcm'), join(TMP, 'folder/IM000001'));
	cpSync(pydicom('MR_small.dcm'), join(TMP, 'folder/sub/mr.dcm'));
	cpSync(pydicom('ExplVR_LitEndNoMeta.dcm'), join(TMP, 'folder/sub/deeper/bare'));
	writeFileSync(join(TMP, 'folder/letter.pdf'), JUNK);
	writeFileSync(join(TMP, 'folder/sub/empty.dcm'), new Uint8Array(0));
	// A ZIP with nested folders, a nested ZIP and junk.
	const inner = await zipOf({ 'deep/rle.dcm': readFileSync(pydicom('MR_small_RLE.dcm')) });
	const outer = await zipOf({
		'patient/study/series/1': readFileSync(pydicom('CT_small.dcm')),
		'patient/study/series/2.dcm': readFileSync(pydicom('ExplVR_BigEnd.dcm')),
		'patient/readme.txt': JUNK,
		'more/inner.zip': inner
	});
	writeFileSync(join(TMP, 'export.ZIP'), outer);
	writeFileSync(join(TMP, 'archive-without-extension'), inner);
	writeFileSync(join(TMP, 'broken.zip'), JUNK);
	// A ZIP bomb: an entry declared as small as a CT slice that inflates to 64 MiB more, stored
	// (not compressed), so that every size field holds the real size and can be forged.
	const ct = readFileSync(pydicom('CT_small.dcm'));
	const bomb = new Uint8Array(ct.length + 64 * 1024 * 1024);
	bomb.set(ct);
	const bombZip = await zipOf({ 'bomb/IM1': bomb, 'bomb/IM2': ct }, { level: 0 });
	writeFileSync(join(TMP, 'bomb.zip'), forgeDeclaredSize(bombZip, bomb.length, ct.length));
	// Files too large to import: 3 MB against a 2 MB limit, in a folder and in a ZIP.
	const large = new Uint8Array(3 * 1024 * 1024);
	large.set(ct);
	mkdirSync(join(TMP, 'large'));
	writeFileSync(join(TMP, 'large/big.dcm'), large);
	writeFileSync(join(TMP, 'large/big.bin'), new Uint8Array(3 * 1024 * 1024).fill(7));
	writeFileSync(join(TMP, 'large/small.dcm'), ct);
	writeFileSync(join(TMP, 'large.zip'), await zipOf({ 'big.dcm': large, 'small.dcm': ct }));
	// A CD export whose DICOMDIR references a file that is missing: the DICOMDIR is wrong.
	cpSync(PYDICOM_DICOMDIR_DIR, join(TMP, 'wrong-cd'), { recursive: true });
	rmSync(join(TMP, 'wrong-cd/77654033/CT2/17136'));
});

describe('scanEntries', () => {
	it('finds DICOM by content in nested folders and lists junk and empty files as skipped', async () => {
		const { items, skipped } = await scan([join(TMP, 'folder')]);
		expect(items.map((i) => i.path.slice(TMP.length + 1)).sort()).toEqual(['folder/IM000001', 'folder/sub/deeper/bare', 'folder/sub/mr.dcm']);
		expect(skipped.map((s) => [s.path.slice(TMP.length + 1), s.reason]).sort()).toEqual([
			['folder/letter.pdf', 'not-dicom'],
			['folder/sub/empty.dcm', 'empty']
		]);
	});

	it('gives every item a generated id that does not contain its file name, and reads its bytes on demand', async () => {
		const { items } = await scan([join(TMP, 'folder')]);
		expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
		for (const item of items) {
			expect(item.id).not.toContain(item.path.split('/').at(-1));
			const bytes = new Uint8Array(await item.read());
			expect(bytes.length).toBe(item.size);
			expect(Buffer.from(bytes).equals(readFileSync(item.path))).toBe(true);
		}
	});

	it('streams the files of a ZIP archive, nested folders and a ZIP inside it included, and knows an archive by its content', async () => {
		const { items, skipped } = await scan([join(TMP, 'export.ZIP'), join(TMP, 'broken.zip'), join(TMP, 'archive-without-extension')]);
		const rel = (p: string) => p.slice(TMP.length + 1);
		expect(items.map((i) => rel(i.path)).sort()).toEqual([
			'archive-without-extension/deep/rle.dcm',
			'export.ZIP/more/inner.zip/deep/rle.dcm',
			'export.ZIP/patient/study/series/1',
			'export.ZIP/patient/study/series/2.dcm'
		]);
		const rle = items.find((i) => i.path.endsWith('rle.dcm'))!;
		expect(Buffer.from(await rle.read()).equals(readFileSync(pydicom('MR_small_RLE.dcm')))).toBe(true);
		expect(skipped.map((s) => [rel(s.path), s.reason]).sort()).toEqual([
			['broken.zip', 'bad-zip'],
			['export.ZIP/patient/readme.txt', 'not-dicom']
		]);
	});

	it('stops inflating an archive entry at the size its archive declares, lists it as a damaged ZIP and goes on with the next entry', async () => {
		const { items, skipped } = await scan([join(TMP, 'bomb.zip')]);
		const rel = (p: string) => p.slice(TMP.length + 1);
		expect(items.map((i) => rel(i.path))).toEqual(['bomb.zip/bomb/IM2']);
		expect(skipped.map((s) => [rel(s.path), s.reason])).toEqual([['bomb.zip/bomb/IM1', 'bad-zip']]);
	});

	it('skips a DICOM file larger than the limit as too large, in a folder and in a ZIP, and still sniffs what is not DICOM', async () => {
		const { items, skipped } = await scan([join(TMP, 'large'), join(TMP, 'large.zip')], 2 * 1024 * 1024);
		const rel = (p: string) => p.slice(TMP.length + 1);
		expect(items.map((i) => rel(i.path)).sort()).toEqual(['large.zip/small.dcm', 'large/small.dcm']);
		expect(skipped.map((s) => [rel(s.path), s.reason]).sort()).toEqual([
			['large.zip/big.dcm', 'too-large'],
			['large/big.bin', 'not-dicom'],
			['large/big.dcm', 'too-large']
		]);
	});

	it('uses the records of a valid DICOMDIR and leaves the files it does not reference out', async () => {
		const { items, skipped } = await scan([PYDICOM_DICOMDIR_DIR]);
		const referenced = readDicomdir(readFileSync(join(PYDICOM_DICOMDIR_DIR, 'DICOMDIR')))!.flatMap((s) => s.files.map((f) => f.path.toLowerCase()));
		const root = items.filter((i) => !i.path.includes('TINY_ALPHA'));
		expect(root.map((i) => i.path.slice(PYDICOM_DICOMDIR_DIR.length + 1).toLowerCase()).sort()).toEqual([...referenced].sort());
		expect(skipped).toContainEqual({ path: join(PYDICOM_DICOMDIR_DIR, 'DICOMDIR-reordered'), reason: 'not-in-dicomdir' });
		expect(skipped).toContainEqual({ path: join(PYDICOM_DICOMDIR_DIR, 'DICOMDIR'), reason: 'dicomdir' });
	});

	it('scans every file when the DICOMDIR references a missing file', async () => {
		const { items, skipped } = await scan([join(TMP, 'wrong-cd')]);
		const paths = items.map((i) => i.path.slice(TMP.length + 1));
		// The other DICOMDIR variants are DICOM files too: with the DICOMDIR distrusted, they are candidates.
		expect(paths).toContain('wrong-cd/DICOMDIR-reordered');
		expect(paths).toContain('wrong-cd/77654033/CT2/17166');
		expect(skipped.filter((s) => s.reason === 'not-in-dicomdir' && !s.path.includes('TINY_ALPHA'))).toEqual([]);
	});
});

describe('scanEntries on a streamed source (a PACS answer)', () => {
	const entryOf = (path: string, bytes: Uint8Array): RawEntry => ({
		path,
		size: bytes.byteLength,
		read: async () => bytes.slice().buffer,
		head: async (n) => bytes.slice(0, n)
	});
	/** parts yields a first DICOM part, then waits until `release` before the next ones, counting what was pulled. */
	function parts(release: Promise<void>) {
		const ct = new Uint8Array(readFileSync(pydicom('CT_small.dcm')));
		const state = { pulled: 0 };
		async function* source(): AsyncGenerator<RawEntry> {
			state.pulled++;
			yield entryOf('part-1', ct);
			await release;
			for (let i = 2; i <= 3; i++) {
				state.pulled++;
				yield entryOf(`part-${i}`, ct);
			}
		}
		return { source, state };
	}

	it('yields each instance as its part arrives, without waiting for the rest of the answer', async () => {
		let release!: () => void;
		const { source, state } = parts(new Promise<void>((r) => (release = r)));
		const items = scanEntries(source(), { onSkip: () => {}, streamed: true });
		const first = await items.next();
		expect(first.done).toBe(false);
		expect(state.pulled).toBe(1);
		release();
		let rest = 0;
		for await (const item of items) rest += (await item.read()).byteLength > 0 ? 1 : 0;
		expect(rest).toBe(2);
	});

	it('lists a whole source first otherwise (a DICOMDIR anywhere may steer it)', async () => {
		let release!: () => void;
		const { source, state } = parts(new Promise<void>((r) => (release = r)));
		const items = scanEntries(source(), { onSkip: () => {} });
		const first = items.next();
		const early = await Promise.race([first.then(() => 'item'), new Promise((r) => setTimeout(() => r('waiting'), 50))]);
		expect(early).toBe('waiting');
		release();
		expect((await first).done).toBe(false);
		expect(state.pulled).toBe(3);
		await items.return(undefined);
	});
});
