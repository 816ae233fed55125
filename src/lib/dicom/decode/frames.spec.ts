/** frames: ImageInfo and encoded frames read through Cassette's parser match pydicom's. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceFile } from '../../../../tests/reference/generated';
import { pydicomFiles, referenceDecode } from '../../../../tests/reference/reference';
import { parseDicom } from '../parse';
import { decodeFrame } from './decode-frame';
import { encodedFrame, frameCount, imageInfoOf } from './frames';
import { compareToReference } from '../../../../tests/reference/compare';

const cases = pydicomFiles()
	.map((file) => ({ file, ...referenceDecode(file) }))
	.filter((c) => c.meta.frames > 0);

describe('imageInfoOf / encodedFrame against pydicom', () => {
	for (const c of cases) {
		const name = c.file.replace(/^.*\/data\//, '');
		it(name, () => {
			const file = parseDicom(new Uint8Array(readFileSync(c.file)), { allowPartial: true });
			if (file.truncated) {
				// The parser drops an element cut short, so the frame is missing rather than short.
				let error: unknown;
				try {
					encodedFrame(file, 0);
				} catch (e) {
					error = e;
				}
				expect(error).toMatchObject({ name: 'DecodeError', code: 'no-pixel-data' });
				return;
			}
			const info = imageInfoOf(file);
			const { voiLutFunction: _function, palette: _palette, ...comparable } = info;
			expect(comparable).toEqual(c.meta.info);
			expect(frameCount(file)).toBe(c.meta.frames);
			for (let i = 0; i < c.meta.frames; i++) {
				expect(Buffer.from(encodedFrame(file, i)).equals(Buffer.from(c.frames[i])), `frame ${i}`).toBe(true);
			}
			expect(() => encodedFrame(file, c.meta.frames)).toThrow(/outside/);
		});
	}

	it('decodes a multi-frame RLE file end to end, frame by frame', async () => {
		const c = cases.find((x) => x.file.endsWith('SC_rgb_rle_16bit_2frame.dcm'))!;
		const file = parseDicom(new Uint8Array(readFileSync(c.file)));
		const info = imageInfoOf(file);
		const frames = await Promise.all([0, 1].map((i) => decodeFrame(encodedFrame(file, i), info, file.transferSyntaxUID)));
		expect(compareToReference(frames, c.pixels!, c.meta).mismatches).toBe(0);
	});
});

describe('imageInfoOf on an enhanced multi-frame CT', () => {
	it('takes rescale and window from the shared and per-frame functional groups', () => {
		const file = parseDicom(new Uint8Array(readFileSync(sourceFile('enhanced'))));
		const values = [0, 1, 2].map((i) => {
			const { rescaleSlope, rescaleIntercept, windowCenters, windowWidths } = imageInfoOf(file, i);
			return { rescaleSlope, rescaleIntercept, windowCenters, windowWidths };
		});
		expect(values).toEqual([
			{ rescaleSlope: 1, rescaleIntercept: -1024, windowCenters: [40], windowWidths: [400] },
			{ rescaleSlope: 1, rescaleIntercept: -1024, windowCenters: [-600], windowWidths: [1500] },
			{ rescaleSlope: 2, rescaleIntercept: -2048, windowCenters: [400], windowWidths: [1800] }
		]);
		expect(frameCount(file)).toBe(3);
	});
});
