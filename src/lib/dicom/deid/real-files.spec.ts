import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DicomDataset, DicomFile } from '../dataset';
import { parseDicom } from '../parse';
import { T } from '../tags';
import { PYDICOM_CHARSET_FILES, PYDICOM_TEST_FILES, readTestFile } from '../test-files';
import { getString, rawValue } from '../values';
import { deidentify } from './deidentify';
import type { DeidContext } from './engine-types';
import { collectPhi } from './phi-record';
import { dcmdump, encodings, indexOfBytes, newErrors, writeTmp } from './spec-tools';

const ctx: DeidContext = { secret: 'real-files', dateOffsetDays: -1234 };

/** personNameBytes returns the raw bytes of every Person Name at any depth (in the file's own character set), padding trimmed. */
function personNameBytes(ds: DicomDataset, out: Uint8Array[] = []): Uint8Array[] {
	for (const el of ds.elements) {
		el.items?.forEach((item) => personNameBytes(item, out));
		if (el.vr !== 'PN') continue;
		for (const value of splitValues(rawValue(ds, el))) if (value.length >= 4) out.push(value);
	}
	return out;
}

function splitValues(raw: Uint8Array): Uint8Array[] {
	const values: Uint8Array[] = [];
	let start = 0;
	for (let i = 0; i <= raw.length; i++) {
		if (i === raw.length || raw[i] === 0x5c) {
			let end = i;
			while (end > start && (raw[end - 1] === 0x20 || raw[end - 1] === 0)) end--;
			values.push(raw.subarray(start, end));
			start = i + 1;
		}
	}
	return values;
}

const parsed = [...PYDICOM_TEST_FILES, ...PYDICOM_CHARSET_FILES].flatMap((path): { path: string; file: DicomFile }[] => {
	try {
		return [{ path, file: parseDicom(readTestFile(path)) }];
	} catch {
		return []; // the parser's own specs cover the files it rejects
	}
});

describe('given the real files pydicom ships', () => {
	it('there are many to work on', () => {
		expect(parsed.length).toBeGreaterThan(70);
	});

	describe.each(parsed.map((p) => [basename(p.path), p] as const))('when %s is de-identified', (name, { path, file }) => {
		const result = deidentify(file, ctx);

		it('then the output parses, dcmdump reads it and it says Patient Identity Removed', () => {
			const out = parseDicom(result.bytes);
			expect(getString(out.dataset, T.PatientIdentityRemoved)).toBe('YES');
			expect(dcmdump(writeTmp(`real-${name}`, result.bytes)).ok).toBe(true);
		});

		it('then no person name, ID or institution of the input is left in the output bytes', () => {
			const left: string[] = [];
			for (const bytes of personNameBytes(file.dataset)) if (indexOfBytes(result.bytes, bytes) >= 0) left.push(Buffer.from(bytes).toString('latin1'));
			for (const v of collectPhi(file).values) {
				if (v.kind === 'date' || v.value.length < 4) continue;
				if (encodings(v.value).some((e) => indexOfBytes(result.bytes, e) >= 0)) left.push(v.value);
			}
			expect(left).toEqual([]);
		});

		it('then dciodvfy finds no error the input did not have', () => {
			// Only composite instances can be checked: dciodvfy needs the SOP Class, and crashes on a few files.
			const instance = getString(file.dataset, T.SOPClassUID) && getString(file.dataset, T.SOPInstanceUID);
			const errors = instance ? newErrors(path, writeTmp(`real-${name}`, result.bytes)) : [];
			expect(errors ?? []).toEqual([]);
		});
	});

	it('CT_small loses its patient name and IDs', () => {
		const file = parsed.find((p) => p.path.endsWith('/CT_small.dcm'))!.file;
		const out = deidentify(file, ctx).bytes;
		for (const value of ['CompressedSamples^CT1', '1CT1', 'JFK IMAGING CENTER']) {
			expect(indexOfBytes(file.dataset.bytes, new TextEncoder().encode(value))).toBeGreaterThanOrEqual(0);
			expect(indexOfBytes(out, new TextEncoder().encode(value))).toBe(-1);
		}
	});
});
