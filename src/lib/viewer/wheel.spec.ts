import { describe, expect, it } from 'vitest';
import { SliceAccumulator, wheelSlices } from './wheel';

describe('wheelSlices', () => {
	it('moves one slice per mouse notch whatever the platform reports', () => {
		for (const delta of [53, 100, 120]) expect(wheelSlices(delta, 0)).toBe(1);
		expect(wheelSlices(-100, 0)).toBe(-1);
		expect(wheelSlices(3, 1)).toBe(1);
	});

	it('accelerates large deltas', () => {
		expect(wheelSlices(400, 0)).toBeGreaterThan(4);
		expect(wheelSlices(-12, 1)).toBeLessThan(-4);
	});

	it('lets a trackpad move a slice every 20 px', () => {
		expect(wheelSlices(10, 0)).toBe(0.5);
		expect(wheelSlices(1, 2)).toBe(10);
		expect(wheelSlices(0, 0)).toBe(0);
		expect(wheelSlices(Number.NaN, 0)).toBe(0);
	});
});

describe('SliceAccumulator', () => {
	it('hands out whole slices and keeps the fraction', () => {
		const acc = new SliceAccumulator();
		acc.add(0.5);
		expect(acc.take()).toBe(0);
		acc.add(0.75);
		expect(acc.take()).toBe(1);
		acc.add(-1.5);
		expect(acc.take()).toBe(-1);
		acc.reset();
		acc.add(0.9);
		expect(acc.take()).toBe(0);
	});
});
