import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDicom } from '../lib/dicom/parse';
import { encodePng, renderPreview, WINDOW_PRESETS } from '../lib/dicom/render';
import { PYDICOM_TEST_DIR } from '../../tests/support/pydicom-files';
import { getString } from '../lib/dicom/values';
import { T } from '../lib/dicom/tags';

const ROOT = resolve(import.meta.dirname, '../..');
const TMP = join(ROOT, 'tests/.tmp/cli-spec');
const pydicom = (name: string) => join(PYDICOM_TEST_DIR, name);

function cassette(...args: string[]) {
	const run = spawnSync(process.execPath, [join(ROOT, 'bin/cassette.cjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
	return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/^\s+at /m);

beforeAll(async () => {
	rmSync(TMP, { recursive: true, force: true });
	mkdirSync(join(TMP, 'study/nested'), { recursive: true });
	cpSync(pydicom('CT_small.dcm'), join(TMP, 'study/IM1'));
	cpSync(pydicom('liver_1frame.dcm'), join(TMP, 'study/nested/liver.dcm'));
	cpSync(pydicom('SC_rgb_small_odd.dcm'), join(TMP, 'study/screen.dcm'));
	writeFileSync(join(TMP, 'study/notes.txt'), 'not an image');
	// A link back up the tree: the walk must not loop.
	symlinkSync('..', join(TMP, 'study/nested/loop'));
	writeFileSync(join(TMP, 'junk.dcm'), 'definitely not DICOM, although named .dcm');
	const zip = new ZipWriter(new Uint8ArrayWriter());
	await zip.add('cd/DICOM/IM1', new Uint8ArrayReader(readFileSync(pydicom('CT_small.dcm'))));
	await zip.add('cd/DICOM/IM2', new Uint8ArrayReader(readFileSync(pydicom('liver_1frame.dcm'))));
	writeFileSync(join(TMP, 'export.zip'), await zip.close());
});

describe('cassette deid', () => {
	it('writes files named by their new SOP Instance UID, without the patient name, and reports them', () => {
		const out = join(TMP, 'out-good');
		const run = cassette('deid', '--out', out, join(TMP, 'study'));
		expect(run.code).toBe(0);
		const report = JSON.parse(run.stdout);
		expect(report.written).toHaveLength(2);
		expect(report.failed).toEqual([]);
		expect(report.skipped).toEqual([{ input: join(TMP, 'study/notes.txt'), reason: 'not-dicom' }]);
		// Secondary Capture is at risk of burned-in text: excluded by default.
		expect(report.excluded).toEqual([{ input: join(TMP, 'study/screen.dcm'), reasons: ['secondary-capture', 'modality:OT', 'derived-secondary'] }]);
		expect(readdirSync(out).sort()).toEqual(report.written.map((w: { sopInstanceUID: string }) => `${w.sopInstanceUID}.dcm`).sort());
		for (const { input, output, sopInstanceUID } of report.written) {
			const bytes = readFileSync(output);
			const original = parseDicom(readFileSync(input)).dataset;
			expect(getString(parseDicom(bytes).dataset, T.SOPInstanceUID)).toBe(sopInstanceUID);
			expect(sopInstanceUID).not.toBe(getString(original, T.SOPInstanceUID));
			// dcmdump (dcmtk) reads the output.
			execFileSync('dcmdump', ['-q', output]);
		}
		const ct = report.written.find((w: { input: string }) => w.input.endsWith('IM1'));
		const name = getString(parseDicom(readFileSync(pydicom('CT_small.dcm'))).dataset, T.PatientName)!;
		expect(name.length).toBeGreaterThan(3);
		expect(readFileSync(ct.output).toString('latin1')).not.toContain(name);
	});

	it('gives the same names for the same --seed and includes burned-in risks on request', () => {
		const names = (out: string, ...flags: string[]) => {
			const run = cassette('deid', '--seed', 'teaching-42', ...flags, '--out', out, join(TMP, 'study'));
			expect(run.code).toBe(0);
			return readdirSync(out).sort();
		};
		const first = names(join(TMP, 'seed-a'));
		expect(names(join(TMP, 'seed-b'))).toEqual(first);
		expect(names(join(TMP, 'seed-c'), '--include-burned-in')).toHaveLength(3);
	});

	it('reports bad files one line each on stderr, exits 1, and still processes the others', () => {
		const run = cassette('deid', '--out', join(TMP, 'out-bad'), join(TMP, 'junk.dcm'), pydicom('MR_truncated.dcm'), join(TMP, 'missing.dcm'), pydicom('CT_small.dcm'));
		expect(run.code).toBe(1);
		const lines = run.stderr.trim().split('\n');
		expect(lines).toHaveLength(3);
		expect(lines).toContain(`cassette deid: ${join(TMP, 'junk.dcm')}: not a DICOM file`);
		expect(lines.some((l) => l.startsWith(`cassette deid: ${pydicom('MR_truncated.dcm')}: not readable as DICOM`))).toBe(true);
		expect(lines).toContain(`cassette deid: ${join(TMP, 'missing.dcm')}: no such file or directory`);
		noStackTrace(run.stderr);
		const report = JSON.parse(run.stdout);
		expect(report.written.map((w: { input: string }) => w.input)).toEqual([pydicom('CT_small.dcm')]);
		expect(report.failed).toHaveLength(3);
	});

	it('refuses a DICOM file over 1 GiB with one line, without reading it whole', () => {
		// A sparse file: a real CT header, then a hole up to 1 GiB + 1 byte (no disk space used).
		const huge = join(TMP, 'huge.dcm');
		writeFileSync(huge, readFileSync(pydicom('CT_small.dcm')));
		truncateSync(huge, 1024 * 1024 * 1024 + 1);
		const run = cassette('deid', '--out', join(TMP, 'out-huge'), huge, pydicom('CT_small.dcm'));
		rmSync(huge);
		expect(run.code).toBe(1);
		expect(run.stderr.trim().split('\n')).toEqual([`cassette deid: ${huge}: larger than 1 GiB, too large to de-identify`]);
		expect(JSON.parse(run.stdout).written).toHaveLength(1);
	});

	it('gives byte-identical output and report on one thread and on several', () => {
		const run = (jobs: string) => {
			const out = join(TMP, `jobs-${jobs}`);
			const result = cassette('deid', '--seed', 'jobs', '--include-burned-in', '--jobs', jobs, '--out', out, join(TMP, 'study'), join(TMP, 'export.zip'), join(TMP, 'junk.dcm'), pydicom('MR_truncated.dcm'));
			expect(result.code).toBe(1);
			const files = readdirSync(out).sort();
			return { report: result.stdout.replaceAll(out, 'OUT'), files, bytes: files.map((f) => readFileSync(join(out, f))) };
		};
		const one = run('1');
		const three = run('3');
		// The ZIP holds copies of two files of the folder: the same instances, kept once each.
		expect(one.files).toHaveLength(3);
		const report = JSON.parse(one.report);
		expect(report.written).toHaveLength(3);
		expect(report.excluded.filter((e: { reasons: string[] }) => e.reasons.includes('duplicate-instance'))).toHaveLength(2);
		expect(three.report).toBe(one.report);
		expect(three.files).toEqual(one.files);
		expect(three.bytes).toEqual(one.bytes);
	});

	it('keeps the first of two input files holding one instance, on one thread and on several, and names the other a duplicate', () => {
		// The same instance twice (one SOP Instance UID), the second copy with other pixels, then a third file.
		const dir = join(TMP, 'twice');
		mkdirSync(dir, { recursive: true });
		const first = readFileSync(pydicom('CT_small.dcm'));
		const second = Buffer.from(first);
		second[second.length - 1] ^= 0xff;
		writeFileSync(join(dir, 'a.dcm'), first);
		writeFileSync(join(dir, 'b.dcm'), second);
		cpSync(pydicom('MR_small.dcm'), join(dir, 'c.dcm'));
		const outputs = ['1', '3'].map((jobs) => {
			const out = join(TMP, `twice-out-${jobs}`);
			rmSync(out, { recursive: true, force: true });
			const run = cassette('deid', '--seed', 'twice', '--include-burned-in', '--jobs', jobs, '--out', out, dir);
			expect(run.code).toBe(0);
			const report = JSON.parse(run.stdout);
			expect(report.written.map((w: { input: string }) => w.input)).toEqual([join(dir, 'a.dcm'), join(dir, 'c.dcm')]);
			expect(report.excluded).toEqual([{ input: join(dir, 'b.dcm'), reasons: ['duplicate-instance'], duplicateOf: join(dir, 'a.dcm') }]);
			// Two files, no file left aside by a helper thread.
			expect(readdirSync(out)).toHaveLength(2);
			return readFileSync(report.written[0].output);
		});
		expect(outputs[1]).toEqual(outputs[0]);
		// The kept instance is the first copy's.
		const alone = join(TMP, 'twice-first-alone');
		rmSync(alone, { recursive: true, force: true });
		const single = JSON.parse(cassette('deid', '--seed', 'twice', '--out', alone, join(dir, 'a.dcm')).stdout);
		expect(readFileSync(single.written[0].output)).toEqual(outputs[0]);
	});

	it('names the output of an instance without SOP Instance UID by its number in the run, not ".dcm"', () => {
		const out = join(TMP, 'no-uid');
		rmSync(out, { recursive: true, force: true });
		const run = cassette('deid', '--seed', 'no-uid', '--include-burned-in', '--out', out, pydicom('CT_small.dcm'), pydicom('empty_charset_LEI.dcm'));
		const report = JSON.parse(run.stdout);
		expect(report.written[1]).toMatchObject({ sopInstanceUID: '', output: join(out, 'no-sop-instance-uid-2.dcm') });
		expect(readdirSync(out)).toHaveLength(2);
	});

	it('refuses a --jobs that is not a whole number from 1 to 64', () => {
		for (const jobs of ['0', '2.5', 'many', '65']) {
			const run = cassette('deid', '--jobs', jobs, '--out', join(TMP, 'never'), join(TMP, 'study'));
			expect(run.code).toBe(2);
			expect(run.stderr).toContain('--jobs must be a whole number from 1 to 64');
		}
	});

	it('de-identifies the files inside a ZIP archive', () => {
		const out = join(TMP, 'out-zip');
		const run = cassette('deid', '--out', out, join(TMP, 'export.zip'));
		expect(run.code).toBe(0);
		const report = JSON.parse(run.stdout);
		expect(report.written.map((w: { input: string }) => w.input).sort()).toEqual([join(TMP, 'export.zip/cd/DICOM/IM1'), join(TMP, 'export.zip/cd/DICOM/IM2')]);
		expect(readdirSync(out)).toHaveLength(2);
	});

	it('reports a file whose output cannot be written as failed and still writes the others', () => {
		const out = join(TMP, 'out-blocked');
		const first = JSON.parse(cassette('deid', '--seed', 'blocked', '--out', join(TMP, 'out-probe'), join(TMP, 'study')).stdout);
		const [blocked, free] = first.written.map((w: { sopInstanceUID: string }) => `${w.sopInstanceUID}.dcm`);
		// A folder where the first output file should go: its write fails, the other's must not.
		mkdirSync(join(out, blocked), { recursive: true });
		const run = cassette('deid', '--seed', 'blocked', '--out', out, join(TMP, 'study'));
		expect(run.code).toBe(1);
		noStackTrace(run.stderr);
		const report = JSON.parse(run.stdout);
		expect(report.failed).toEqual([{ input: first.written[0].input, error: expect.any(String) }]);
		expect(run.stderr.trim().split('\n')).toHaveLength(1);
		expect(report.written.map((w: { output: string }) => w.output)).toEqual([join(out, free)]);
		expect(readFileSync(join(out, free)).subarray(128, 132).toString()).toBe('DICM');
	});

	it('refuses a command line without --out (exit 2, usage)', () => {
		const run = cassette('deid', pydicom('CT_small.dcm'));
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('deid needs --out DIR');
	});
});

describe('cassette inspect', () => {
	it('prints the header as JSON and the plan of what each attribute becomes', () => {
		const run = cassette('inspect', '--seed', 's', pydicom('CT_small.dcm'));
		expect(run.code).toBe(0);
		const doc = JSON.parse(run.stdout);
		const original = parseDicom(readFileSync(pydicom('CT_small.dcm'))).dataset;
		expect(doc.dataset['(0010,0010)']).toEqual({ keyword: 'PatientName', vr: 'PN', value: [getString(original, T.PatientName)] });
		expect(doc.dataset['(0028,0010)'].value).toEqual([128]);
		expect(doc.dataset['(7FE0,0010)'].bytes).toBe(128 * 128 * 2);
		const name = doc.plan.find((e: { keyword: string; path: string }) => e.keyword === 'PatientName' && !e.path.includes('['));
		expect(name.oldValue).toBe(getString(original, T.PatientName));
		expect(['emptied', 'removed', 'dummy']).toContain(name.outcome);
		expect(doc.burnedIn).toEqual({ atRisk: false, reasons: [] });
	});

	it('ends quietly when the reader of its output stops early (a closed pipe)', () => {
		const script = `set -o pipefail; "${process.execPath}" bin/cassette.cjs inspect "${pydicom('CT_small.dcm')}" | head -c 10 > /dev/null`;
		const run = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
		expect(run.stderr).toBe('');
		expect(run.status).toBe(0);
	});

	it('fails with one line for a file that is not DICOM', () => {
		const run = cassette('inspect', join(TMP, 'junk.dcm'));
		expect(run.code).toBe(1);
		expect(run.stderr.trim().split('\n')).toHaveLength(1);
		expect(run.stderr).toContain('not readable as DICOM');
		noStackTrace(run.stderr);
	});
});

describe('cassette render', () => {
	it('writes exactly the preview pipeline pixels as PNG, with the file window or a preset', async () => {
		const file = parseDicom(readFileSync(pydicom('CT_small.dcm')));
		const own = join(TMP, 'own.png');
		expect(cassette('render', pydicom('CT_small.dcm'), '--out', own).code).toBe(0);
		expect(readFileSync(own).equals(Buffer.from(encodePng(await renderPreview(file))))).toBe(true);
		const liver = join(TMP, 'liver.png');
		expect(cassette('render', pydicom('CT_small.dcm'), '--preset', 'liver', '--out', liver).code).toBe(0);
		expect(readFileSync(liver).equals(Buffer.from(encodePng(await renderPreview(file, { window: WINDOW_PRESETS.liver }))))).toBe(true);
		const custom = join(TMP, 'custom.png');
		expect(cassette('render', pydicom('CT_small.dcm'), '--window', '30,150', '--out', custom).code).toBe(0);
		expect(readFileSync(custom).equals(readFileSync(liver))).toBe(true);
		expect(readFileSync(own).equals(readFileSync(liver))).toBe(false);
	});

	it('renders a chosen frame of a multi-frame file (from 0) and refuses one that does not exist', async () => {
		const path = pydicom('SC_rgb_rle_2frame.dcm');
		const second = join(TMP, 'frame1.png');
		expect(cassette('render', path, '--frame', '1', '--out', second).code).toBe(0);
		expect(readFileSync(second).equals(Buffer.from(encodePng(await renderPreview(parseDicom(readFileSync(path)), { frame: 1 }))))).toBe(true);
		const run = cassette('render', path, '--frame', '2', '--out', join(TMP, 'none.png'));
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('frame 2 does not exist (the file has 2 frames, counted from 0)');
		noStackTrace(run.stderr);
	});

	it('decodes through every lazily loaded codec, also when compiled from its code cache', async () => {
		// JPEG Lossless (process 14) made here: pydicom ships none.
		const lossless = join(TMP, 'ct-jpeg-lossless.dcm');
		execFileSync('dcmcjpeg', ['+el', pydicom('CT_small.dcm'), lossless]);
		// OpenJPEG, CharLS, libjpeg-turbo and jpeg-lossless-decoder-js. The first run may build the
		// bundle and write the code cache; the second runs from it (in Node 20 a cached script used
		// to lose its dynamic-import hook, and every codec with it).
		for (const path of [pydicom('JPEG2000.dcm'), pydicom('MR_small_jpeg_ls_lossless.dcm'), pydicom('SC_rgb_jpeg_dcmd.dcm'), lossless]) {
			const expected = Buffer.from(encodePng(await renderPreview(parseDicom(readFileSync(path)))));
			for (const run of [1, 2]) {
				const out = join(TMP, `codec-${run}.png`);
				const result = cassette('render', path, '--out', out);
				expect(result.stderr, `${path}, run ${run}`).toMatch(/^cassette render: wrote /);
				expect(readFileSync(out).equals(expected)).toBe(true);
			}
		}
	});

	it('accepts a window with a negative centre (the lung window), written with a space or "="', async () => {
		const file = parseDicom(readFileSync(pydicom('CT_small.dcm')));
		const expected = Buffer.from(encodePng(await renderPreview(file, { window: { center: -600, width: 1500 } })));
		for (const [i, args] of [['--window', '-600,1500'], ['--window=-600,1500']].entries()) {
			const out = join(TMP, `lung-${i}.png`);
			const run = cassette('render', pydicom('CT_small.dcm'), ...args, '--out', out);
			expect(run.stderr).toMatch(/^cassette render: wrote /);
			expect(readFileSync(out).equals(expected)).toBe(true);
		}
		const frame = cassette('render', pydicom('CT_small.dcm'), '--frame', '-1', '--out', join(TMP, 'x.png'));
		expect(frame.code).toBe(2);
		expect(frame.stderr).toContain('--frame wants a whole number from 0, got "-1"');
	});

	it('rejects a malformed window with a usage error', () => {
		const run = cassette('render', pydicom('CT_small.dcm'), '--window', 'wide', '--out', join(TMP, 'x.png'));
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('--window wants CENTER,WIDTH');
	});
});
