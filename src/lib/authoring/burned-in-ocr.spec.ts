import { describe, expect, it } from 'vitest';
import type { OcrFinding } from '$lib/ocr/find-text';
import { proposalOf, unresolvedHits } from './burned-in-ocr';

const finding: OcrFinding = {
	width: 320,
	height: 240,
	words: 7,
	hits: [
		{ category: 'name', source: 'record', masked: 'N•••• G•••••', words: [0, 1], box: { x0: 10, y0: 5, x1: 101, y1: 20 } },
		{ category: 'date', source: 'generic', masked: '1•/••/••••', words: [4], box: { x0: 10, y0: 30, x1: 60, y1: 41 } }
	],
	boxes: [
		{ x0: 10, y0: 5, x1: 101, y1: 20 },
		{ x0: 10, y0: 30, x1: 60, y1: 41 }
	]
};

describe('proposalOf', () => {
	it('maps boxes on a half-size preview to the DICOM grid, rounding outwards', () => {
		const proposal = proposalOf(finding, { width: 640, height: 480 });
		expect(proposal).toEqual({
			status: 'done',
			words: 7,
			regions: [
				{ x: 20, y: 10, width: 182, height: 30 },
				{ x: 20, y: 60, width: 100, height: 22 }
			],
			hits: [
				{ category: 'name', masked: 'N•••• G•••••', region: { x: 20, y: 10, width: 182, height: 30 } },
				{ category: 'date', masked: '1•/••/••••', region: { x: 20, y: 60, width: 100, height: 22 } }
			]
		});
	});
});

describe('unresolvedHits', () => {
	const proposal = proposalOf(finding, { width: 320, height: 240 });
	const done = proposal.status === 'done' ? proposal : null;

	it('counts every hit while nothing covers it or vouches for it', () => {
		expect(unresolvedHits(proposal, [], new Set())).toBe(2);
	});

	it('takes a hit as resolved when a kept region covers it whole, or the author confirmed it is not identifying', () => {
		expect(unresolvedHits(proposal, [done!.regions[0]], new Set())).toBe(1);
		expect(unresolvedHits(proposal, [{ ...done!.regions[0], width: 50 }], new Set([1]))).toBe(1);
		expect(unresolvedHits(proposal, [{ x: 0, y: 0, width: 320, height: 240 }], new Set())).toBe(0);
		expect(unresolvedHits(proposal, [done!.regions[0]], new Set([1]))).toBe(0);
	});

	it('has nothing to resolve while OCR reads or after it failed', () => {
		expect(unresolvedHits({ status: 'reading' }, [], new Set())).toBe(0);
		expect(unresolvedHits({ status: 'failed', message: 'x' }, [], new Set())).toBe(0);
	});
});
