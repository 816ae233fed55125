import { describe, expect, it } from 'vitest';
import { findPhi } from './phi-match';
import type { PhiRecord } from './phi-types';
import { dateVariants, isSignificant, nameVariants, phiVariants } from './phi-variants';

const record: PhiRecord = {
	values: [
		{ kind: 'name', value: 'Núñez García^María José', sources: ['PatientName'] },
		{ kind: 'id', value: '0045123987', sources: ['PatientID'] },
		{ kind: 'date', value: '19610315', sources: ['PatientBirthDate'] },
		{ kind: 'id', value: 'ACC-77812', sources: ['AccessionNumber'] },
		{ kind: 'id', value: '1', sources: ['StudyID'] },
		{ kind: 'text', value: 'Hospital Universitario La Paz', sources: ['InstitutionName'] },
		{ kind: 'name', value: 'Li^Bo', sources: ['ReferringPhysicianName'] }
	]
};

const hitValues = (haystack: string | Uint8Array) => findPhi(haystack, record).map((h) => h.value);

describe('phiVariants', () => {
	it('gives a name in both orders, with and without separators, and its parts', () => {
		const v = nameVariants('Núñez García^María José');
		expect(v).toEqual(
			expect.arrayContaining(['María José Núñez García', 'Núñez García, María José', 'Núñez García^María José', 'Núñez', 'García', 'María'])
		);
	});

	it('gives a date in the usual written formats', () => {
		expect(dateVariants('19610315')).toEqual(
			expect.arrayContaining(['19610315', '1961-03-15', '15/03/1961', '15.03.1961', '03/15/1961', '15/3/1961', '15 March 1961', '15 de marzo de 1961'])
		);
	});

	it('drops trivially short values: initials, short numbers', () => {
		expect(isSignificant('B')).toBe(false);
		expect(isSignificant('Bo')).toBe(false);
		expect(isSignificant('1')).toBe(false);
		expect(isSignificant('2020')).toBe(false);
		expect(isSignificant('45123')).toBe(true);
		expect(isSignificant('Ana')).toBe(true);
		const all = phiVariants(record);
		expect(all).not.toContain('1');
		expect(all).not.toContain('Bo');
		expect(all).not.toContain('Li');
		expect(all).toContain('Bo Li');
	});
});

describe('findPhi in text', () => {
	it('finds a name whatever the case, accents and order', () => {
		expect(hitValues('Paciente: maria jose nunez garcia, 63 años')).toContain('Núñez García^María José');
		expect(hitValues('NÚÑEZ GARCÍA, MARÍA JOSÉ')).toContain('Núñez García^María José');
		expect(hitValues('Sra. Nunez refiere dolor')).toContain('Núñez García^María José');
	});

	it('reports where the hit is in the original text', () => {
		const text = 'Caso de  María José Núñez García.';
		const [hit] = findPhi(text, record);
		expect(text.slice(hit.index, hit.index + hit.length)).toBe('María José Núñez García');
	});

	it('finds dates in other formats and IDs without leading zeros', () => {
		expect(hitValues('born 15/03/1961')).toContain('19610315');
		expect(hitValues('nacida el 15 de marzo de 1961')).toContain('19610315');
		expect(hitValues('1961-03-15')).toContain('19610315');
		expect(hitValues('NHC 45123987')).toContain('0045123987');
		expect(hitValues('acc77812')).toContain('ACC-77812');
		expect(hitValues('hospital universitario la paz')).toContain('Hospital Universitario La Paz');
	});

	it('stays quiet on ordinary medical text', () => {
		const text =
			'Hepatic segment IV lesion of 1.5 cm, arterial enhancement and washout in the portal phase. ' +
			'Annular pancreas. Study 1 of 2, series 3, 120 kV, 250 mAs, 2020 follow-up at 19:61. ' +
			'Lesión hepática en el segmento VI, compatible con hemangioma; bordes lisos. La paciente refiere dolor.';
		expect(findPhi(text, record)).toEqual([]);
	});
});

describe('findPhi in bytes', () => {
	it('finds values encoded as UTF-8 and as ISO 8859-1, any case', () => {
		const utf8 = new TextEncoder().encode('xx\0NÚÑEZ GARCÍA^MARÍA JOSÉ\0');
		expect(hitValues(utf8)).toContain('Núñez García^María José');
		const latin1 = Uint8Array.from('\x02\x00Núñez García^María José ', (c) => c.charCodeAt(0));
		expect(hitValues(latin1)).toContain('Núñez García^María José');
	});

	it('finds a date and reports the byte offset', () => {
		const bytes = new Uint8Array([0x10, 0x00, 0x30, 0x00, 0x44, 0x41, 0x08, 0x00, ...new TextEncoder().encode('19610315')]);
		const hits = findPhi(bytes, record);
		expect(hits).toEqual([expect.objectContaining({ value: '19610315', index: 8, length: 8 })]);
	});

	it('stays quiet on bytes without PHI', () => {
		const bytes = new Uint8Array(4096).map((_, i) => (i * 31) & 0xff);
		expect(findPhi(bytes, record)).toEqual([]);
	});
});
