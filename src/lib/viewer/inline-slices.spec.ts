import { describe, expect, it } from 'vitest';
import { withInlineSlices } from './inline-slices';

describe('withInlineSlices', () => {
	it('answers inline slices from memory, every time, and fetches the others', async () => {
		const requests: string[] = [];
		const fetchSlice = withInlineSlices(
			async (url) => {
				requests.push(url);
				return new Blob([`fetched ${url}`]);
			},
			[{ url: '/a.jpg', blob: new Blob(['inline a']) }]
		);
		const signal = new AbortController().signal;
		expect(await (await fetchSlice('/a.jpg', signal)).text()).toBe('inline a');
		expect(await (await fetchSlice('/a.jpg', signal)).text()).toBe('inline a');
		expect(await (await fetchSlice('/b.jpg', signal)).text()).toBe('fetched /b.jpg');
		expect(requests).toEqual(['/b.jpg']);
	});

	it('passes failures of fetched slices through', async () => {
		const fetchSlice = withInlineSlices(async () => {
			throw new Error('HTTP 404');
		}, [{ url: '/a.jpg', blob: new Blob(['a']) }]);
		await expect(fetchSlice('/gone.jpg', new AbortController().signal)).rejects.toThrow('HTTP 404');
	});
});
