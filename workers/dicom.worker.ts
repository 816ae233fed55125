/**
 * dicom.worker: the DICOM engine in a Web Worker. Thin: the pipeline is processInstance; this
 * file adds the OffscreenCanvas JPEG encoder, the series thumbnail, and hands buffers back as
 * transferables.
 */
import { expose, transfer } from 'comlink';
import type { DeidContext, RedactRegion } from '$lib/dicom/deid';
import { THUMBNAIL_MAX_LONG_SIDE, type RenderedImage, type Window } from '$lib/dicom/render';
import { DEFAULT_QUALITY, previewOf, processInstance, redactInstance, transferablesOf, type EncodedImage, type ProcessedInstance, type ProcessOptions, type Stage } from '$lib/workers/process-instance';

/** jpegOf encodes a canvas; reading the blob's bytes is left to the main thread, which has time for it. */
async function jpegOf(canvas: OffscreenCanvas, quality: number): Promise<EncodedImage<Blob>> {
	const { width, height } = canvas;
	const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
	return { bytes: blob, type: blob.type, width, height };
}

/**
 * Drawing surfaces kept from one call to the next: creating a canvas and its context costs more
 * than drawing one slice. convertToBlob works on a copy of the bitmap taken when it is called
 * (HTML, OffscreenCanvas convertToBlob: "let bitmap be a copy"), so the canvas is free for the
 * next slice as soon as the call returns. (Chromium encodes during the call and resolves the
 * blob 10–30 ms later, which is why the pool keeps several files in each worker's hands.)
 */
const surfaces = new Map<string, { canvas: OffscreenCanvas; context: OffscreenCanvasRenderingContext2D }>();

function surface(role: 'preview' | 'thumbnail', width: number, height: number) {
	const key = `${role} ${width}×${height}`;
	let found = surfaces.get(key);
	if (!found) {
		const canvas = new OffscreenCanvas(width, height);
		// Opaque: previews carry no transparency, and the JPEG encoder drops alpha anyway.
		const context = canvas.getContext('2d', { alpha: false });
		if (!context) throw new Error('OffscreenCanvas 2D context unavailable');
		// A series keeps one size; a study with many sizes must not keep a canvas per size.
		if (surfaces.size >= 8) surfaces.clear();
		found = { canvas, context };
		surfaces.set(key, found);
	}
	return found;
}

/** encodeJpeg draws the pixels on an OffscreenCanvas and encodes them as JPEG. */
function encodeJpeg(image: RenderedImage, quality: number): Promise<EncodedImage<Blob>> {
	const { canvas, context } = surface('preview', image.width, image.height);
	// The renderer allocates its own ArrayBuffer (never shared memory), as ImageData requires.
	context.putImageData(new ImageData(image.rgba as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
	return jpegOf(canvas, quality);
}

/** thumbnailOf scales an encoded preview down to `longSide` and encodes it as JPEG. */
async function thumbnailOf(preview: EncodedImage, longSide: number, quality: number): Promise<EncodedImage<Blob>> {
	const scale = Math.min(1, longSide / Math.max(preview.width, preview.height));
	const width = Math.max(1, Math.round(preview.width * scale));
	const height = Math.max(1, Math.round(preview.height * scale));
	const bitmap = await createImageBitmap(new Blob([preview.bytes], { type: preview.type }));
	try {
		const { canvas, context } = surface('thumbnail', width, height);
		context.imageSmoothingQuality = 'high';
		context.drawImage(bitmap, 0, 0, width, height);
		return await jpegOf(canvas, quality);
	} finally {
		bitmap.close();
	}
}

let report: ((id: string, stage: Stage) => void) | undefined;

const api = {
	/** setReporter registers the pool's progress callback (a comlink proxy), once per worker. */
	setReporter(reporter: (id: string, stage: Stage) => void): void {
		report = reporter;
	},
	/** processInstance processes one file; its buffer is transferred in, the result's buffers transferred out (the preview as its Blob). */
	async processInstance(id: string, buffer: ArrayBuffer, caseCtx: DeidContext, options: ProcessOptions): Promise<ProcessedInstance<Blob>> {
		const result = await processInstance(buffer, caseCtx, options, encodeJpeg, (stage) => void report?.(id, stage));
		return transfer(result, transferablesOf(result));
	},
	/** redact blacks out regions of an image this device de-identified and previews it (buffers transferred both ways). */
	async redact(buffer: ArrayBuffer, regions: readonly RedactRegion[], options: ProcessOptions): Promise<ProcessedInstance<Blob>> {
		const result = await redactInstance(buffer, regions, options, encodeJpeg);
		return transfer(result, transferablesOf(result));
	},
	/** renderPreview re-renders a stored instance's preview with a window (the buffer is transferred in; nothing is de-identified again). */
	renderPreview(buffer: ArrayBuffer, window: Window | undefined, quality = DEFAULT_QUALITY, frame?: number): Promise<EncodedImage<Blob>> {
		return previewOf(buffer, window, encodeJpeg, quality, frame);
	},
	/** thumbnailOf makes a series' thumbnail from one of its previews (a copy of it comes in, the thumbnail goes out as its Blob). */
	thumbnailOf(preview: EncodedImage, quality = DEFAULT_QUALITY): Promise<EncodedImage<Blob>> {
		return thumbnailOf(preview, THUMBNAIL_MAX_LONG_SIDE, quality);
	}
};

expose(api);

/** DicomWorkerApi is the worker's API as the pool sees it through comlink. */
export type DicomWorkerApi = typeof api;
