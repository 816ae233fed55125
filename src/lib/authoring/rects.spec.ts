import { describe, expect, it } from 'vitest';
import { clampPoint, coverRect, dragRect, insideRect, intersect, scaleRect } from './rects';

describe('dragRect', () => {
	it('is the same rectangle whichever corner the drag started from', () => {
		const r = { x: 10, y: 20, width: 30, height: 40 };
		expect(dragRect({ x: 10, y: 20 }, { x: 40, y: 60 })).toEqual(r);
		expect(dragRect({ x: 40, y: 60 }, { x: 10, y: 20 })).toEqual(r);
		expect(dragRect({ x: 40, y: 20 }, { x: 10, y: 60 })).toEqual(r);
	});
});

describe('clampPoint', () => {
	it('stops a drag that leaves the canvas at its edge', () => {
		expect(clampPoint({ x: -5, y: 500 }, { width: 100, height: 80 })).toEqual({ x: 0, y: 80 });
		expect(clampPoint({ x: 50, y: 40 }, { width: 100, height: 80 })).toEqual({ x: 50, y: 40 });
	});
});

describe('coverRect', () => {
	it('maps a rectangle drawn on a canvas shown smaller than the image to image pixels', () => {
		// a 2000 × 1000 photograph shown 400 CSS pixels wide: one CSS pixel is five image pixels
		expect(coverRect({ x: 10, y: 20, width: 30, height: 8 }, { width: 400, height: 200 }, { width: 2000, height: 1000 })).toEqual({ x: 50, y: 100, width: 150, height: 40 });
	});

	it('rounds outwards, so every image pixel the drawn rectangle touches is covered', () => {
		// shown 100 wide, the image is 300: 10.5..20.2 CSS pixels are 31.5..60.6 image pixels
		const r = coverRect({ x: 10.5, y: 0.1, width: 9.7, height: 0.1 }, { width: 100, height: 100 }, { width: 300, height: 300 })!;
		expect(r).toEqual({ x: 31, y: 0, width: 30, height: 1 });
		expect(r.x).toBeLessThanOrEqual(31.5);
		expect(r.x + r.width).toBeGreaterThanOrEqual(60.6);
	});

	it('maps to a coarser grid too (a preview drawn at twice a DICOM image\'s size)', () => {
		expect(coverRect({ x: 3, y: 3, width: 2, height: 2 }, { width: 1024, height: 1024 }, { width: 512, height: 512 })).toEqual({ x: 1, y: 1, width: 2, height: 2 });
	});

	it('clamps to the image and returns null for a rectangle that covers none of it', () => {
		expect(coverRect({ x: -20, y: 90, width: 40, height: 50 }, { width: 100, height: 100 }, { width: 100, height: 100 })).toEqual({ x: 0, y: 90, width: 20, height: 10 });
		expect(coverRect({ x: 120, y: 0, width: 10, height: 10 }, { width: 100, height: 100 }, { width: 100, height: 100 })).toBeNull();
		expect(coverRect({ x: 5, y: 5, width: 0, height: 10 }, { width: 100, height: 100 }, { width: 100, height: 100 })).toBeNull();
	});
});

describe('insideRect', () => {
	it('rounds inwards: a crop keeps only the pixels wholly inside what was drawn', () => {
		expect(insideRect({ x: 10.5, y: 0.1, width: 9.7, height: 50 }, { width: 100, height: 100 }, { width: 300, height: 300 })).toEqual({ x: 32, y: 1, width: 28, height: 149 });
	});

	it('a crop dragged to the canvas\'s far edges keeps the image\'s last row and column, whatever floating point makes of the scale', () => {
		// shown sizes and drag starts for which the scaled far edge comes out as 639.9999999999999 or 479.99999999999994
		const drags = [
			[305.19532784456396, 228.89649588342297, 48.7668155524772, 20.61878718666635],
			[304.83537754673523, 228.62653316005142, 8.444292425698949, 47.84187309677386]
		];
		for (const [width, height, x, y] of drags) {
			const shown = { width, height };
			const drawn = { x, y, width: width - x, height: height - y };
			const crop = insideRect(drawn, shown, { width: 640, height: 480 })!;
			expect([crop.x + crop.width, crop.y + crop.height]).toEqual([640, 480]);
		}
	});

	it('clamps to the image, and is null when no whole pixel is inside', () => {
		expect(insideRect({ x: 50, y: 50, width: 100, height: 100 }, { width: 100, height: 100 }, { width: 10, height: 10 })).toEqual({ x: 5, y: 5, width: 5, height: 5 });
		expect(insideRect({ x: 1.2, y: 1.2, width: 0.5, height: 0.5 }, { width: 10, height: 10 }, { width: 10, height: 10 })).toBeNull();
	});
});

describe('intersect and scaleRect', () => {
	it('intersect is the overlap, or null', () => {
		expect(intersect({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 8, width: 10, height: 10 })).toEqual({ x: 5, y: 8, width: 5, height: 2 });
		expect(intersect({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 5, height: 5 })).toBeNull();
	});

	it('scaleRect maps between sizes without rounding', () => {
		expect(scaleRect({ x: 1, y: 2, width: 3, height: 4 }, { width: 10, height: 10 }, { width: 25, height: 5 })).toEqual({ x: 2.5, y: 1, width: 7.5, height: 2 });
	});
});
