/**
 * Bad input is normal input: truncated and corrupted codestreams of every syntax give a
 * DecodeError with a code (or, for bit flips a codec cannot detect, a frame of the right size),
 * never a crash or a hang.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYDICOM_DATA, referenceDecode } from '../../../../tests/reference/reference';
import { DecodeError } from './decode-error';
import { decodeFrame } from './decode-frame';
import type { ImageInfo } from './image-info';

/** One file per decoder path. */
const SAMPLES = [
	'CT_small.dcm',
	'MR_small_bigendian.dcm',
	'MR_small_RLE.dcm',
	'SC_rgb_rle_16bit.dcm',
	'SC_rgb_jpeg_dcmtk.dcm',
	'SC_jpeg_no_color_transform.dcm',
	'JPGExtended.dcm',
	'SC_rgb_jpeg_gdcm.dcm',
	'MR_small_jpeg_ls_lossless.dcm',
	'MR_small_jp2klossless.dcm',
	'GDCMJ2K_TextGBR.dcm'
].map((name) => {
	const { meta, frames } = referenceDecode(join(PYDICOM_DATA, 'test_files', name));
	return { name, info: meta.info as ImageInfo, syntax: meta.transferSyntaxUID, frame: frames[0] };
});

/** mulberry32 is a tiny seeded PRNG, so every run flips the same bytes. */
function mulberry32(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('corrupt codestreams', () => {
	for (const s of SAMPLES) {
		it(`${s.name}: every cut gives a DecodeError`, async () => {
			const n = s.frame.length;
			const cuts = [...new Set([0, 1, 2, 4, 16, 64, Math.floor(n / 4), Math.floor(n / 2), Math.floor(n * 0.9), n - 3])].filter((c) => c < n);
			for (const cut of cuts) {
				const error = await decodeFrame(s.frame.slice(0, cut), s.info, s.syntax).then(
					() => undefined,
					(e: unknown) => e
				);
				expect(error, `cut at ${cut} of ${n}`).toBeInstanceOf(DecodeError);
			}
		});

		it(`${s.name}: flipped bytes give a DecodeError or a frame of the right size`, async () => {
			const random = mulberry32(s.frame.length);
			for (let round = 0; round < 6; round++) {
				const bad = s.frame.slice();
				// Leave the first bytes alone so that the damage reaches the entropy-coded data.
				for (let k = 0; k < 8; k++) bad[16 + Math.floor(random() * (bad.length - 32))] ^= 1 + Math.floor(random() * 255);
				const result = await decodeFrame(bad, s.info, s.syntax).then(
					(frame) => frame.pixels.length,
					(e: unknown) => e
				);
				if (typeof result === 'number') expect(result).toBe(s.info.rows * s.info.columns * s.info.samplesPerPixel);
				else expect(result, `round ${round}`).toBeInstanceOf(DecodeError);
			}
			expect(s.frame, 'the input is not mutated').toEqual(referenceDecode(join(PYDICOM_DATA, 'test_files', s.name)).frames[0]);
		});
	}

	it('rejects unknown syntaxes and impossible image descriptions', async () => {
		const { info, frame } = SAMPLES[0];
		await expect(decodeFrame(frame, info, '1.2.840.10008.1.2.4.100')).rejects.toMatchObject({ code: 'unsupported-syntax' });
		await expect(decodeFrame(frame, { ...info, rows: 0 }, '1.2.840.10008.1.2.1')).rejects.toMatchObject({ code: 'invalid-image-info' });
		await expect(decodeFrame(frame, { ...info, bitsStored: 17 }, '1.2.840.10008.1.2.1')).rejects.toMatchObject({ code: 'invalid-image-info' });
		await expect(decodeFrame(frame, { ...info, samplesPerPixel: 4 }, '1.2.840.10008.1.2.1')).rejects.toMatchObject({ code: 'invalid-image-info' });
		await expect(decodeFrame(frame, { ...info, rows: 60000, columns: 60000 }, '1.2.840.10008.1.2.1')).rejects.toMatchObject({ code: 'invalid-image-info' });
	});
});
