import { describe, expect, it } from 'vitest';
import type { CaseBundle, FileUrl } from '$lib/offline/case-bundle';
import { middlePreview, seriesThumbs } from './series-thumbs';

const fileUrl: FileUrl = (record, name) => `/files/${record.id}/${name}`;

function bundle(lists: Record<string, number | undefined>): CaseBundle {
	const series = Object.keys(lists).map((id) => ({ id }) as CaseBundle['series'][number]);
	const images: CaseBundle['images'] = {};
	for (const [id, n] of Object.entries(lists)) {
		if (n === undefined) continue;
		images[id] = Array.from({ length: n }, (_, i) => ({ id: `${id}-${i}`, collectionId: 'c', collectionName: 'images', series: id, index: i, preview: `p${i}.jpg` }));
	}
	return { case: {} as CaseBundle['case'], author: null, series, images };
}

describe('series thumbnails', () => {
	it('picks the middle slice, and nothing for a series whose list has not arrived', () => {
		const b = bundle({ a: 5, b: 4, c: undefined, d: 0 });
		expect(middlePreview(b, 'a', fileUrl)).toBe('/files/a-2/p2.jpg');
		expect(middlePreview(b, 'b', fileUrl)).toBe('/files/b-1/p1.jpg');
		expect(middlePreview(b, 'c', fileUrl)).toBeNull();
		expect(middlePreview(b, 'd', fileUrl)).toBeNull();
	});

	it('fetches only the missing pictures, skips a failed one and reports nothing new as null', async () => {
		const asked: string[] = [];
		const fetchSlice = async (url: string) => {
			asked.push(url);
			if (url.includes('b-')) throw new Error('offline');
			return new Blob([url], { type: 'image/jpeg' });
		};
		const b = bundle({ a: 3, b: 3, c: 1 });
		const signal = new AbortController().signal;
		const first = await seriesThumbs(b, fileUrl, fetchSlice, { a: 'blob:kept' }, signal);
		expect(asked).toEqual(['/files/b-1/p1.jpg', '/files/c-0/p0.jpg']);
		expect(first?.a).toBe('blob:kept');
		expect(first?.c).toMatch(/^blob:/);
		expect(first && 'b' in first).toBe(false);
		expect(await seriesThumbs(bundle({ a: 3 }), fileUrl, fetchSlice, first!, signal)).toBeNull();
	});
});
