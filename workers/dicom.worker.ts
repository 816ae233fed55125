/**
 * dicom.worker: the DICOM engine in a Web Worker. Thin: the pipeline is processInstance; this
 * file adds the OffscreenCanvas JPEG encoder and hands buffers back as transferables.
 */
import { expose, transfer } from 'comlink';
import type { DeidContext } from '$lib/dicom/deid';
import type { RenderedImage } from '$lib/dicom/render';
import { processInstance, transferablesOf, type EncodedImage, type ProcessedInstance, type ProcessOptions, type Stage } from '$lib/workers/process-instance';

async function jpegOf(canvas: OffscreenCanvas, quality: number): Promise<EncodedImage> {
	const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
	return { bytes: await blob.arrayBuffer(), type: blob.type, width: canvas.width, height: canvas.height };
}

function context2d(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
	const context = canvas.getContext('2d');
	if (!context) throw new Error('OffscreenCanvas 2D context unavailable');
	return context;
}

/** encodeJpeg draws the pixels on an OffscreenCanvas, encodes them as JPEG, and scales the canvas down for the thumbnail. */
async function encodeJpeg(image: RenderedImage, quality: number, thumbnailLongSide: number): Promise<{ preview: EncodedImage; thumbnail: EncodedImage }> {
	const canvas = new OffscreenCanvas(image.width, image.height);
	// The renderer allocates its own ArrayBuffer (never shared memory), as ImageData requires.
	context2d(canvas).putImageData(new ImageData(image.rgba as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
	const scale = Math.min(1, thumbnailLongSide / Math.max(image.width, image.height));
	const small = new OffscreenCanvas(Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
	const smallContext = context2d(small);
	smallContext.imageSmoothingQuality = 'high';
	smallContext.drawImage(canvas, 0, 0, small.width, small.height);
	const [preview, thumbnail] = await Promise.all([jpegOf(canvas, quality), jpegOf(small, quality)]);
	return { preview, thumbnail };
}

let report: ((id: string, stage: Stage) => void) | undefined;

const api = {
	/** setReporter registers the pool's progress callback (a comlink proxy), once per worker. */
	setReporter(reporter: (id: string, stage: Stage) => void): void {
		report = reporter;
	},
	/** processInstance processes one file; its buffer is transferred in, the result's buffers transferred out. */
	async processInstance(id: string, buffer: ArrayBuffer, caseCtx: DeidContext, options: ProcessOptions): Promise<ProcessedInstance> {
		const result = await processInstance(buffer, caseCtx, options, encodeJpeg, (stage) => void report?.(id, stage));
		return transfer(result, transferablesOf(result));
	}
};

expose(api);

/** DicomWorkerApi is the worker's API as the pool sees it through comlink. */
export type DicomWorkerApi = typeof api;
