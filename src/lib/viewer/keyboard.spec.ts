import { describe, expect, it } from 'vitest';
import { keyAction, PAGE_SLICES } from './keyboard';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
	keyAction({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('keyAction', () => {
	it('steps with arrows and pages, jumps with Home and End', () => {
		expect(key('ArrowDown')).toEqual({ kind: 'step', slices: 1 });
		expect(key('ArrowUp')).toEqual({ kind: 'step', slices: -1 });
		expect(key('PageDown')).toEqual({ kind: 'step', slices: PAGE_SLICES });
		expect(key('Home')).toEqual({ kind: 'first' });
		expect(key('End')).toEqual({ kind: 'last' });
	});

	it('zooms, plays and leaves other keys and browser shortcuts alone', () => {
		expect(key('+')).toEqual({ kind: 'zoom', factor: 1.25 });
		expect(key(' ')).toEqual({ kind: 'toggle-play' });
		expect(key('Tab')).toBeNull();
		expect(key('+', { ctrlKey: true })).toBeNull();
		expect(key('ArrowDown', { altKey: true })).toBeNull();
	});
});
