import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, isKnownCharacterSet } from './charset';
import { TransferSyntax } from './dataset';
import { keywordOf, lookup, tagOf, vrOf } from './dictionary';
import { parseDicom } from './parse';
import { pydicomReference } from './reference/pydicom';
import { isPrivate, isPrivateCreator, parseTag, T, tag, tagToHex, tagToString } from './tags';
import { PYDICOM_CHARSET_FILES, readTestFile } from '../../../tests/support/pydicom-files';
import { encodeNumbers, encodeUS, writePart10 } from './write';
import { getNumber, getNumbers, getPersonName, getSequence, getString, getStrings, parsePersonName, rawValue } from './values';

const reference = pydicomReference(PYDICOM_CHARSET_FILES);

describe('Specific Character Set decoding against pydicom', () => {
	const withNames = PYDICOM_CHARSET_FILES.filter((f) => {
		const ref = reference[f];
		return ref.ok && ref.patientName !== null;
	});
	it('covers the charset files that carry a Patient Name', () => {
		expect(withNames.length).toBeGreaterThanOrEqual(15);
	});
	it.each(withNames.map((f) => [basename(f), f]))('decodes the Patient Name of %s as pydicom does', (_name, path) => {
		const ref = reference[path];
		if (!ref.ok || !ref.patientName) throw new Error('no reference');
		const [, family, given, ideographic, phonetic] = ref.patientName;
		const file = parseDicom(readTestFile(path));
		const pn = getPersonName(file.dataset, T.PatientName)!;
		expect(pn.alphabetic.familyName).toBe(family);
		expect(pn.alphabetic.givenName).toBe(given);
		const [, ideo = '', phon = ''] = pn.text.split('=');
		expect(ideo).toBe(ideographic);
		expect(phon).toBe(phonetic);
		expect(isKnownCharacterSet(file.dataset.characterSet)).toBe(true);
	});

	it('decodes names in items with the item’s own character set', () => {
		for (const name of ['chrSQEncoding.dcm', 'chrSQEncoding1.dcm']) {
			const ds = parseDicom(readTestFile(name)).dataset;
			const seq = ds.elements.find((e) => e.items)!;
			const pn = getPersonName(seq.items![0], T.PatientName)!;
			expect(pn.text).toBe('ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう');
		}
	});

	it('splits multi-valued text after decoding', () => {
		const ds = parseDicom(readTestFile('chrFrenMulti.dcm')).dataset;
		expect(getStrings(ds, T.OtherPatientIDs)).toEqual(['eggs', 'spam']);
		expect(getStrings(ds, T.PatientName)).toEqual(['Buc^Jérôme']);
	});

	it('decodes ISO 2022 escapes, ISO 8859-1 C1 bytes and unknown escapes without throwing', () => {
		const bytes = new Uint8Array([0x41, 0x1b, 0x24, 0x42, 0x3b, 0x33, 0x45, 0x44, 0x1b, 0x28, 0x42, 0x5e, 0x42]);
		expect(decodeText(bytes, ['', 'ISO 2022 IR 87'])).toBe('A山田^B');
		expect(decodeText(new Uint8Array([0x80, 0xe9]), ['ISO_IR 100'])).toBe('\u0080é');
		expect(decodeText(new Uint8Array([0x41, 0x1b, 0x7a, 0x42]), ['', 'ISO 2022 IR 87'])).toBe('AzB');
		expect(decodeText(new Uint8Array([0xe4, 0xb8, 0xad]), ['ISO_IR 192'])).toBe('中');
		expect(decodeText(new Uint8Array([0xd6, 0xd0]), ['GBK'])).toBe('中');
		expect(isKnownCharacterSet(['ISO_IR 999'])).toBe(false);
	});
});

