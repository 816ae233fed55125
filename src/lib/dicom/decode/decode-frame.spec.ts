/**
 * decodeFrame on every pixel-bearing file of pydicom's test set, compared with pydicom 2.3 +
 * gdcm (tests/reference/pixels.py): identical for lossless syntaxes, bounded error for lossy.
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pydicomFiles, referenceDecode, type ReferenceInfo } from '../../../../tests/reference/reference';
import { decodeFrame } from './decode-frame';
import type { DecodeErrorCode } from './decode-error';
import type { ImageInfo } from './image-info';
import { compareToReference } from '../../../../tests/reference/compare';
import { transferSyntaxOf } from './transfer-syntaxes';

/**
 * Lossy tolerance against the reference decoder (same codestream, different IDCT rounding):
 * libjpeg-turbo and jpeg-dct stay within ±1 of gdcm's libjpeg on every file of the set.
 */
const LOSSY = { maxAbsError: 2, minPsnr: 60 };

/** Files that must fail, with the code and the reason the reference's answer is not usable. */
const EXPECTED_ERRORS: Record<string, { code: DecodeErrorCode; why: string }> = {
	// 8130 of 8192 bytes: pydicom refuses the file too.
	'MR_truncated.dcm': { code: 'truncated', why: 'Pixel Data is shorter than one frame' },
	// The SIZ segment holds an FFFE,E0DD tag where Rsiz and the image width should be: OpenJPEG (in
	// gdcm too) rejects it; gdcm logs "opj_setup_decoder failure" and still hands pydicom an
	// uninitialised buffer (different bytes on every run), which is no reference. jpeg-2000-siz.spec.
	'JPEG2000-embedded-sequence-delimiter.dcm': { code: 'corrupt', why: 'corrupt J2K SIZ marker' }
};

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
			const expected = EXPECTED_ERRORS[basename(c.file)];
			if (expected) {
				await expect(Promise.all(c.frames.map((frame) => decodeFrame(frame, info, c.meta.transferSyntaxUID)))).rejects.toMatchObject({
					name: 'DecodeError',
					code: expected.code
				});
				return;
			}
			const syntax = transferSyntaxOf(c.meta.transferSyntaxUID);
			expect(syntax, 'syntax is known').toBeDefined();
			if (!c.pixels) throw new Error(`reference refused ${basename(c.file)}: ${c.meta.referenceError}`);
			const decoded = await Promise.all(c.frames.map((frame) => decodeFrame(frame, info, c.meta.transferSyntaxUID)));
			const result = compareToReference(decoded, c.pixels, c.meta);
			if (syntax!.lossless) {
				expect(result.mismatches, `first mismatch at ${result.firstMismatch}`).toBe(0);
			} else {
				expect(result.maxAbsError).toBeLessThanOrEqual(LOSSY.maxAbsError);
				expect(result.psnr).toBeGreaterThanOrEqual(LOSSY.minPsnr);
			}
		});
	}
});

/**
 * The JPEG colour rule (whether three components are YCbCr) is where decoders differ: libjpeg
 * guesses from markers, gdcm and dcmtk follow the Photometric Interpretation. dcmtk is the
 * tie-breaker: on these files it agrees with gdcm, and decodeFrame agrees with both.
 */
const TIE_BREAK = [
	'SC_jpeg_no_color_transform.dcm',
	'SC_jpeg_no_color_transform_2.dcm',
	'SC_rgb_jpeg_lossy_gdcm.dcm',
	'SC_rgb_dcmtk_+eb+cy+np.dcm',
	'SC_rgb_small_odd_jpeg.dcm',
	'MR_small_RLE.dcm',
	'MR_small_jpeg_ls_lossless.dcm'
];

describe('decodeFrame against dcmtk (tie-breaker)', () => {
	for (const name of TIE_BREAK) {
		it(name, async () => {
			const file = pydicomFiles().find((f) => f.endsWith(`/${name}`))!;
			const dcmtk = referenceDecode(file, 'dcmtk');
			if (!dcmtk.pixels) throw new Error(`dcmtk refused ${name}: ${dcmtk.meta.referenceError}`);
			const decoded = await Promise.all(dcmtk.frames.map((frame) => decodeFrame(frame, imageInfo(dcmtk.meta), dcmtk.meta.transferSyntaxUID)));
			const lossless = transferSyntaxOf(dcmtk.meta.transferSyntaxUID)!.lossless;
			expect(compareToReference(decoded, dcmtk.pixels, dcmtk.meta).maxAbsError).toBeLessThanOrEqual(lossless ? 0 : 1);
		});
	}
});
