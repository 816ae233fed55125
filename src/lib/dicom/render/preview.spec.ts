import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceFile } from '../../../../tests/reference/generated';
import { decodeFrame } from '../decode/decode-frame';
import { encodedFrame, imageInfoOf } from '../decode/frames';
import { parseDicom } from '../parse';
import { testFile } from '../../../../tests/support/pydicom-files';
import { renderPreview } from './preview';
import { renderFrame } from './render-frame';
import { WINDOW_PRESETS } from './window';

describe('renderPreview', () => {
	it('equals renderFrame of the decoded frame when the image fits', async () => {
		const file = parseDicom(new Uint8Array(readFileSync(testFile('rtdose.dcm'))));
		const info = imageInfoOf(file);
		const frame = await decodeFrame(encodedFrame(file, 7, info), info, file.transferSyntaxUID);
		const preview = await renderPreview(file, { frame: 7, window: WINDOW_PRESETS.bone });
		expect(preview).toEqual(renderFrame(frame, info, WINDOW_PRESETS.bone));
	});

	it('shrinks to the requested long side', async () => {
		const file = parseDicom(new Uint8Array(readFileSync(sourceFile('ct16'))));
		const preview = await renderPreview(file, { maxLongSide: 200 });
		expect([preview.width, preview.height, preview.rgba.length]).toEqual([200, 200, 200 * 200 * 4]);
	});

	it('rejects a frame index outside the file', async () => {
		const file = parseDicom(new Uint8Array(readFileSync(testFile('CT_small.dcm'))));
		await expect(renderPreview(file, { frame: 1 })).rejects.toMatchObject({ code: 'frame-out-of-range' });
	});
});

describe('renderPreview on an enhanced multi-frame CT', () => {
	it("renders each frame with that frame's window and rescale", async () => {
		const file = parseDicom(new Uint8Array(readFileSync(sourceFile('enhanced'))));
		for (const index of [0, 1, 2]) {
			const info = imageInfoOf(file, index);
			const frame = await decodeFrame(encodedFrame(file, index, info), info, file.transferSyntaxUID);
			const window = { center: info.windowCenters[0], width: info.windowWidths[0] };
			expect(await renderPreview(file, { frame: index })).toEqual(renderFrame(frame, info, window));
		}
		// Frames 0 and 1 hold the same pixels: their different windows must show.
		const [soft, lung] = await Promise.all([0, 1].map((frame) => renderPreview(file, { frame })));
		expect(Buffer.from(soft.rgba).equals(Buffer.from(lung.rgba))).toBe(false);
	});
});
