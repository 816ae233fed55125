import { describe, expect, it } from 'vitest';
import type { RenderedImage } from '$lib/dicom/render/render-frame';
import type { PageLike } from './read-page';
import { findInFrames, mergeFindings, sampleFrames } from './frames';
import type { OcrFinding } from './find-text';

const name = (x0: number): OcrFinding['hits'][number] => ({ category: 'name', source: 'record', masked: 'P••• Á•••••', words: [0, 1], box: { x0, y0: 4, x1: x0 + 80, y1: 18 } });

describe('sampleFrames', () => {
	it('reads the first, middle and last frame', () => {
		expect(sampleFrames(60)).toEqual([0, 29, 59]);
		expect(sampleFrames(2)).toEqual([0, 1]);
		expect(sampleFrames(1)).toEqual([0]);
	});
});

describe('mergeFindings', () => {
	it('keeps a name read on several frames once, with one box over where it was on any, and adds what only one frame shows', () => {
		const clock = { category: 'date' as const, source: 'generic' as const, masked: '1•/••/••••', words: [3], box: { x0: 500, y0: 4, x1: 590, y1: 18 } };
		const merged = mergeFindings(
			[
				{ width: 640, height: 480, words: 4, hits: [name(10)], boxes: [name(10).box] },
				{ width: 640, height: 480, words: 5, hits: [name(12), clock], boxes: [name(12).box, clock.box] },
				{ width: 640, height: 480, words: 2, hits: [], boxes: [] }
			],
			[0, 29, 59]
		);
		expect(merged.hits).toEqual([{ ...name(10), box: { x0: 10, y0: 4, x1: 92, y1: 18 } }, clock]);
		expect(merged.boxes).toEqual([{ x0: 10, y0: 4, x1: 92, y1: 18 }, clock.box]);
		expect(merged).toMatchObject({ width: 640, height: 480, words: 11, frames: [0, 29, 59] });
	});
});

describe('findInFrames', () => {
	it('renders and reads only the sampled frames', async () => {
		const rendered: number[] = [];
		const frame = async (index: number): Promise<RenderedImage> => {
			rendered.push(index);
			return { width: 64, height: 32, rgba: new Uint8ClampedArray(64 * 32 * 4) };
		};
		const page: PageLike = { blocks: [] };
		const found = await findInFrames(30, frame, { values: [] }, async () => page);
		expect(rendered).toEqual([0, 14, 29]);
		expect(found).toMatchObject({ width: 64, height: 32, hits: [], boxes: [], frames: [0, 14, 29] });
	});
});
