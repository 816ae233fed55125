import { describe, expect, it } from 'vitest';
import { CINE_FPS, StackState } from './stack.svelte';

describe('StackState', () => {
	it('moves within the stack and remembers the direction', () => {
		const s = new StackState(300);
		s.step(5);
		expect(s.index).toBe(5);
		expect(s.direction).toBe(1);
		s.step(-10);
		expect(s.index).toBe(0);
		expect(s.direction).toBe(-1);
		s.goTo(1000);
		expect(s.index).toBe(299);
	});

	it('wraps cine from the last slice to the first', () => {
		const s = new StackState(3, 2);
		s.advanceCine();
		expect(s.index).toBe(0);
	});

	it('plays only stacks of more than one slice, with a bounded speed', () => {
		const one = new StackState(1);
		one.play();
		expect(one.playing).toBe(false);
		const s = new StackState(10);
		s.togglePlay();
		expect(s.playing).toBe(true);
		s.togglePlay();
		expect(s.playing).toBe(false);
		s.setFps(100);
		expect(s.fps).toBe(CINE_FPS.max);
		s.setFps(Number.NaN);
		expect(s.fps).toBe(CINE_FPS.max);
	});

	it('zooms, pans within limits and toggles back to fit', () => {
		const s = new StackState(10);
		s.setFitSize(400, 400);
		s.toggleZoom(0, 0, 2);
		expect(s.zoom).toBe(2);
		s.pan(1000, 0);
		expect(s.panX).toBe(200);
		s.toggleZoom(0, 0, 2);
		expect([s.zoom, s.panX, s.panY]).toEqual([1, 0, 0]);
	});
});
