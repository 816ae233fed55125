import { describe, expect, it } from 'vitest';
import type { RawEntry } from '$lib/import';
import { photosAside } from './import-session.svelte';

const entryOf = (path: string, bytes: Uint8Array): RawEntry => ({
	path,
	size: bytes.byteLength,
	read: async () => bytes.slice().buffer,
	head: async (n) => bytes.slice(0, n)
});
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const DICOM_LIKE = new Uint8Array(200).fill(1);

describe('photosAside', () => {
	it('passes each non-photo entry on as it arrives and keeps the photographs for later', async () => {
		let release!: () => void;
		const released = new Promise<void>((r) => (release = r));
		let pulled = 0;
		async function* source(): AsyncGenerator<RawEntry> {
			pulled++;
			yield entryOf('IM0001', DICOM_LIKE);
			pulled++;
			yield entryOf('monitor.jpg', JPEG);
			await released; // the rest of a PACS answer is still on the network
			pulled++;
			yield entryOf('IM0002', DICOM_LIKE);
		}
		const photos: RawEntry[] = [];
		const passed = photosAside(source(), photos);
		expect((await passed.next()).value?.path).toBe('IM0001');
		expect(pulled).toBe(1);
		release();
		expect((await passed.next()).value?.path).toBe('IM0002');
		expect((await passed.next()).done).toBe(true);
		expect(photos.map((p) => p.path)).toEqual(['monitor.jpg']);
	});

	it('keeps a file named like a photograph that is not one in the DICOM scan', async () => {
		const photos: RawEntry[] = [];
		const passed: string[] = [];
		for await (const e of photosAside([entryOf('scan.jpg', DICOM_LIKE), entryOf('empty.png', new Uint8Array())], photos)) passed.push(e.path);
		expect(passed).toEqual(['scan.jpg', 'empty.png']);
		expect(photos).toEqual([]);
	});
});
