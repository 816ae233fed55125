import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compressedFile, sourceFile } from '../../../../tests/reference/generated';
import { decodeFrame } from '../decode/decode-frame';
import { encodedFrame, imageInfoOf } from '../decode/frames';
import { parseDicom } from '../parse';
import { renderPreviewAndValues } from './hu-values';
import { modalityFunction } from './modality';
import { renderPreview } from './preview';
import { encodeHu } from '../../viewer/hu-encoding';

describe('renderPreviewAndValues', () => {
	it.each([
		['uncompressed CT', () => sourceFile('ct16')],
		['JPEG-LS CT', () => compressedFile('ct16', 'dcmcjpls', ['+el'])]
	])('gives %s the preview renderPreview gives and the companded HU of the same decoded frame', async (_, path) => {
		const file = parseDicom(new Uint8Array(readFileSync(path())));
		const { preview, values } = await renderPreviewAndValues(file, 'CT', { maxLongSide: 4096 });
		const alone = await renderPreview(file, { maxLongSide: 4096 });
		expect(preview.width).toBe(alone.width);
		expect(Buffer.from(preview.rgba).equals(Buffer.from(alone.rgba))).toBe(true);

		const info = imageInfoOf(file, 0);
		const decoded = await decodeFrame(encodedFrame(file, 0, info), info, file.transferSyntaxUID);
		const toHu = modalityFunction(info);
		const expected = encodeHu(Float32Array.from(decoded.pixels, (v) => toHu(v)), decoded.columns, decoded.rows);
		expect(values).toBeDefined();
		expect(Buffer.from(values!.rgba).equals(Buffer.from(expected.rgba))).toBe(true);
	});

	it('gives no values for a slice that is not CT', async () => {
		const file = parseDicom(new Uint8Array(readFileSync(sourceFile('ct16'))));
		expect((await renderPreviewAndValues(file, 'MR')).values).toBeUndefined();
	});
});
