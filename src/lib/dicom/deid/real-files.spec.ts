import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DicomDataset, DicomFile } from '../dataset';
import { keywordOf } from '../dictionary';
import { parseDicom } from '../parse';
import { T } from '../tags';
import { PYDICOM_CHARSET_FILES, PYDICOM_TEST_FILES, readTestFile } from '../../../../tests/support/pydicom-files';
import { getString, getStrings } from '../values';
import { STRING_VRS } from '../vr';
import { deidentify } from './deidentify';
import type { DeidContext } from './engine-types';
import { collectPhi } from './phi-record';
import { dcmdump, indexOfBytes, newErrors, writeTmp } from '../../../../tests/support/deid-tools';

const ctx: DeidContext = { secret: 'real-files', dateOffsetDays: -1234, timeOffsetSeconds: 45_296 };

/** valuesByKeyword returns, per keyword (and "PN" for every Person Name), the values of its elements at any depth, decoded in their character set. */
function valuesByKeyword(ds: DicomDataset, out = new Map<string, Set<string>>()): Map<string, Set<string>> {
	for (const el of ds.elements) {
		el.items?.forEach((item) => valuesByKeyword(item, out));
		if (el.items || el.fragments || !STRING_VRS.has(el.vr)) continue;
		for (const key of [keywordOf(el.tag) ?? '', el.vr === 'PN' ? 'PN' : '']) {
			if (!key) continue;
			const set = out.get(key) ?? new Set<string>();
			for (const v of getStrings(ds, el.tag)) if (v) set.add(v);
			out.set(key, set);
		}
	}
	return out;
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

		it('then no person name is left in any Person Name, and no ID or institution in the attribute that held it', () => {
			const output = valuesByKeyword(parseDicom(result.bytes).dataset);
			const left = collectPhi(file).values.filter((v) => {
				if (v.kind === 'date') return false;
				const where = v.kind === 'name' ? ['PN'] : v.sources;
				return where.some((k) => output.get(k)?.has(v.value));
			});
			expect(left.map((v) => v.value)).toEqual([]);
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
