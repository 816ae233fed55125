/**
 * decodeFrame on every pixel-bearing file of pydicom's test set, compared with pydicom 2.3 +
 * gdcm (tests/reference/pixels.py): identical for lossless syntaxes, bounded error for lossy.
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pydicomFiles, referenceDecode, type ReferenceInfo } from '../../../../tests/reference/reference';
import { decodeFrame } from './decode-frame';
import type { ImageInfo } from './image-info';
import { compareToReference } from './test-compare';
import { transferSyntaxOf } from './transfer-syntaxes';

/** Lossy tolerances, as the largest absolute error and the lowest PSNR against gdcm. */
const LOSSY = { maxAbsError: 4, minPsnr: 45 };

/** Files whose reference disagrees for a known, documented reason (gdcm side). */
const REFERENCE_QUIRKS: Record<string, string> = {};

function imageInfo(meta: ReferenceInfo): ImageInfo {
	return { ...meta.info };
}

const cases = pydicomFiles()
	.map((file) => ({ file, ...referenceDecode(file) }))
	.filter((c) => c.meta.frames > 0);

describe('decodeFrame against pydicom + gdcm', () => {
	it('covers the pydicom test set', () => {
		const syntaxes = new Set(cases.map((c) => c.meta.transferSyntaxUID));
		expect(cases.length).toBeGreaterThanOrEqual(80);
		for (const uid of ['1.2.840.10008.1.2', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.5', '1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.70', '1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91']) {
			expect(syntaxes).toContain(uid);
		}
	});

	for (const c of cases) {
		const name = c.file.replace(/^.*\/data\//, '');
		it(`${name} (${c.meta.transferSyntaxUID})`, async () => {
			const info = imageInfo(c.meta);
			const syntax = transferSyntaxOf(c.meta.transferSyntaxUID);
			expect(syntax, 'syntax is known').toBeDefined();
			if (!c.pixels) throw new Error(`reference refused ${basename(c.file)}: ${c.meta.referenceError}`);
			const decoded = await Promise.all(c.frames.map((frame) => decodeFrame(frame, info, c.meta.transferSyntaxUID)));
			const result = compareToReference(decoded, c.pixels, c.meta);
			if (syntax!.lossless) {
				expect(result.mismatches, `first mismatch at ${result.firstMismatch}`).toBe(0);
			} else {
				expect(result.maxAbsError).toBeLessThanOrEqual(LOSSY.maxAbsError * 2 ** Math.max(0, info.bitsStored - 8));
				expect(result.psnr).toBeGreaterThanOrEqual(LOSSY.minPsnr);
			}
		});
	}
});
