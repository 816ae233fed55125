import { describe, expect, it } from 'vitest';
import { dropUnpublished } from './drop-unpublished';

function fakeStore(saved: { id: string; title: string }[]) {
	const removed: string[] = [];
	return {
		removed,
		saved: async () => saved.filter((s) => !removed.includes(s.id)),
		remove: async (id: string) => void removed.push(id)
	};
}

describe('dropUnpublished', () => {
	it('given saved cases of which one was removed by a moderator, when checked online, then only that one is dropped', async () => {
		const store = fakeStore([
			{ id: 'a', title: 'Still here' },
			{ id: 'b', title: 'Removed case' }
		]);
		const asked: string[][] = [];
		const dropped = await dropUnpublished(store, async (ids) => {
			asked.push([...ids]);
			return new Set(['a']);
		});
		expect(asked).toEqual([['a', 'b']]);
		expect(dropped).toEqual(['Removed case']);
		expect(store.removed).toEqual(['b']);
	});

	it('given the server cannot be reached, then nothing is dropped and the error reaches the caller', async () => {
		const store = fakeStore([{ id: 'a', title: 'Kept' }]);
		await expect(dropUnpublished(store, async () => Promise.reject(Object.assign(new Error('offline'), { status: 0 })))).rejects.toThrow('offline');
		expect(store.removed).toEqual([]);
	});

	it('given nothing saved, then the server is not asked', async () => {
		const store = fakeStore([]);
		let asked = false;
		expect(await dropUnpublished(store, async () => ((asked = true), new Set()))).toEqual([]);
		expect(asked).toBe(false);
	});
});
