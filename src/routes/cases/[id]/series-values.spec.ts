import { describe, expect, it } from 'vitest';
import type { FileUrl } from '$lib/offline/case-bundle';
import { valueUrls } from './series-values';

const fileUrl: FileUrl = (r, name) => `/api/files/${r.collectionId}/${r.id}/${name}`;
const image = (i: number, values?: string) => ({ id: `i${i}`, collectionId: 'img', collectionName: 'images', index: i, values });

describe('valueUrls', () => {
	it('lists every slice in order when all have values', () => {
		expect(valueUrls([image(0, 'values_a.jpg'), image(1, 'values_b.jpg')], fileUrl)).toEqual(['/api/files/img/i0/values_a.jpg', '/api/files/img/i1/values_b.jpg']);
	});
	it('gives nothing for a series published before values existed, or with a gap', () => {
		expect(valueUrls([image(0, 'values_a.jpg'), image(1, '')], fileUrl)).toBeNull();
		expect(valueUrls([image(0)], fileUrl)).toBeNull();
		expect(valueUrls([], fileUrl)).toBeNull();
	});
});
