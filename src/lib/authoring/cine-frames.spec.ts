import { describe, expect, it } from 'vitest';
import { previewOf } from '$lib/workers/process-instance';
import type { RenderedImage } from '$lib/dicom/render/render-frame';
import { burnedInCine } from '../../../tests/ocr/dicom';
import { PATIENTS } from '../../../tests/ocr/scenes';
import { otherFramesOf } from './cine-frames';

/** flat is a frame of one grey level with a white square at `x`: each frame of the cine can be told apart. */
function flat(x: number): RenderedImage {
	const width = 32;
	const height = 16;
	const rgba = new Uint8ClampedArray(width * height * 4).fill(40);
	for (let y = 2; y < 6; y++) for (let i = x; i < x + 4; i++) rgba[4 * (y * width + i)] = 250;
	return { width, height, rgba };
}

describe('otherFramesOf', () => {
	it('renders the first and last frames of a cine (the preview is its middle one), each from a copy of the held bytes', async () => {
		const cine = burnedInCine([flat(0), flat(8), flat(16), flat(24), flat(28)], PATIENTS[0]);
		const held = cine.slice().buffer as ArrayBuffer;
		const shown: { frame: number; white: number }[] = [];
		const frames = otherFramesOf(held, 5, async (copy, frame) => {
			expect(copy).not.toBe(held);
			// the worker's own path, with an encoder that hands the pixels back
			const image = await previewOf(copy, undefined, async (rendered) => ({ bytes: rendered.rgba.slice().buffer as ArrayBuffer, type: 'image/x-rgba', width: rendered.width, height: rendered.height }), 0.85, frame);
			const rgba = new Uint8Array(image.bytes);
			shown.push({ frame, white: [...Array(image.width).keys()].find((x) => rgba[4 * (3 * image.width + x)] > 200)! });
			return image;
		});
		expect((await frames!()).length).toBe(2);
		// frame 0 has its square at x 0, frame 4 at x 28: the frames asked for, not the middle one
		expect(shown).toEqual([{ frame: 0, white: 0 }, { frame: 4, white: 28 }]);
		expect(held.byteLength).toBe(cine.byteLength);
	});
});
