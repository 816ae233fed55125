import { describe, expect, it } from 'vitest';
import { parseDicom } from '../parse';
import { T } from '../tags';
import { readTestFile } from '../../../../tests/support/pydicom-files';
import { encodeString, writePart10 } from '../write';
import { getString, getStrings } from '../values';
import { deidentify } from './deidentify';
import { encodeText } from './encode-text';

const bytes = (b: Uint8Array) => [...b];

describe('encodeText', () => {
	it('writes ASCII text as is under every character set', () => {
		for (const charset of [[], ['ISO_IR 100'], ['ISO_IR 192'], ['', 'ISO 2022 IR 87']]) {
			expect(String.fromCharCode(...encodeText('Liver ^ 2-B/3', charset))).toBe('Liver ^ 2-B/3');
		}
	});
	it('writes UTF-8 under ISO_IR 192, Latin-1 under ISO_IR 100, and unaccented ASCII where the set cannot hold a character', () => {
		expect(bytes(encodeText('Hígado', ['ISO_IR 192']))).toEqual([...new TextEncoder().encode('Hígado')]);
		expect(bytes(encodeText('Hígado', ['ISO_IR 100']))).toEqual([0x48, 0xed, 0x67, 0x61, 0x64, 0x6f]);
		expect(String.fromCharCode(...encodeText('Hígado 肝', ['ISO_IR 100']))).toBe('Hígado ?');
		expect(String.fromCharCode(...encodeText('Hígado', []))).toBe('Higado');
		expect(String.fromCharCode(...encodeText('Hígado', ['', 'ISO 2022 IR 87']))).toBe('Higado');
	});
});

describe("the author's descriptions", () => {
	it('given a default-repertoire file, when a description needs more than ASCII, then the output becomes ISO_IR 192 and reads back', () => {
		const file = parseDicom(readTestFile('CT_small.dcm'));
		const plain = parseDicom(
			writePart10({
				dataset: [
					{ tag: T.SOPClassUID, vr: 'UI', value: encodeString('UI', '1.2.840.10008.5.1.4.1.1.2') },
					{ tag: T.SOPInstanceUID, vr: 'UI', value: encodeString('UI', '2.25.7') },
					{ tag: T.StudyDescription, vr: 'LO', value: encodeString('LO', 'Liver') }
				],
				transferSyntaxUID: '1.2.840.10008.1.2.1'
			})
		);
		expect(getStrings(plain.dataset, T.SpecificCharacterSet)).toEqual([]);
		const out = parseDicom(deidentify(plain, { secret: 's', dateOffsetDays: 0, timeOffsetSeconds: 45_296, descriptions: { StudyDescription: 'Lesión hepática 肝' } }).bytes);
		expect(getStrings(out.dataset, T.SpecificCharacterSet)).toEqual(['ISO_IR 192']);
		expect(getString(out.dataset, T.StudyDescription)).toBe('Lesión hepática 肝');
		const latin = parseDicom(deidentify(file, { secret: 's', dateOffsetDays: 0, timeOffsetSeconds: 45_296, descriptions: { StudyDescription: 'Lesión hepática' } }).bytes);
		expect(getStrings(latin.dataset, T.SpecificCharacterSet)).toEqual(['ISO_IR 100']);
		expect(getString(latin.dataset, T.StudyDescription)).toBe('Lesión hepática');
	});
});
