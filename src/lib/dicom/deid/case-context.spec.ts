import { describe, expect, it } from 'vitest';
import { contextFromKey } from './case-context';

describe('contextFromKey', () => {
	it('derives the secret, a shift of one to ten years back and a time of day from the key, the same every time', () => {
		const key = new Uint8Array(32).map((_, i) => i * 7 + 3);
		const ctx = contextFromKey(key);
		expect(ctx).toEqual(contextFromKey(key.slice()));
		expect(ctx.secret).toBe(Array.from(key, (b) => b.toString(16).padStart(2, '0')).join(''));
		expect(ctx.dateOffsetDays).toBeLessThanOrEqual(-365);
		expect(ctx.dateOffsetDays).toBeGreaterThan(-3650);
		expect(Number.isInteger(ctx.timeOffsetSeconds) && ctx.timeOffsetSeconds >= 0 && ctx.timeOffsetSeconds < 86_400).toBe(true);
	});

	it('spreads the time of day over the whole day and refuses a key of the wrong length', () => {
		const hours = new Set<number>();
		for (let i = 0; i < 200; i++) hours.add(Math.floor(contextFromKey(crypto.getRandomValues(new Uint8Array(32))).timeOffsetSeconds / 3600));
		expect(hours.size).toBeGreaterThan(20);
		expect(() => contextFromKey(new Uint8Array(16))).toThrow(/32 bytes/);
	});
});
