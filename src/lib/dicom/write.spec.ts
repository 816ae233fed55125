import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DicomDataset } from './dataset';
import { TransferSyntax } from './dataset';
import { encodeDS, encodeIS, encodeNumbers, encodeString, encodeUS, formatDS } from './encode';
import { parseDicom } from './parse';
import { T } from './tags';
import { PYDICOM_CHARSET_FILES, PYDICOM_TEST_FILES, readTestFile } from '../../../tests/support/pydicom-files';
import { getNumber, getNumbers, getString, rawValue } from './values';
import { IMPLEMENTATION_CLASS_UID, toOutElements, writePart10, writePart10Parts, type OutElement } from './write';

const tmp = join(process.cwd(), 'tests/.tmp/dicom-write');
mkdirSync(tmp, { recursive: true });

/** shape lists what a round trip must keep: tags, VRs (a UN read into items becomes SQ), padded lengths, values of leaves, nested. */
function shape(ds: DicomDataset): unknown[] {
	return ds.elements
		.filter((e) => (e.tag & 0xffff) !== 0) // group lengths are dropped by design (retired, PS3.5 §7.2)
		.map((e) => [
			e.tag,
			e.items ? 'SQ' : e.fragments ? 'OB' : e.vr, // encapsulated Pixel Data is written as OB (PS3.5 §A.4)
			e.items ? e.items.map(shape) : e.fragments ? e.fragments.map((f) => f.length + (f.length & 1)) : e.length + (e.length & 1),
			e.items || e.fragments ? null : unpadded(rawValue(ds, e))
		]);
}

/** unpadded is a value's hex without trailing NUL/space padding, which odd lengths gain. */
function unpadded(value: Uint8Array): string {
	let end = value.length;
	while (end > 0 && (value[end - 1] === 0 || value[end - 1] === 0x20)) end--;
	return Buffer.from(value.subarray(0, end)).toString('hex');
}

function parsesOk(name: string): boolean {
	try {
		parseDicom(readTestFile(name));
		return true;
	} catch {
		return false;
	}
}

const roundTrip = [...PYDICOM_TEST_FILES, ...PYDICOM_CHARSET_FILES].filter(parsesOk);

