import { describe, expect, it } from 'vitest';
import { streamThrough } from './stream';

/** source yields 0..n−1 and records how many were pulled and whether it was closed. */
function source(n: number) {
	const state = { pulled: 0, closed: false };
	async function* items() {
		try {
			for (let i = 0; i < n; i++) {
				state.pulled++;
				yield i;
			}
		} finally {
			state.closed = true;
		}
	}
	return { state, items: items() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('streamThrough', () => {
	it('processes every item and never holds more than `slots` items not yet consumed', async () => {
		const { state, items } = source(50);
		let consumed = 0;
		let maxHeld = 0;
		const seen: number[] = [];
		await streamThrough(items, {
			slots: 3,
			run: async (i) => {
				maxHeld = Math.max(maxHeld, state.pulled - consumed);
				await tick();
				return i * 2;
			},
			onResult: async (i, r) => {
				await tick(); // a slow consumer (storing to IndexedDB)
				seen.push(r);
				consumed++;
			},
			onError: () => expect.unreachable()
		});
		expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
		expect(maxHeld).toBeLessThanOrEqual(3);
		expect(maxHeld).toBeGreaterThan(1);
	});

	it('spreads items over the slots', async () => {
		const bySlot = new Map<number, number>();
		await streamThrough([1, 2, 3, 4, 5, 6, 7, 8], {
			slots: 2,
			run: async (_i, slot) => {
				bySlot.set(slot, (bySlot.get(slot) ?? 0) + 1);
				await tick();
			},
			onResult: () => {},
			onError: () => {}
		});
		expect([...bySlot.keys()].sort()).toEqual([0, 1]);
	});

	it('reports failed items and carries on with the others', async () => {
		const failed: number[] = [];
		const done: number[] = [];
		await streamThrough([1, 2, 3, 4], {
			slots: 2,
			run: async (i) => {
				if (i % 2 === 0) throw new Error(`bad ${i}`);
				return i;
			},
			onResult: (i) => void done.push(i),
			onError: (i, e) => {
				expect((e as Error).message).toBe(`bad ${i}`);
				failed.push(i);
			}
		});
		expect(failed.sort()).toEqual([2, 4]);
		expect(done.sort()).toEqual([1, 3]);
	});

	it('rejects with the error of a consumer that throws, and the other slots stop taking items', async () => {
		const { state, items } = source(100);
		const stored: number[] = [];
		const run = streamThrough(items, {
			slots: 3,
			run: async (i) => {
				await tick();
				return i;
			},
			onResult: (i) => {
				if (i === 4) throw new Error('storage full');
				stored.push(i);
			},
			onError: () => {}
		});
		await expect(run).rejects.toThrow('storage full');
		const storedAtFailure = stored.length;
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(stored.length).toBe(storedAtFailure);
		expect(state.pulled).toBeLessThan(12);
		expect(state.closed).toBe(true);
	});

	it('rejects with AbortError when aborted, stops pulling and closes the source', async () => {
		const { state, items } = source(1000);
		const controller = new AbortController();
		let results = 0;
		const run = streamThrough(items, {
			slots: 2,
			signal: controller.signal,
			run: async (i) => {
				await tick();
				return i;
			},
			onResult: () => {
				if (++results === 5) controller.abort();
			},
			onError: () => {}
		});
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
		await tick();
		expect(state.pulled).toBeLessThan(10);
		expect(state.closed).toBe(true);
	});

	it('rejects at once for an already aborted signal and for a bad slot count', async () => {
		await expect(streamThrough([1], { slots: 1, signal: AbortSignal.abort(), run: async () => 1, onResult: () => {}, onError: () => {} })).rejects.toMatchObject({ name: 'AbortError' });
		await expect(streamThrough([1], { slots: 0, run: async () => 1, onResult: () => {}, onError: () => {} })).rejects.toThrow(RangeError);
	});
});
