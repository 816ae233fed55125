import { mkdtemp, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configure, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { identityRemoved, verifyDataset } from './verify';

configure({ useWebWorkers: false });

/** dicom: a Part 10 head with Patient Identity Removed (0012,0062) CS = value. */
function dicom(value: string): Uint8Array {
	const el = Buffer.concat([Buffer.from([0x12, 0x00, 0x62, 0x00]), Buffer.from('CS'), Buffer.from([value.length, 0]), Buffer.from(value)]);
	return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), el]);
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** dataset writes a stored ZIP shaped like a Cassette export; change tampers with it. */
async function dataset(change: (files: Map<string, Uint8Array>) => void = () => {}): Promise<string> {
	const files = new Map<string, Uint8Array>([
		['cases/c1/s1/00001.dcm', dicom('YES')],
		['cases/c1/s1/00002.dcm', dicom('YES')],
		['labels/c1.dcm', dicom('YES')]
	]);
	const series = [{ path: 'cases/c1/s1', instances: 2, bytes: 2 * dicom('YES').length, label: 'labels/c1.dcm' }];
	files.set('manifest.json', Buffer.from(JSON.stringify({ series })));
	files.set('SHA256SUMS', Buffer.from([...files].map(([n, b]) => `${sha(b)}  ${n}\n`).join('')));
	change(files);
	const zip = new ZipWriter(new Uint8ArrayWriter(), { level: 0 });
	for (const [name, b] of files) await zip.add(name, new Uint8ArrayReader(b));
	const path = join(await mkdtemp(join(tmpdir(), 'cassette-verify-')), 'dataset.zip');
	await writeFile(path, await zip.close());
	return path;
}

describe('cassette verify', () => {
	it('accepts an intact dataset', async () => {
		const r = await verifyDataset(await dataset());
		expect(r.problems).toEqual([]);
		expect(r).toMatchObject({ files: 5, dicom: 2 });
	});

	it('fails a tampered file', async () => {
		const r = await verifyDataset(await dataset((f) => f.set('cases/c1/s1/00002.dcm', dicom('YEZ'))));
		expect(r.problems).toContain('cases/c1/s1/00002.dcm: checksum does not match SHA256SUMS');
		expect(r.problems).toContain('cases/c1/s1/00002.dcm: Patient Identity Removed is not YES');
	});

	it('fails a file removed, added, or a manifest that no longer matches', async () => {
		const r = await verifyDataset(await dataset((f) => {
			f.delete('cases/c1/s1/00001.dcm');
			f.set('cases/c1/s1/extra.dcm', dicom('YES'));
		}));
		expect(r.problems).toContain('cases/c1/s1/00001.dcm: listed in SHA256SUMS but missing');
		expect(r.problems).toContain('cases/c1/s1/extra.dcm: not listed in SHA256SUMS');
		const m = await verifyDataset(await dataset((f) => f.delete('cases/c1/s1/00002.dcm')));
		expect(m.problems.some((p) => p.startsWith('cases/c1/s1: manifest says 2 files'))).toBe(true);
	});

	it('reads Patient Identity Removed from the head only when it says YES', () => {
		expect(identityRemoved(Buffer.from(dicom('YES')))).toBe(true);
		expect(identityRemoved(Buffer.from(dicom('NO')))).toBe(false);
		expect(identityRemoved(Buffer.alloc(200))).toBe(false);
	});
});