describe('writePart10', () => {
	it.each(roundTrip.map((f) => [basename(f), f]))('rewrites %s unchanged, and dcmdump reads it', (name, path) => {
		const file = parseDicom(readTestFile(path));
		const out = writePart10({ meta: file.meta ? toOutElements(file.meta) : [], dataset: toOutElements(file.dataset), transferSyntaxUID: file.transferSyntaxUID });
		const again = parseDicom(out);
		expect(again.hasPreamble).toBe(true);
		const written = file.transferSyntaxUID === TransferSyntax.DeflatedExplicitVRLittleEndian ? TransferSyntax.ExplicitVRLittleEndian : file.transferSyntaxUID;
		expect(again.transferSyntaxUID).toBe(written);
		// A value copied across byte orders is swapped, so compare values only when the order is kept.
		if (again.dataset.littleEndian === file.dataset.littleEndian) expect(shape(again.dataset)).toEqual(shape(file.dataset));
		else expect(shape(again.dataset).map((e) => (e as unknown[])[0])).toEqual(shape(file.dataset).map((e) => (e as unknown[])[0]));
		expect(getString(again.meta!, T.ImplementationClassUID)).toBe(IMPLEMENTATION_CLASS_UID);
		const target = join(tmp, name);
		writeFileSync(target, out);
		execFileSync('dcmdump', ['-q', '-E', target], { stdio: ['ignore', 'ignore', 'pipe'] }); // throws on any read error
	});

	it.each(roundTrip.map((f) => [basename(f), f]))('writes %s as parts whose concatenation is writePart10, in every syntax, pixel data referenced not copied', (_name, path) => {
		const file = parseDicom(readTestFile(path));
		for (const transferSyntaxUID of [file.transferSyntaxUID, TransferSyntax.ExplicitVRBigEndian, TransferSyntax.ImplicitVRLittleEndian]) {
			if (file.dataset.get(T.PixelData)?.fragments && transferSyntaxUID !== file.transferSyntaxUID) continue; // encapsulated data keeps its syntax
			const input = { meta: file.meta ? toOutElements(file.meta) : [], dataset: toOutElements(file.dataset), transferSyntaxUID };
			const parts = writePart10Parts(input);
			expect(Buffer.concat(parts)).toEqual(Buffer.from(writePart10(input)));
			// A large value in the file's own byte order is one of the parts: the input's own memory.
			const pixels = file.dataset.get(T.PixelData);
			const sameOrder = (transferSyntaxUID === TransferSyntax.ExplicitVRBigEndian) === !file.dataset.littleEndian;
			if (pixels && !pixels.fragments && pixels.length >= 64 * 1024 && sameOrder) {
				expect(parts.some((p) => p.buffer === file.dataset.bytes.buffer && p.byteOffset === file.dataset.bytes.byteOffset + pixels.valueOffset)).toBe(true);
			}
		}
	});

	it('pads a copied odd-length value, and writes a copy under its new tag or VR', () => {
		// Explicit VR LE body: (0008,0060) CS "CT", (0010,0010) PN odd length "ABC", (0018,0050) DS "1.5 ".
		const el = (group: number, element: number, vr: string, value: string) => {
			const b = new Uint8Array(8 + value.length);
			const v = new DataView(b.buffer);
			v.setUint16(0, group, true);
			v.setUint16(2, element, true);
			b.set([vr.charCodeAt(0), vr.charCodeAt(1)], 4);
			v.setUint16(6, value.length, true);
			b.set(new TextEncoder().encode(value), 8);
			return b;
		};
		const body = Buffer.concat([el(0x0008, 0x0060, 'CS', 'CT'), el(0x0010, 0x0010, 'PN', 'ABC'), el(0x0018, 0x0050, 'DS', '1.5 ')]);
		const file = parseDicom(body);
		const out = toOutElements(file.dataset);
		const written = parseDicom(writePart10({ dataset: out, transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian }));
		// The odd value is padded (PS3.5 §7.1.1), the others are as they were.
		expect(written.dataset.get(0x00100010)!.length).toBe(4);
		expect(getString(written.dataset, 0x00100010)).toBe('ABC');
		expect(getString(written.dataset, T.Modality)).toBe('CT');
		expect(getString(written.dataset, 0x00180050)).toBe('1.5');
		// A copy under another tag or VR gets its own header.
		const renamed = out.map((o): OutElement => (!('copyFrom' in o) ? o : o.tag === T.Modality ? { ...o, tag: 0x00080061 } : o.tag === 0x00180050 ? { ...o, vr: 'LO' } : o));
		const rewritten = parseDicom(writePart10({ dataset: renamed, transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian }));
		expect(getString(rewritten.dataset, 0x00080061)).toBe('CT');
		expect(rewritten.dataset.get(T.Modality)).toBeUndefined();
		expect(rewritten.dataset.get(0x00180050)!.vr).toBe('LO');
	});

	it('converts byte order, swapping binary values', () => {
		const file = parseDicom(readTestFile('MR_small_bigendian.dcm'));
		const le = parseDicom(writePart10({ dataset: toOutElements(file.dataset), transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian }));
		const ref = parseDicom(readTestFile('MR_small.dcm'));
		expect(le.dataset.littleEndian).toBe(true);
		expect(getNumber(le.dataset, T.Rows)).toBe(getNumber(ref.dataset, T.Rows));
		const px = (f: typeof le) => rawValue(f.dataset, f.dataset.get(T.PixelData)!);
		expect(Buffer.from(px(le)).equals(Buffer.from(px(ref)))).toBe(true);
		const implicit = parseDicom(writePart10({ dataset: toOutElements(le.dataset), transferSyntaxUID: TransferSyntax.ImplicitVRLittleEndian }));
		expect(implicit.dataset.explicitVR).toBe(false);
		expect(getNumbers(implicit.dataset, T.PixelSpacing)).toEqual(getNumbers(ref.dataset, T.PixelSpacing));
	});

	it('writes new values, items and fragments, sorted, with generated meta', () => {
		const dataset: OutElement[] = [
			{ tag: T.PatientName, vr: 'PN', value: encodeString('PN', 'Anon^Case') },
			{ tag: T.SOPInstanceUID, vr: 'UI', value: encodeString('UI', '2.25.123') },
			{ tag: T.SOPClassUID, vr: 'UI', value: encodeString('UI', '1.2.840.10008.5.1.4.1.1.7') },
			{ tag: T.Rows, vr: 'US', value: encodeUS(2) },
			{ tag: T.ReferencedImageSequence, vr: 'SQ', items: [[{ tag: T.ReferencedSOPInstanceUID, vr: 'UI', value: encodeString('UI', '1.2.3') }], []] },
			{ tag: T.PixelData, vr: 'OB', fragments: [new Uint8Array(0), new Uint8Array([1, 2, 3])] }
		];
		const file = parseDicom(writePart10({ dataset, transferSyntaxUID: TransferSyntax.RLELossless }));
		expect(file.dataset.elements.map((e) => e.tag)).toEqual([...dataset.map((d) => d.tag)].sort((a, b) => a - b));
		expect(getString(file.meta!, T.MediaStorageSOPInstanceUID)).toBe('2.25.123');
		expect(getString(file.meta!, T.TransferSyntaxUID)).toBe(TransferSyntax.RLELossless);
		expect(getString(file.dataset, T.PatientName)).toBe('Anon^Case');
		const seq = file.dataset.get(T.ReferencedImageSequence)!;
		expect(seq.items!.length).toBe(2);
		expect(getString(seq.items![0], T.ReferencedSOPInstanceUID)).toBe('1.2.3');
		expect(file.dataset.get(T.PixelData)!.fragments!.map((f) => f.length)).toEqual([0, 4]);
		const target = join(tmp, 'generated.dcm');
		writeFileSync(target, writePart10({ dataset, transferSyntaxUID: TransferSyntax.RLELossless }));
		execFileSync('dcmdump', ['-q', '-E', target], { stdio: ['ignore', 'ignore', 'pipe'] });
	});

	it('lets a later element with the same tag win and the sopInstanceUID option set the meta', () => {
		const out = writePart10({
			dataset: [
				{ tag: T.Modality, vr: 'CS', value: encodeString('CS', 'MR') },
				{ tag: T.Modality, vr: 'CS', value: encodeString('CS', 'CT') }
			],
			transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian,
			sopInstanceUID: '2.25.9',
			sopClassUID: '1.2.3'
		});
		const file = parseDicom(out);
		expect(getString(file.dataset, T.Modality)).toBe('CT');
		expect(getString(file.meta!, T.MediaStorageSOPInstanceUID)).toBe('2.25.9');
		expect(getString(file.meta!, T.MediaStorageSOPClassUID)).toBe('1.2.3');
	});
});