describe('value accessors', () => {
	const ct = parseDicom(readTestFile('CT_small.dcm')).dataset;
	const ctBE = parseDicom(readTestFile('MR_small_bigendian.dcm')).dataset;
	const mr = parseDicom(readTestFile('MR_small.dcm')).dataset;

	it('reads strings, trimmed per VR', () => {
		expect(getString(ct, T.Modality)).toBe('CT');
		expect(getString(ct, T.SOPClassUID)).toBe('1.2.840.10008.5.1.4.1.1.2');
		expect(getStrings(ct, T.ImageType)).toEqual(['ORIGINAL', 'PRIMARY', 'AXIAL']);
		expect(getString(ct, 0x00990099)).toBeUndefined();
	});

	it('reads binary numbers in either byte order and decimal strings', () => {
		expect(getNumber(ct, T.Rows)).toBe(128);
		expect(getNumber(mr, T.Rows)).toBe(getNumber(ctBE, T.Rows));
		expect(getNumbers(ctBE, T.PixelSpacing)).toEqual(getNumbers(mr, T.PixelSpacing));
		expect(getNumbers(ct, T.ImagePositionPatient)).toHaveLength(3);
		expect(getNumbers(ct, T.ImageOrientationPatient)).toHaveLength(6);
		expect(getNumber(ct, T.PixelData)).toBeDefined();
		expect(getNumber(ct, 0x00990099)).toBeUndefined();
	});

	it('reads an Implicit VR "US or SS" value as signed when Pixel Representation is 1', () => {
		const implicit = parseDicom(readTestFile('MR_small_implicit.dcm')).dataset;
		const explicit = parseDicom(readTestFile('MR_small.dcm')).dataset;
		expect(getNumber(explicit, T.PixelRepresentation)).toBe(1);
		expect(explicit.get(T.SmallestImagePixelValue)!.vr).toBe('SS');
		expect(implicit.get(T.SmallestImagePixelValue)!.vr).toBe('US');
		expect(getNumber(implicit, T.SmallestImagePixelValue)).toBe(getNumber(explicit, T.SmallestImagePixelValue));
		expect(getNumber(implicit, T.LargestImagePixelValue)).toBe(getNumber(explicit, T.LargestImagePixelValue));
		const generated = (rep: number) =>
			parseDicom(
				writePart10({
					dataset: [
						{ tag: T.PixelRepresentation, vr: 'US', value: encodeUS(rep) },
						{ tag: T.PixelPaddingValue, vr: 'SS', value: encodeNumbers('SS', [-2000]) }
					],
					transferSyntaxUID: TransferSyntax.ImplicitVRLittleEndian
				})
			).dataset;
		expect(getNumber(generated(1), T.PixelPaddingValue)).toBe(-2000);
		expect(getNumber(generated(0), T.PixelPaddingValue)).toBe(65536 - 2000);
	});

	it('parses person names into groups and components', () => {
		const pn = parsePersonName('Yamada^Tarou^^Dr.^=山田^太郎=やまだ^たろう');
		expect(pn.alphabetic).toEqual({ familyName: 'Yamada', givenName: 'Tarou', middleName: '', namePrefix: 'Dr.', nameSuffix: '' });
		expect(pn.ideographic.familyName).toBe('山田');
		expect(pn.phonetic.givenName).toBe('たろう');
		expect(getPersonName(ct, T.PatientName)!.alphabetic.familyName).toBe('CompressedSamples');
	});

	it('returns sequence items and raw views without copying', () => {
		const sr = parseDicom(readTestFile('test-SR.dcm')).dataset;
		expect(getSequence(sr, T.ContentSequence).length).toBeGreaterThan(0);
		expect(getSequence(ct, T.ContentSequence)).toEqual([]);
		const raw = rawValue(ct, ct.get(T.Modality)!);
		expect(raw.buffer).toBe(ct.bytes.buffer);
	});
});

describe('tags and dictionary', () => {
	it('formats and parses tags', () => {
		expect(tag(0x0010, 0x0010)).toBe(0x00100010);
		expect(tag(0xfffe, 0xe000)).toBe(0xfffee000);
		expect(tagToString(T.PixelData)).toBe('(7FE0,0010)');
		expect(tagToHex(T.PatientID)).toBe('00100020');
		expect(parseTag('(0010,0010)')).toBe(T.PatientName);
		expect(parseTag('7fe00010')).toBe(T.PixelData);
		expect(parseTag('nonsense')).toBeUndefined();
		expect(isPrivate(tag(0x0009, 0x1001))).toBe(true);
		expect(isPrivate(T.PatientName)).toBe(false);
		expect(isPrivateCreator(tag(0x0029, 0x0010))).toBe(true);
		expect(isPrivateCreator(tag(0x0029, 0x1010))).toBe(false);
	});

	it('maps keywords, tags and VRs both ways, including repeating groups', () => {
		for (const [name, t] of Object.entries(T)) {
			if (t >>> 16 === 0xfffe || t === T.DataSetTrailingPadding) continue;
			expect(keywordOf(t), name).toBe(name);
			expect(tagOf(name), name).toBe(t);
		}
		expect(vrOf(T.PatientName)).toBe('PN');
		expect(vrOf(T.PixelData)).toBe('OW');
		expect(vrOf(tag(0x6002, 0x3000))).toBe('OW');
		expect(keywordOf(tag(0x6002, 0x3000))).toBe('OverlayData');
		expect(tagOf('OverlayData')).toBe(tag(0x6000, 0x3000));
		expect(vrOf(tag(0x0009, 0x0010))).toBe('LO');
		expect(vrOf(tag(0x0009, 0x1001))).toBe('UN');
		expect(vrOf(tag(0x0018, 0x0000))).toBe('UL');
		expect(lookup(T.SmallestImagePixelValue)!.vrs).toEqual(['US', 'SS']);
		expect(lookup(tag(0x0008, 0x0001))!.retired).toBe(true);
	});
});
