import { describe, expect, it } from 'vitest';
import { SlicePrefetch } from './slice-prefetch';

describe('SlicePrefetch', () => {
	it('hands a started request to the viewer once, and fetches anything else normally', async () => {
		const requests: string[] = [];
		const prefetch = new SlicePrefetch(async (url) => {
			requests.push(url);
			return new Blob([url]);
		});
		prefetch.start('/a.jpg');
		prefetch.start('/a.jpg');
		const signal = new AbortController().signal;
		expect(await (await prefetch.fetchSlice('/a.jpg', signal)).text()).toBe('/a.jpg');
		expect(await (await prefetch.fetchSlice('/b.jpg', signal)).text()).toBe('/b.jpg');
		// handed over once: asking again is a new request (the loader caches bytes itself)
		await prefetch.fetchSlice('/a.jpg', signal);
		expect(requests).toEqual(['/a.jpg', '/b.jpg', '/a.jpg']);
	});

	it('reports a failed prefetch to the viewer when it asks', async () => {
		const prefetch = new SlicePrefetch(async () => {
			throw new Error('HTTP 404');
		});
		prefetch.start('/gone.jpg');
		await expect(prefetch.fetchSlice('/gone.jpg', new AbortController().signal)).rejects.toThrow('HTTP 404');
	});
});
