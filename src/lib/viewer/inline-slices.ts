/**
 * withInlineSlices serves slices whose bytes are already on the device (the case bundle carries
 * the first slice inline, so it is drawn without a request of its own) and fetches every other
 * one. The bytes stay available for the page's life, so a viewer mounted again (another series
 * tab and back) does not fetch them either.
 */
import type { DecodeSlice, FetchSlice } from './slice-loader';

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

/**
 * predecoded starts decoding the inline slices at once, so the decode (off the main thread) runs
 * while the page renders, and hands each bitmap to the first decode of those bytes; any later
 * decode (the viewer closed the bitmap, or a second viewer) decodes again.
 */
export function predecoded(slices: readonly InlineSlice[], decode: DecodeSlice = (blob) => createImageBitmap(blob)): DecodeSlice {
	const started = new Map(slices.map((slice) => [slice.blob, decode(slice.blob)]));
	// a failure is reported to the viewer when it decodes, not as an unhandled rejection
	for (const bitmap of started.values()) bitmap.catch(() => {});
	return (blob) => {
		const bitmap = started.get(blob);
		if (!bitmap) return decode(blob);
		started.delete(blob);
		return bitmap;
	};
}
