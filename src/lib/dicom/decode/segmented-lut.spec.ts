import { describe, expect, it } from 'vitest';
import { expandSegmentedLut } from './segmented-lut';

describe('expandSegmentedLut', () => {
	it('expands discrete, linear and indirect segments', () => {
		// discrete [10, 20]; linear 4 steps to 60; indirect: repeat 1 segment from word 0.
		expect(Array.from(expandSegmentedLut([0, 2, 10, 20, 1, 4, 60, 2, 1, 0, 0]))).toEqual([10, 20, 30, 40, 50, 60, 10, 20]);
	});

	it('rounds linear ramps half to even, as numpy does', () => {
		expect(Array.from(expandSegmentedLut([0, 1, 0, 1, 4, 2]))).toEqual([0, 0, 1, 2, 2]);
	});

	it('rejects bad segment data with a DecodeError', () => {
		for (const words of [[1, 3, 9], [2, 1, 0, 0], [0, 1, 5, 7, 1], [0, 1, 5, 2, 1, 200, 0], [0, 1, 5, 2, 1, 3, 0]]) {
			expect(() => expandSegmentedLut(words), JSON.stringify(words)).toThrow(expect.objectContaining({ name: 'DecodeError', code: 'corrupt' }));
		}
	});
});
