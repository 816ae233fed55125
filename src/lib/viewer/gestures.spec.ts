import { describe, expect, it } from 'vitest';
import { GestureRecognizer, pixelsPerSlice, type GestureAction } from './gestures';

const p = (id: number, x: number, y: number, t = 0) => ({ id, x, y, t });
const sum = (actions: GestureAction[], kind: 'scrub') => actions.filter((a) => a.kind === kind).reduce((s, a) => s + (a as { slices: number }).slices, 0);

describe('GestureRecognizer', () => {
	it('scrubs forward when one finger drags up at fit zoom, in proportion to the drag', () => {
		const g = new GestureRecognizer();
		g.down(p(1, 0, 100));
		const a = g.move(p(1, 0, 60), false, 4);
		const b = g.move(p(1, 0, 100), false, 4);
		expect(sum(a, 'scrub')).toBe(10);
		expect(sum(b, 'scrub')).toBe(-10);
	});

	it('pans with one finger when zoomed', () => {
		const g = new GestureRecognizer();
		g.down(p(1, 0, 0));
		expect(g.move(p(1, 15, -5), true, 4)).toEqual([{ kind: 'pan', dx: 15, dy: -5 }]);
	});

	it('pinches about the midpoint of two fingers and ignores the leftover finger', () => {
		const g = new GestureRecognizer();
		g.down(p(1, -50, 0));
		g.down(p(2, 50, 0));
		const actions = g.move(p(2, 150, 0), false, 4);
		const zoom = actions.find((a) => a.kind === 'zoom');
		expect(zoom).toMatchObject({ kind: 'zoom', factor: 2, x: 50, y: 0 });
		g.up(p(2, 150, 0));
		expect(g.move(p(1, -50, -80), false, 4)).toEqual([]);
		expect(g.up(p(1, -50, -80))).toEqual([]);
	});

	it('reports a double tap for two quick taps close together, not for slow or moved ones', () => {
		const g = new GestureRecognizer();
		g.down(p(1, 10, 10, 0));
		expect(g.up(p(1, 10, 10, 50))).toEqual([]);
		g.down(p(2, 12, 12, 150));
		expect(g.up(p(2, 12, 12, 200))).toEqual([{ kind: 'double-tap', x: 12, y: 12 }]);

		g.down(p(3, 0, 0, 1000));
		g.up(p(3, 0, 0, 1010));
		g.down(p(4, 0, 0, 1500));
		expect(g.up(p(4, 0, 0, 1510))).toEqual([]);

		g.down(p(5, 0, 0, 2000));
		g.up(p(5, 0, 0, 2010));
		g.down(p(6, 0, 0, 2050));
		g.move(p(6, 0, 40, 2060), false, 4);
		expect(g.up(p(6, 0, 40, 2100))).toEqual([]);
	});

	it('ignores moves of unknown pointers', () => {
		expect(new GestureRecognizer().move(p(9, 1, 1), false, 4)).toEqual([]);
	});
});

describe('pixelsPerSlice', () => {
	it('makes a full-height drag cross the stack within limits', () => {
		expect(pixelsPerSlice(600, 300)).toBe(2);
		expect(pixelsPerSlice(600, 100)).toBe(6);
		expect(pixelsPerSlice(600, 20)).toBe(12);
		expect(pixelsPerSlice(600, 1)).toBe(12);
	});
});
