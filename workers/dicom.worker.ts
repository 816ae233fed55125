/**
 * dicom.worker: the DICOM engine in a Web Worker. Thin: the pipeline is processInstance; this
 * file adds the OffscreenCanvas JPEG encoder and hands buffers back as transferables.
 */
import { expose, transfer } from 'comlink';
import type { DeidContext } from '$lib/dicom/deid';
import type { RenderedImage } from '$lib/dicom/render';
import { processInstance, transferablesOf, type EncodedImage, type ProcessedInstance, type ProcessOptions, type Stage } from '$lib/workers/process-instance';

/** encodeJpeg draws the pixels on an OffscreenCanvas and encodes them as JPEG. */
async function encodeJpeg(image: RenderedImage, quality: number): Promise<EncodedImage> {
	const canvas = new OffscreenCanvas(image.width, image.height);
	const context = canvas.getContext('2d');
	if (!context) throw new Error('OffscreenCanvas 2D context unavailable');
	// The renderer allocates its own ArrayBuffer (never shared memory), as ImageData requires.
	context.putImageData(new ImageData(image.rgba as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
	const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
	return { bytes: await blob.arrayBuffer(), type: blob.type, width: image.width, height: image.height };
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
