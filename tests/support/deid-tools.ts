/**
 * Helpers shared by the de-identification specs (tests only): external validators (dcmdump,
 * dciodvfy, pydicom) and byte searches. Debian's dcmtk, dicom3tools and python3-pydicom are
 * installed on development and CI machines.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** TMP is the git-ignored folder where specs write files for the external tools. */
export const TMP = resolve(import.meta.dirname, '../.tmp/deid');

/** writeTmp writes bytes under TMP and returns the path. */
export function writeTmp(name: string, bytes: Uint8Array): string {
	mkdirSync(TMP, { recursive: true });
	const path = join(TMP, name);
	writeFileSync(path, bytes);
	return path;
}

/** dcmdump runs dcmtk's dcmdump; ok is false when it reports an error. */
export function dcmdump(path: string): { ok: boolean; text: string } {
	const r = spawnSync('dcmdump', ['-q', '+L', path], { encoding: 'latin1', maxBuffer: 64 << 20 });
	return { ok: r.status === 0 && !/^E:/m.test(r.stderr), text: r.stdout + r.stderr };
}

/**
 * dciodvfyErrors runs dicom3tools' dciodvfy and returns its error lines, numbers and UIDs
 * blanked so the same problem with other values compares equal; null when dciodvfy could not
 * read the file or crashed (it asserts on some valid files).
 */
export function dciodvfyErrors(path: string): Set<string> | null {
	const r = spawnSync('dciodvfy', [path], { encoding: 'latin1', maxBuffer: 64 << 20 });
	const text = `${r.stdout}${r.stderr}`;
	if (r.signal || /read failed|Assertion `/.test(text)) return null;
	return new Set(
		text
			.split('\n')
			.filter((l) => l.startsWith('Error'))
			.map((l) => l.replace(/[0-9][0-9.]*/g, '#').trimEnd())
	);
}

/** newErrors lists the dciodvfy errors of `output` that `input` did not have. */
export function newErrors(input: string, output: string): string[] | null {
	const before = dciodvfyErrors(input);
	const after = dciodvfyErrors(output);
	if (!before || !after) return null;
	return [...after].filter((e) => !before.has(e));
}

/** pydicomRead reads files with pydicom (Debian's /usr/bin/python3) and returns, per file, the decoded values of the given keywords and whether the pixels decode. */
export function pydicomRead(paths: string[], keywords: string[]): { ok: boolean; values: Record<string, string>; pixels: boolean; error?: string }[] {
	const script = `
import json, sys, pydicom
out = []
keywords = json.loads(sys.argv[1])
for path in sys.argv[2:]:
    try:
        ds = pydicom.dcmread(path)
        values = {k: str(ds.get(k, '')) for k in keywords}
        try:
            ds.pixel_array
            pixels = True
        except Exception:
            pixels = False
        out.append({'ok': True, 'values': values, 'pixels': pixels})
    except Exception as e:
        out.append({'ok': False, 'values': {}, 'pixels': False, 'error': str(e)})
print(json.dumps(out))
`;
	const r = spawnSync('/usr/bin/python3', ['-c', script, JSON.stringify(keywords), ...paths], { encoding: 'utf8', maxBuffer: 64 << 20 });
	if (r.status !== 0) throw new Error(`pydicom failed: ${r.stderr}`);
	return JSON.parse(r.stdout);
}

const utf8 = new TextEncoder();

/** indexOfBytes returns the first offset of `needle` in `haystack`, or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
	if (needle.length === 0) return 0;
	const first = needle[0];
	outer: for (let i = haystack.indexOf(first); i >= 0 && i + needle.length <= haystack.length; i = haystack.indexOf(first, i + 1)) {
		for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
		return i;
	}
	return -1;
}

/** encodings returns a string's UTF-8 bytes and, when it fits, its Latin-1 bytes. */
export function encodings(text: string): Uint8Array[] {
	const out = [utf8.encode(text)];
	if (/^[\0-\xff]*$/.test(text) && /[\x80-\xff]/.test(text)) out.push(Uint8Array.from(text, (c) => c.charCodeAt(0)));
	return out;
}
