import { describe, expect, it } from 'vitest';
import { generatePhiStudy, PATIENT } from '../../../../tests/fixtures/phi/generate';
import { YAMADA } from '../../../../tests/fixtures/phi/encoding';
import { parseDicom } from '../parse';
import { PYDICOM_CHARSET_FILES, readTestFile } from '../../../../tests/support/pydicom-files';
import { findPhi } from './phi-match';
import { collectPhi, mergePhi } from './phi-record';

describe('collectPhi', () => {
	const study = generatePhiStudy({ slices: 2, rows: 16, columns: 16 });
	const records = study.files.map((f) => collectPhi(parseDicom(f.bytes)));

	it('records the patient, the IDs, the dates, the institution and every person name, nested ones included', () => {
		const values = records[0].values;
		expect(values).toEqual(
			expect.arrayContaining([
				{ kind: 'name', value: PATIENT.name, sources: ['PatientName'] },
				{ kind: 'id', value: PATIENT.id, sources: ['PatientID'] },
				{ kind: 'id', value: PATIENT.accession, sources: ['AccessionNumber'] },
				{ kind: 'date', value: PATIENT.birthDate, sources: ['PatientBirthDate'] },
				expect.objectContaining({ kind: 'text', value: 'PHI-InstitutionName-7f3a' }),
				expect.objectContaining({ kind: 'name', value: 'PHI-ContentSequence-L3-7f3a', sources: ['PersonName'] })
			])
		);
		expect(records[3].values).toContainEqual(expect.objectContaining({ kind: 'name', value: YAMADA.text }));
	});

	it('decodes names in the character set of each file', () => {
		const names = PYDICOM_CHARSET_FILES.flatMap((path) => collectPhi(parseDicom(readTestFile(path))).values.filter((v) => v.kind === 'name').map((v) => v.value));
		expect(names).toEqual(expect.arrayContaining(['Buc^Jérôme', 'Διονυσιος', 'Люкceмбypг', 'Yamada^Tarou=山田^太郎=やまだ^たろう', 'Wang^XiaoDong=王^小東=']));
	});

	it('merges a case without duplicates, joining the sources, and leaves its inputs alone', () => {
		const before = JSON.stringify(records);
		const merged = mergePhi(...records);
		expect(JSON.stringify(records)).toBe(before);
		expect(merged.values.filter((v) => v.value === PATIENT.name)).toHaveLength(1);
		expect(merged.values.find((v) => v.value === PATIENT.id)!.sources).toEqual(['PatientID']);
		const dates = merged.values.filter((v) => v.kind === 'date');
		expect(new Set(dates.map((d) => d.value)).size).toBe(dates.length);
		expect(merged.values).toContainEqual(expect.objectContaining({ value: YAMADA.text }));
	});

	it('is what the firewall needs: it finds the patient in a retyped case text', () => {
		const record = mergePhi(...records);
		expect(findPhi('Paciente MARIA JOSE NUNEZ GARCIA, nacida el 15/03/1961, NHC-0045123987-7f3a', record).map((h) => h.kind)).toEqual(['name', 'date', 'id']);
		expect(findPhi('Yamada Tarou', record)).toHaveLength(1);
	});
});
