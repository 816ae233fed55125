/**
 * The WASM decoders are reused frame after frame: a frame must own its pixels (not a view into
 * codec memory that the next frame overwrites), and a failed frame must not spoil the next one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYDICOM_DATA } from '../../../../tests/reference/reference';
import { parseDicom } from '../parse';
import { decodeFrame } from './decode-frame';
import { encodedFrame, imageInfoOf } from './frames';

/** One file per WASM codec path: CharLS, OpenJPEG, libjpeg-turbo. */
const FILES = ['MR_small_jpeg_ls_lossless.dcm', 'MR_small_jp2klossless.dcm', 'SC_rgb_jpeg_gdcm.dcm'];

function load(name: string) {
	const file = parseDicom(new Uint8Array(readFileSync(join(PYDICOM_DATA, 'test_files', name))));
	const info = imageInfoOf(file);
	return { info, encoded: encodedFrame(file, 0, info), syntax: file.transferSyntaxUID };
}

describe('reused WASM decoders', () => {
	for (const name of FILES) {
		it(`${name}: frames own their pixels, and a corrupt frame in between changes nothing`, async () => {
			const { info, encoded, syntax } = load(name);
			const first = await decodeFrame(encoded, info, syntax);
			const kept = first.pixels.slice();
			// Half a codestream with its end marker: the codec fails (or decodes garbage) mid-way.
			const broken = new Uint8Array(encoded.length >> 1);
			broken.set(encoded.subarray(0, broken.length - 2));
			broken.set(encoded.subarray(encoded.length - 2), broken.length - 2);
			await decodeFrame(broken, info, syntax).catch((error: unknown) => expect(error).toMatchObject({ name: 'DecodeError' }));
			const again = await decodeFrame(encoded, info, syntax);
			expect(first.pixels).toEqual(kept);
			expect(again.pixels).toEqual(kept);
			expect(again.pixels.buffer).not.toBe(first.pixels.buffer);
		});
	}
});
