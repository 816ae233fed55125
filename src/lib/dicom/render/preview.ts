/**
 * renderPreview is the one path from a parsed file to preview pixels: decode frame N, render
 * with the given (or the file's) window, shrink to the preview size. The worker pipeline encodes
 * the result as JPEG; `cassette render` writes the same pixels as PNG.
 */
import type { DicomFile } from '../dataset';
import { decodeFrame } from '../decode/decode-frame';
import { encodedFrame, imageInfoOf } from '../decode/frames';
import { renderFrame, type RenderedImage } from './render-frame';
import { resizeToFit } from './resize';
import type { Window } from './window';

/** PREVIEW_MAX_LONG_SIDE is the long side of a preview, in pixels. */
export const PREVIEW_MAX_LONG_SIDE = 1024;

/** THUMBNAIL_MAX_LONG_SIDE is the long side of a thumbnail, in pixels. */
export const THUMBNAIL_MAX_LONG_SIDE = 192;

/** PreviewOptions choose the frame (from 0), the window and the size. */
export interface PreviewOptions {
	readonly frame?: number;
	readonly window?: Window;
	readonly maxLongSide?: number;
}

/** renderPreview decodes and renders one frame of a file (throws DecodeError on bad pixel data). */
export async function renderPreview(file: DicomFile, options: PreviewOptions = {}): Promise<RenderedImage> {
	const index = options.frame ?? 0;
	const info = imageInfoOf(file, index);
	const frame = await decodeFrame(encodedFrame(file, index, info), info, file.transferSyntaxUID);
	return resizeToFit(renderFrame(frame, info, options.window), options.maxLongSide ?? PREVIEW_MAX_LONG_SIDE);
}
