/**
 * withInlineSlices serves slices whose bytes are already on the device (the case bundle carries
 * the first slice inline, so it is drawn without a request of its own) and fetches every other
 * one. The bytes stay available for the page's life, so a viewer mounted again (another series
 * tab and back) does not fetch them either.
 */
import type { FetchSlice } from './slice-loader';

/** InlineSlice is a slice's bytes under the URL the viewer asks for. */
export interface InlineSlice {
	url: string;
	blob: Blob;
}

/** withInlineSlices wraps fetchSlice so the given slices are answered from memory. */
export function withInlineSlices(fetchSlice: FetchSlice, slices: readonly InlineSlice[]): FetchSlice {
	if (slices.length === 0) return fetchSlice;
	const held = new Map(slices.map((slice) => [slice.url, slice.blob]));
	return (url, signal) => {
		const blob = held.get(url);
		return blob ? Promise.resolve(blob) : fetchSlice(url, signal);
	};
}
