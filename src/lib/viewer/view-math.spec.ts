import { describe, expect, it } from 'vitest';
import { FIT_VIEW, backingScale, clampIndex, clampPan, fitSize, keepWindow, loadOrder, memoryPolicy, zoomAbout, ZOOM_LIMITS } from './view-math';

describe('loadOrder', () => {
	it('starts at the current slice and covers every slice once', () => {
		const order = loadOrder(150, 300, 1);
		expect(order[0]).toBe(150);
		expect(new Set(order).size).toBe(300);
		expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i));
	});

	it('loads three slices ahead of the scroll direction for each one behind', () => {
		expect(loadOrder(10, 30, 1).slice(0, 9)).toEqual([10, 11, 12, 13, 9, 14, 15, 16, 8]);
		expect(loadOrder(10, 30, -1).slice(0, 5)).toEqual([10, 9, 8, 7, 11]);
	});

	it('takes the rest from one side when the other end is reached', () => {
		expect(loadOrder(0, 5, -1)).toEqual([0, 1, 2, 3, 4]);
		expect(loadOrder(4, 5, 1)).toEqual([4, 3, 2, 1, 0]);
	});

	it('clamps a current index outside the stack and handles empty stacks', () => {
		expect(loadOrder(99, 3, 1)[0]).toBe(2);
		expect(loadOrder(0, 0, 1)).toEqual([]);
	});
});

describe('keepWindow and memoryPolicy', () => {
	it('keeps radius slices each side, within the stack', () => {
		expect(keepWindow(5, 300, 24)).toEqual({ lo: 0, hi: 29 });
		expect(keepWindow(150, 300, 24)).toEqual({ lo: 126, hi: 174 });
		expect(keepWindow(150, 300, Infinity)).toEqual({ lo: 0, hi: 299 });
	});

	it('bounds the decoded window on phones and small devices only', () => {
		expect(memoryPolicy(undefined, true).decodedRadius).toBe(24);
		expect(memoryPolicy(2, false).decodedRadius).toBe(24);
		expect(memoryPolicy(8, false).decodedRadius).toBe(Infinity);
	});
});

describe('zoom and pan', () => {
	it('zooms about a point keeping that point fixed', () => {
		const v = zoomAbout(FIT_VIEW, 2, 50, -20, 400, 400);
		expect(v.zoom).toBe(2);
		// the image point that was under (50, -20) is still there: (50 - pan) / zoom is constant
		expect((50 - v.panX) / v.zoom).toBeCloseTo(50);
		expect((-20 - v.panY) / v.zoom).toBeCloseTo(-20);
	});

	it('clamps the zoom and keeps a fitted image centred', () => {
		expect(zoomAbout(FIT_VIEW, 100, 0, 0, 400, 400).zoom).toBe(ZOOM_LIMITS.max);
		expect(zoomAbout({ zoom: 2, panX: 100, panY: 50 }, 0.1, 10, 10, 400, 400)).toEqual(FIT_VIEW);
	});

	it('never pans the image edge past the viewport centre', () => {
		expect(clampPan({ zoom: 2, panX: 1000, panY: -1000 }, 400, 300)).toEqual({ zoom: 2, panX: 200, panY: -150 });
	});

	it('fits an image into the viewport keeping its aspect ratio', () => {
		expect(fitSize(512, 256, 400, 400)).toEqual({ width: 400, height: 200 });
		expect(fitSize(0, 256, 400, 400)).toEqual({ width: 0, height: 0 });
	});

	it('clamps slice indexes', () => {
		expect(clampIndex(-3, 10)).toBe(0);
		expect(clampIndex(12, 10)).toBe(9);
		expect(clampIndex(4.6, 10)).toBe(5);
		expect(clampIndex(4, 0)).toBe(0);
	});
});

describe('backingScale', () => {
	it('never draws more canvas pixels than the slice has at the current zoom', () => {
		expect(backingScale(2.625, 512, 350, 1)).toBeCloseTo(512 / 350);
		expect(backingScale(2.625, 512, 350, 4)).toBe(2.625);
		expect(backingScale(1, 256, 600, 1)).toBe(1);
		expect(backingScale(Number.NaN, 0, 0, 1)).toBe(1);
	});
});
