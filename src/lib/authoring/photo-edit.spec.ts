import { describe, expect, it } from 'vitest';
import { changesNothing, editOf, planEdit, type EditStep } from './photo-edit';

const IMAGE = { width: 320, height: 240 };

describe('editOf', () => {
	it('keeps every black-out and the last crop drawn; undoing a step is dropping it', () => {
		const steps: EditStep[] = [
			{ kind: 'blackout', rect: { x: 1, y: 1, width: 2, height: 2 } },
			{ kind: 'crop', rect: { x: 0, y: 0, width: 100, height: 100 } },
			{ kind: 'blackout', rect: { x: 5, y: 5, width: 2, height: 2 } },
			{ kind: 'crop', rect: { x: 10, y: 10, width: 50, height: 50 } }
		];
		expect(editOf(steps)).toEqual({ crop: { x: 10, y: 10, width: 50, height: 50 }, blackouts: [{ x: 1, y: 1, width: 2, height: 2 }, { x: 5, y: 5, width: 2, height: 2 }] });
		expect(editOf(steps.slice(0, -1)).crop).toEqual({ x: 0, y: 0, width: 100, height: 100 });
		expect(editOf([])).toEqual({ crop: null, blackouts: [] });
	});
});

describe('planEdit', () => {
	it('without a crop, draws the whole image and blacks out in its coordinates', () => {
		expect(planEdit(IMAGE, { crop: null, blackouts: [{ x: 200, y: 20, width: 100, height: 30 }] })).toEqual({
			width: 320,
			height: 240,
			source: { x: 0, y: 0, width: 320, height: 240 },
			fills: [{ x: 200, y: 20, width: 100, height: 30 }]
		});
	});

	it('crops first, then moves each black-out into the cropped canvas\'s coordinates', () => {
		const plan = planEdit(IMAGE, { crop: { x: 37, y: 10, width: 260, height: 200 }, blackouts: [{ x: 200, y: 20, width: 100, height: 30 }] })!;
		expect(plan.source).toEqual({ x: 37, y: 10, width: 260, height: 200 });
		expect([plan.width, plan.height]).toEqual([260, 200]);
		// 200..300 × 20..50 in the image is 163..260 (clipped at the crop's right edge, 297) × 10..40 on the canvas
		expect(plan.fills).toEqual([{ x: 163, y: 10, width: 97, height: 30 }]);
	});

	it('drops a black-out the crop removes, and clips one that straddles its edge', () => {
		const plan = planEdit(IMAGE, { crop: { x: 100, y: 100, width: 100, height: 100 }, blackouts: [{ x: 0, y: 0, width: 50, height: 50 }, { x: 90, y: 150, width: 20, height: 70 }] })!;
		expect(plan.fills).toEqual([{ x: 0, y: 50, width: 10, height: 50 }]);
	});

	it('clamps a crop to the image, and refuses one that misses it', () => {
		expect(planEdit(IMAGE, { crop: { x: 300, y: 200, width: 100, height: 100 }, blackouts: [] })).toMatchObject({ width: 20, height: 40, source: { x: 300, y: 200 } });
		expect(planEdit(IMAGE, { crop: { x: 400, y: 0, width: 10, height: 10 }, blackouts: [] })).toBeNull();
	});
});

describe('changesNothing', () => {
	it('is true with no step or a crop of the whole image, false with any black-out or a smaller crop', () => {
		expect(changesNothing(IMAGE, { crop: null, blackouts: [] })).toBe(true);
		expect(changesNothing(IMAGE, { crop: { x: 0, y: 0, width: 320, height: 240 }, blackouts: [] })).toBe(true);
		expect(changesNothing(IMAGE, { crop: null, blackouts: [{ x: 0, y: 0, width: 1, height: 1 }] })).toBe(false);
		expect(changesNothing(IMAGE, { crop: { x: 0, y: 0, width: 319, height: 240 }, blackouts: [] })).toBe(false);
	});
});
