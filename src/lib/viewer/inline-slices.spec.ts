import { describe, expect, it } from 'vitest';
import { predecoded, withInlineSlices } from './inline-slices';

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

describe('predecoded', () => {
	it('decodes inline slices at once and hands each bitmap over once', async () => {
		const decoded: string[] = [];
		const decode = async (blob: Blob) => {
			decoded.push(await blob.text());
			return { from: decoded.length } as unknown as ImageBitmap;
		};
		const inline = new Blob(['a']);
		const decodeSlice = predecoded([{ url: '/a.jpg', blob: inline }], decode);
		await new Promise((r) => setTimeout(r, 0));
		// started before anyone asked
		expect(decoded).toEqual(['a']);
		expect(await decodeSlice(inline)).toEqual({ from: 1 });
		// handed over: the viewer closed that one, so asking again decodes again
		expect(await decodeSlice(inline)).toEqual({ from: 2 });
		expect(await decodeSlice(new Blob(['b']))).toEqual({ from: 3 });
		expect(decoded).toEqual(['a', 'a', 'b']);
	});
});
