import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDicomdir } from './dicomdir';
import { parseDicom } from './parse';
import { T } from './tags';
import { PYDICOM_DICOMDIR_DIR, readTestFile } from '../../../tests/support/pydicom-files';
import { getString } from './values';

/** pydicomFileIds lists the Referenced File IDs pydicom reads from a DICOMDIR. */
function pydicomFileIds(path: string): string[] {
	const script = `
import json, sys, pydicom
ds = pydicom.dcmread(sys.argv[1], force=True)
ids = []
for r in ds.DirectoryRecordSequence:
    if 'ReferencedFileID' in r:
        v = r.ReferencedFileID
        ids.append('/'.join([v] if isinstance(v, str) else list(v)))
print(json.dumps(ids))`;
	return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' }));
}

describe('readDicomdir', () => {
	it.each(['DICOMDIR', 'DICOMDIR-bigEnd', 'DICOMDIR-implicit', 'DICOMDIR-reordered', 'DICOMDIR-nooffset', 'DICOMDIR-nopatient'])(
		'lists the files of %s grouped by their real series',
		(name) => {
			const path = join(PYDICOM_DICOMDIR_DIR, name);
			const series = readDicomdir(readTestFile(path))!;
			expect(series).not.toBeNull();
			const paths = series.flatMap((s) => s.files.map((f) => f.path));
			expect(paths.sort()).toEqual(pydicomFileIds(path).sort());
			for (const group of series) {
				expect(group.seriesInstanceUID).toBeTruthy();
				for (const file of group.files) {
					const target = join(PYDICOM_DICOMDIR_DIR, file.path);
					expect(existsSync(target), file.path).toBe(true);
					const ds = parseDicom(readTestFile(target), { stopAtPixelData: true }).dataset;
					expect(getString(ds, T.SeriesInstanceUID)).toBe(group.seriesInstanceUID);
					expect(getString(ds, T.StudyInstanceUID)).toBe(group.studyInstanceUID);
					expect(getString(ds, T.SOPInstanceUID)).toBe(file.sopInstanceUID);
				}
			}
		}
	);

	it('returns an empty list for an empty DICOMDIR and null for anything else', () => {
		expect(readDicomdir(readTestFile(join(PYDICOM_DICOMDIR_DIR, 'DICOMDIR-empty.dcm')))).toEqual([]);
		expect(readDicomdir(readTestFile('CT_small.dcm'))).toBeNull();
		expect(readDicomdir(new TextEncoder().encode('not a dicomdir'))).toBeNull();
		const whole = readTestFile(join(PYDICOM_DICOMDIR_DIR, 'DICOMDIR'));
		for (let cut = 0; cut < whole.length; cut += 97) {
			const partial = readDicomdir(whole.subarray(0, cut));
			expect(partial === null || Array.isArray(partial)).toBe(true);
		}
	});
});