describe('value encoders', () => {
	it('pads strings with space and UIDs with NUL to even length', () => {
		expect([...encodeString('CS', 'CT')]).toEqual([0x43, 0x54]);
		expect([...encodeString('CS', 'MR1')]).toEqual([0x4d, 0x52, 0x31, 0x20]);
		expect([...encodeString('UI', '1.2.3')].at(-1)).toBe(0);
		expect(new TextDecoder().decode(encodeString('LO', ['a', 'b']))).toBe('a\\b ');
	});

	it('formats DS within 16 characters and IS as integers', () => {
		for (const n of [0, 1.5, -0.000123456789012345, 123456789.123456789, 1e-20, Math.PI]) {
			const s = formatDS(n);
			expect(s.length).toBeLessThanOrEqual(16);
			expect(Math.abs(Number(s) - n)).toBeLessThanOrEqual(Math.abs(n) * 1e-9);
		}
		expect(new TextDecoder().decode(encodeDS([1, 2.5]))).toBe('1\\2.5 ');
		expect(new TextDecoder().decode(encodeIS([3.4, -2]))).toBe('3\\-2');
	});

	it('encodes binary numbers in either byte order', () => {
		expect([...encodeNumbers('US', [1], true)]).toEqual([1, 0]);
		expect([...encodeNumbers('US', [1], false)]).toEqual([0, 1]);
		expect([...encodeNumbers('AT', [0x00100020], true)]).toEqual([0x10, 0, 0x20, 0]);
		expect(new DataView(encodeNumbers('FD', [0.25]).buffer).getFloat64(0, true)).toBe(0.25);
		expect(encodeNumbers('OB', [1, 2, 3]).length).toBe(4);
	});
});
