import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead';

/** counted yields 1..n and records how many items were asked for, and whether it was closed. */
function counted(n: number, failAt?: number) {
	const state = { pulled: 0, closed: false };
	async function* source() {
		try {
			for (let i = 1; i <= n; i++) {
				state.pulled = i;
				await new Promise((r) => setTimeout(r, 1));
				if (i === failAt) throw new Error(`part ${i} is malformed`);
				yield i;
			}
		} finally {
			state.closed = true;
		}
	}
	return { state, source: source() };
}

describe('readAhead', () => {
	it('yields every item in order while the next ones are already asked for, never more than the depth', async () => {
		const { state, source } = counted(10);
		const seen: number[] = [];
		let maxAhead = 0;
		for await (const item of readAhead(source, 3)) {
			await new Promise((r) => setTimeout(r, 10)); // the consumer works: the source should not wait for it
			maxAhead = Math.max(maxAhead, state.pulled - item);
			seen.push(item);
		}
		expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(maxAhead).toBeGreaterThan(0);
		expect(maxAhead).toBeLessThanOrEqual(3);
	});

	it('passes a failure of the source on, at its place in the order', async () => {
		const { source } = counted(10, 4);
		const seen: number[] = [];
		await expect(
			(async () => {
				for await (const item of readAhead(source, 3)) seen.push(item);
			})()
		).rejects.toThrow('part 4 is malformed');
		expect(seen).toEqual([1, 2, 3]);
	});

	it('closes the source when the consumer stops early (a cancelled import ends the retrieve)', async () => {
		const { state, source } = counted(100);
		for await (const item of readAhead(source, 4)) if (item === 2) break;
		expect(state.closed).toBe(true);
		expect(state.pulled).toBeLessThanOrEqual(2 + 4);
	});
});
