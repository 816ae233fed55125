import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DicomDataset } from './dataset';
import { isDicom, parseDicom, sniffDicom } from './parse';
import { DicomParseError } from './parse-error';
import { pydicomReference, type RefElement } from './reference/pydicom';
import { T } from './tags';
import { PYDICOM_CHARSET_FILES, PYDICOM_TEST_FILES, readTestFile, testFile } from '../../../tests/support/pydicom-files';

/** Files pydicom reads leniently that Cassette rejects, with the reason (documented behaviour). */
const REJECTED: Record<string, string> = {
	// A dataset shifted by one byte: pydicom "reads" one garbage element of 173 MB.
	'no_meta.dcm': 'not-dicom',
	// Pixel Data cut short: pydicom keeps the short value; Cassette reports truncation and,
	// with allowPartial, returns every element before it.
	'MR_truncated.dcm': 'truncated',
	'rtplan_truncated.dcm': 'truncated'
};

const files = [...PYDICOM_TEST_FILES, ...PYDICOM_CHARSET_FILES];
const reference = pydicomReference(files);

/** compare checks that a parsed level matches pydicom's: same tags, VRs as read, lengths and items. */
function compare(ds: DicomDataset, ref: RefElement[], path: string): void {
	const mine = [...ds.elements].sort((a, b) => a.tag - b.tag);
	expect(mine.map((e) => e.tag), path).toEqual(ref.map((r) => r[0]));
	mine.forEach((el, i) => {
		const [tag, vr, length, items] = ref[i];
		const where = `${path} (${tag.toString(16).padStart(8, '0')})`;
		// pydicom reports a UN that holds a sequence as SQ once it has read it.
		if (vr !== null && !(el.items && vr === 'SQ')) expect(el.vr, where).toBe(vr);
		if (length !== null) {
			expect(el.undefinedLength, where).toBe(false);
			expect(el.length, where).toBe(length);
		}
		if (items !== null) {
			expect(el.items?.length, where).toBe(items.length);
			items.forEach((item, k) => compare(el.items![k], item, `${where}[${k}]`));
		}
	});
}

