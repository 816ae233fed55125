/**
 * verify: `cassette verify dataset.zip` checks a research export as its user receives it:
 * every file matches SHA256SUMS (and SHA256SUMS lists every file), every DICOM under cases/
 * says Patient Identity Removed = YES (0012,0062), and manifest.json's series match the files
 * (count and bytes per series folder, each with its SR label).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { zipEntries, type ZipEntry } from './zip-index';

const HEAD = 64 * 1024;

/** identityRemoved finds (0012,0062) in a Part 10 head written in Explicit VR Little Endian. */
export function identityRemoved(head: Buffer): boolean {
	const tag = Buffer.from([0x12, 0x00, 0x62, 0x00]);
	for (let i = head.indexOf(tag, 132); i >= 0; i = head.indexOf(tag, i + 1)) {
		if (head.toString('latin1', i + 4, i + 6) === 'CS') {
			const len = head.readUInt16LE(i + 6);
			return head.toString('latin1', i + 8, i + 8 + len).trim() === 'YES';
		}
		// Implicit VR: a 4-byte length follows the tag
		const len = head.readUInt32LE(i + 4);
		if (len <= 16) return head.toString('latin1', i + 8, i + 8 + len).trim() === 'YES';
	}
	return false;
}

async function digest(path: string, e: ZipEntry, keep: number): Promise<{ sha: string; head: Buffer }> {
	const hash = createHash('sha256');
	const chunks: Buffer[] = [];
	let kept = 0;
	if (e.size > 0) {
		for await (const chunk of createReadStream(path, { start: e.dataOffset, end: e.dataOffset + e.size - 1 })) {
			hash.update(chunk as Buffer);
			if (kept < keep) {
				chunks.push(chunk as Buffer);
				kept += (chunk as Buffer).length;
			}
		}
	}
	return { sha: hash.digest('hex'), head: Buffer.concat(chunks).subarray(0, keep) };
}

interface ManifestSeries {
	path: string;
	instances: number;
	bytes: number;
	label: string;
}

/** verifyDataset returns the problems found (empty: the dataset is intact) and what was checked. */
export async function verifyDataset(path: string): Promise<{ problems: string[]; files: number; dicom: number }> {
	const fh = await open(path, 'r');
	const problems: string[] = [];
	let dicom = 0;
	try {
		const entries = await zipEntries(fh);
		const byName = new Map(entries.map((e) => [e.name, e]));
		const sums = new Map<string, string>();
		const small = new Map<string, Buffer>();
		for (const e of entries) {
			if (e.method !== 0) {
				problems.push(`${e.name}: compressed (a Cassette export stores every file)`);
				continue;
			}
			// the two text files are read whole (a few MB at most); of a DICOM, its head
			const whole = e.name === 'SHA256SUMS' || e.name === 'manifest.json';
			const { sha, head } = await digest(path, e, whole ? e.size : HEAD);
			sums.set(e.name, sha);
			if (e.name === 'SHA256SUMS' || e.name === 'manifest.json') small.set(e.name, head);
			if (e.name.startsWith('cases/') && e.name.endsWith('.dcm')) {
				dicom++;
				if (!identityRemoved(head)) problems.push(`${e.name}: Patient Identity Removed is not YES`);
			}
		}
		const listed = (small.get('SHA256SUMS') ?? Buffer.alloc(0)).toString('utf8').split('\n').filter(Boolean);
		if (listed.length === 0) problems.push('SHA256SUMS is missing or empty');
		const seen = new Set<string>();
		for (const line of listed) {
			const [sum, name] = [line.slice(0, 64), line.slice(66)];
			seen.add(name);
			if (!byName.has(name)) problems.push(`${name}: listed in SHA256SUMS but missing`);
			else if (sums.get(name) !== sum) problems.push(`${name}: checksum does not match SHA256SUMS`);
		}
		for (const e of entries) if (e.name !== 'SHA256SUMS' && !seen.has(e.name)) problems.push(`${e.name}: not listed in SHA256SUMS`);

		let series: ManifestSeries[] = [];
		try {
			series = JSON.parse((small.get('manifest.json') ?? Buffer.alloc(0)).toString('utf8')).series;
		} catch {
			problems.push('manifest.json is missing or not JSON');
		}
		for (const s of series) {
			const files = entries.filter((e) => e.name.startsWith(`${s.path}/`));
			const bytes = files.reduce((n, e) => n + e.size, 0);
			if (files.length !== s.instances || bytes !== s.bytes)
				problems.push(`${s.path}: manifest says ${s.instances} files / ${s.bytes} bytes, the ZIP has ${files.length} / ${bytes}`);
			if (!byName.has(s.label)) problems.push(`${s.path}: label ${s.label} missing`);
		}
		const inManifest = entries.filter((e) => e.name.startsWith('cases/') && series.some((s) => e.name.startsWith(`${s.path}/`)));
		if (inManifest.length !== dicom) problems.push(`${dicom - inManifest.length} DICOM files are in no manifest series`);
		return { problems, files: entries.length, dicom };
	} finally {
		await fh.close();
	}
}
