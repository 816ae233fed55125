import PocketBase from 'pocketbase';
import { describe, expect, it } from 'vitest';
import type { CaseBundleResponse } from '$lib/pocketbase/case-bundle-api';
import type { TypedPocketBase } from '$lib/pocketbase/client';
import { base64Blob, bundleFromResponse, completeCaseBundle, missingSeries, type CaseBundle } from './case-bundle';

const fileUrl = (record: { id: string; collectionName: string }, filename: string) => `/api/files/${record.collectionName}/${record.id}/${filename}`;

function response(overrides: Partial<CaseBundleResponse> = {}): CaseBundleResponse {
	return {
		case: { id: 'c1', title: 'Case', status: 'published' } as CaseBundleResponse['case'],
		author: { id: 'u1', name: 'Ana', username: 'ana' },
		series: [{ id: 'ax', case: 'c1', order: 0 }, { id: 'co', case: 'c1', order: 1 }] as CaseBundleResponse['series'],
		// out of order, as a list could come
		images: [
			{ id: 'i1', index: 1, preview: 'b.jpg' },
			{ id: 'i0', index: 0, preview: 'a.jpg' }
		],
		firstSlice: { image: 'i0', type: 'image/jpeg', data: btoa('\xff\xd8jpeg\x00\x80') },
		...overrides
	};
}

describe('bundleFromResponse', () => {
	it('holds the first series list in slice order and hands over the inline slice under its URL', async () => {
		const { bundle, firstSlice } = bundleFromResponse(response(), fileUrl);
		expect(bundle.images.ax?.map((i) => [i.id, i.series, i.collectionName])).toEqual([
			['i0', 'ax', 'images'],
			['i1', 'ax', 'images']
		]);
		expect(missingSeries(bundle)).toEqual(['co']);
		expect(firstSlice?.url).toBe('/api/files/images/i0/a.jpg');
		expect(firstSlice?.blob.type).toBe('image/jpeg');
		expect([...new Uint8Array(await firstSlice!.blob.arrayBuffer())]).toEqual([0xff, 0xd8, 0x6a, 0x70, 0x65, 0x67, 0x00, 0x80]);
	});

	it('has no slice for a case without images, and nothing missing without series', () => {
		const opened = bundleFromResponse(response({ series: [], images: [], firstSlice: null }), fileUrl);
		expect(opened.firstSlice).toBeNull();
		expect(opened.bundle.images).toEqual({});
		expect(missingSeries(opened.bundle)).toEqual([]);
	});
});

describe('completeCaseBundle', () => {
	/** client answers the images list from rows, recording the filter it was asked. */
	function client(rows: { id: string; series: string; index: number; preview: string }[]) {
		const real = new PocketBase('http://127.0.0.1:8090');
		const asked: string[] = [];
		const pb = {
			filter: real.filter.bind(real),
			collection: () => ({
				getFullList: async (options: { filter: string }) => {
					asked.push(options.filter);
					return rows;
				}
			})
		} as unknown as TypedPocketBase;
		return { pb, asked };
	}

	it('adds the missing series in one request and keeps what the bundle had', async () => {
		const { bundle } = bundleFromResponse(response(), fileUrl);
		const { pb, asked } = client([
			{ id: 'k1', series: 'co', index: 1, preview: 'y.jpg' },
			{ id: 'k0', series: 'co', index: 0, preview: 'x.jpg' }
		]);
		const full = await completeCaseBundle(pb, bundle);
		expect(asked).toEqual(['series = "co"']);
		expect(full.images.co?.map((i) => i.id)).toEqual(['k0', 'k1']);
		expect(full.images.ax).toBe(bundle.images.ax);
		expect(missingSeries(full)).toEqual([]);
		expect(bundle.images.co).toBeUndefined();
	});

	it('asks nothing when every list is there (a bundle saved whole)', async () => {
		const { pb, asked } = client([]);
		const whole: CaseBundle = { ...bundleFromResponse(response({ series: response().series.slice(0, 1) }), fileUrl).bundle };
		expect(await completeCaseBundle(pb, whole)).toBe(whole);
		expect(asked).toEqual([]);
	});
});

describe('base64Blob', () => {
	it('decodes every byte value', async () => {
		const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
		const blob = base64Blob(btoa(String.fromCharCode(...bytes)), 'image/png');
		expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes);
		expect(blob.type).toBe('image/png');
	});
});