describe('parseDicom on pydicom test files', () => {
	it.each(files.map((f) => [basename(f), f]))('%s matches pydicom', (name, path) => {
		const ref = reference[path];
		const bytes = readTestFile(path);
		const before = bytes.slice();
		if (name in REJECTED) {
			expect(() => parseDicom(bytes)).toThrow(DicomParseError);
			try {
				parseDicom(bytes);
			} catch (err) {
				expect((err as DicomParseError).code).toBe(REJECTED[name]);
			}
			return;
		}
		expect(ref.ok).toBe(true);
		if (!ref.ok) return;
		const file = parseDicom(bytes);
		compare(file.dataset, ref.elements, name);
		if (file.meta) compare(file.meta, ref.meta, `${name} meta`);
		if (ref.transferSyntax) expect(file.transferSyntaxUID).toBe(ref.transferSyntax);
		expect(file.truncated).toBe(false);
		expect(bytes).toEqual(before); // never mutates its input
	});

	it('returns the elements before the cut of a truncated file when allowPartial is set', () => {
		for (const name of ['MR_truncated.dcm', 'rtplan_truncated.dcm']) {
			const ref = reference[testFile(name)];
			if (!ref.ok) throw new Error(`pydicom cannot read ${name}`);
			const file = parseDicom(readTestFile(name), { allowPartial: true });
			expect(file.truncated).toBe(true);
			const tags = file.dataset.elements.map((e) => e.tag);
			expect(tags.length).toBeGreaterThan(10);
			expect(tags).toEqual(ref.elements.slice(0, tags.length).map((r) => r[0]));
			expect(tags.length).toBe(ref.elements.length - 1); // only the cut element is missing
		}
	});

	it('stops before Pixel Data when asked', () => {
		const file = parseDicom(readTestFile('CT_small.dcm'), { stopAtPixelData: true });
		expect(file.dataset.get(T.PixelData)).toBeUndefined();
		expect(file.dataset.get(T.Rows)).toBeDefined();
		expect(parseDicom(readTestFile('CT_small.dcm')).dataset.get(T.PixelData)).toBeDefined();
	});

	it('reads encapsulated fragments, the first being the Basic Offset Table', () => {
		const file = parseDicom(readTestFile('SC_rgb_rle_2frame.dcm'));
		const pixels = file.dataset.get(T.PixelData)!;
		expect(pixels.undefinedLength).toBe(true);
		expect(pixels.fragments!.length).toBe(3);
		expect(pixels.fragments![0].length).toBe(8); // two 4-byte offsets
		const ds = file.dataset;
		const rle = ds.bytes.subarray(pixels.fragments![1].offset, pixels.fragments![1].offset + 4);
		expect(new DataView(rle.buffer, rle.byteOffset, 4).getUint32(0, true)).toBe(3); // RLE header: 3 segments (RGB)
	});

	it('inflates Deflated Explicit VR Little Endian into its own buffer', () => {
		const bytes = readTestFile('image_dfl.dcm');
		const file = parseDicom(bytes);
		expect(file.dataset.bytes.buffer).not.toBe(bytes.buffer);
		expect(file.meta!.bytes.buffer).toBe(bytes.buffer);
		expect(file.dataset.get(T.PixelData)).toBeDefined();
	});

	it('guesses the syntax of files without meta header', () => {
		expect(parseDicom(readTestFile('ExplVR_BigEndNoMeta.dcm')).transferSyntaxUID).toBe('1.2.840.10008.1.2.2');
		expect(parseDicom(readTestFile('ExplVR_LitEndNoMeta.dcm')).transferSyntaxUID).toBe('1.2.840.10008.1.2.1');
		expect(parseDicom(readTestFile('rtstruct.dcm')).hasPreamble).toBe(false);
		expect(parseDicom(readTestFile('meta_missing_tsyntax.dcm')).transferSyntaxUID).toBe('1.2.840.10008.1.2');
	});

	it('reads a UN holding an implicit sequence (PS3.5 §6.2.2) and inherits the character set into items', () => {
		const un = parseDicom(readTestFile('UN_sequence.dcm')).dataset.elements[0];
		expect(un.vr).toBe('UN');
		expect(un.items?.length).toBeGreaterThan(0);
		const sq = parseDicom(readTestFile('chrSQEncoding1.dcm')).dataset;
		const item = sq.elements.find((e) => e.items)!.items![0];
		expect(item.characterSet).toEqual(['ISO 2022 IR 13', 'ISO 2022 IR 87']);
	});

	it('reads a file that is a view into a larger buffer (offsets stay relative to the view)', () => {
		const whole = readTestFile('rtplan.dcm');
		const host = new Uint8Array(whole.length + 23);
		host.set(whole, 7);
		const view = host.subarray(7, 7 + whole.length);
		const a = parseDicom(whole).dataset;
		const b = parseDicom(view).dataset;
		expect(b.elements.map((e) => [e.tag, e.valueOffset, e.length])).toEqual(a.elements.map((e) => [e.tag, e.valueOffset, e.length]));
	});

	it('recognises every file it can parse', () => {
		for (const path of files) {
			if (basename(path) in REJECTED) continue;
			expect(isDicom(readTestFile(path)), basename(path)).toBe(true);
		}
	});

	it('reads a defined-length private sequence in Implicit VR into items', () => {
		const priv = parseDicom(readTestFile('priv_SQ.dcm')).dataset.get(0x3f031001)!;
		expect(priv.vr).toBe('SQ');
		expect(priv.items!.length).toBeGreaterThan(0);
		expect(priv.items![0].elements.length).toBeGreaterThan(0);
	});

	it('sniffs DICOM and skips junk cheaply', () => {
		expect(sniffDicom(readTestFile('CT_small.dcm'))).toBe('part10');
		expect(sniffDicom(readTestFile('ExplVR_BigEndNoMeta.dcm'))).toBe('bare');
		expect(sniffDicom(readTestFile('rtstruct.dcm'))).toBe('bare');
		expect(isDicom(new TextEncoder().encode('Hello, this is a README file.\n'))).toBe(false);
		expect(isDicom(readTestFile('README.txt'))).toBe(false);
		expect(isDicom(new Uint8Array(0))).toBe(false);
		expect(() => parseDicom(new TextEncoder().encode('PK\u0003\u0004 a zip file'))).toThrow(DicomParseError);
	});
});
