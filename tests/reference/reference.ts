/**
 * reference runs tests/reference/pixels.py (pydicom 2.3 + gdcm, or dcmtk) and reads its dumps,
 * cached under tests/.tmp/reference by a hash of the input file, the script and the arguments.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, 'pixels.py');
export const TMP = resolve(here, '..', '.tmp');
export const PYTHON = '/usr/bin/python3';
export const PYDICOM_DATA = '/usr/lib/python3/dist-packages/pydicom/data';

/** ReferenceInfo is info.json as pixels.py writes it. */
export interface ReferenceInfo {
	info: {
		rows: number;
		columns: number;
		samplesPerPixel: number;
		bitsAllocated: number;
		bitsStored: number;
		highBit: number;
		pixelRepresentation: number;
		photometricInterpretation: string;
		planarConfiguration: number;
		numberOfFrames: number;
		rescaleSlope: number;
		rescaleIntercept: number;
		windowCenters: number[];
		windowWidths: number[];
	};
	transferSyntaxUID: string;
	frames: number;
	/** Why the file was not dumped (no Pixel Data, unreadable). */
	skipped?: string;
	reference?: { photometric: string; dtype: string; shape: number[] };
	referenceError?: string;
}

function cacheDir(kind: string, file: string, args: string[]): string {
	const hash = createHash('sha1').update(readFileSync(file)).update(readFileSync(script)).update(args.join('\0')).digest('hex');
	return join(TMP, 'reference', `${kind}-${hash.slice(0, 20)}`);
}

function run(args: string[], done: string): void {
	if (existsSync(done)) return;
	const result = spawnSync(PYTHON, [script, ...args], { encoding: 'utf8', timeout: 120_000 });
	if (result.status !== 0) throw new Error(`pixels.py ${args.join(' ')} failed: ${result.stderr}`);
}

/** referenceDecode returns pydicom's frames and decoded pixels for a file. */
export function referenceDecode(file: string, decoder: 'gdcm' | 'dcmtk' = 'gdcm') {
	const dir = cacheDir('decode', file, [decoder]);
	run(['decode', file, dir, decoder], join(dir, 'info.json'));
	const meta = JSON.parse(readFileSync(join(dir, 'info.json'), 'utf8')) as ReferenceInfo;
	const frames = Array.from({ length: meta.frames }, (_, i) => new Uint8Array(readFileSync(join(dir, `frame-${i}.bin`))));
	const pixels = meta.reference ? readF64(join(dir, 'reference.f64')) : undefined;
	return { meta, frames, pixels };
}

/** referenceVoi returns pydicom's modality LUT and VOI LUT output for frame 0. */
export function referenceVoi(file: string, center: number | 'file', width: number | 'file') {
	const args = [String(center), String(width)];
	const dir = cacheDir('voi', file, args);
	run(['voi', file, dir, ...args], join(dir, 'voi.f64'));
	return { modality: readF64(join(dir, 'modality.f64')), voi: readF64(join(dir, 'voi.f64')) };
}

/** referencePalette returns pydicom's apply_color_lut output for frame 0 (16-bit values). */
export function referencePalette(file: string): Float64Array {
	const dir = cacheDir('palette', file, []);
	run(['palette', file, dir], join(dir, 'rgb.f64'));
	return readF64(join(dir, 'rgb.f64'));
}

function readF64(path: string): Float64Array {
	const bytes = readFileSync(path);
	const copy = new Uint8Array(bytes.length);
	copy.set(bytes);
	return new Float64Array(copy.buffer);
}

/** pydicomFiles lists every regular file under pydicom's test_files and charset_files. */
export function pydicomFiles(): string[] {
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir).sort()) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else out.push(path);
		}
	};
	walk(join(PYDICOM_DATA, 'test_files'));
	walk(join(PYDICOM_DATA, 'charset_files'));
	return out;
}
