import { describe, expect, it } from 'vitest';
import { generatePhiStudy, PATIENT } from '../../../../tests/fixtures/phi/generate';
import { YAMADA } from '../../../../tests/fixtures/phi/encoding';
import { dcmdump, pydicomRead, writeTmp } from '../../../../tests/support/deid-tools';

describe('the PHI fixture generator', () => {
	const study = generatePhiStudy({ slices: 2, rows: 48, columns: 40 });
	const paths = study.files.map((f, i) => writeTmp(`generated-${i}.dcm`, f.bytes));

	it('writes files that dcmdump reads, with names, IDs, private tags and overlays in them', () => {
		for (const p of paths) {
			const dump = dcmdump(p);
			expect(dump.ok, p).toBe(true);
			expect(dump.text).toContain('(0009,1002) SQ');
			expect(dump.text).toContain('(6000,3000)');
		}
		expect(dcmdump(paths[0]).text).toContain(PATIENT.id);
	});

	it('writes files that pydicom reads, names decoded in ISO_IR 100, ISO_IR 192 and ISO 2022 IR 87, pixels decodable', () => {
		const read = pydicomRead(paths, ['PatientName', 'OperatorsName', 'PatientID', 'Rows', 'Columns', 'BurnedInAnnotation']);
		expect(read.map((r) => r.ok)).toEqual(study.files.map(() => true));
		for (const r of read) expect(r).toMatchObject({ pixels: true, values: { PatientID: PATIENT.id, Rows: '48', Columns: '40' } });
		expect(read[0].values.PatientName).toBe(PATIENT.name);
		expect(read[2].values).toMatchObject({ PatientName: PATIENT.name, BurnedInAnnotation: 'YES' });
		expect(read[3].values).toMatchObject({ PatientName: PATIENT.asciiName, OperatorsName: YAMADA.text });
	});

	it('names files after the patient and is deterministic', () => {
		expect(study.files.map((f) => f.name)).toEqual([
			'Núñez García, María José - CT 001.dcm',
			'Núñez García, María José - CT 002.dcm',
			'NUNEZ_GARCIA_MARIA_JOSE_dose_report.dcm',
			'Nunez Garcia Maria Jose scout'
		]);
		const again = generatePhiStudy({ slices: 2, rows: 48, columns: 40 });
		expect(again.files.map((f) => f.bytes)).toEqual(study.files.map((f) => f.bytes));
		expect(() => generatePhiStudy({ slices: 0 })).toThrow(/slices/);
	});
});
