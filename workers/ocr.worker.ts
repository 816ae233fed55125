/**
 * ocr.worker: on-device OCR of burned-in text, off the main thread. Thin: decodes the image
 * (createImageBitmap), hands its pixels to `findIdentifyingText` ($lib/ocr: grey, scaled up,
 * tesseract.js, the matcher) and returns the finding. tesseract.js runs its own worker, started
 * from here on first use and kept, with its core and trained data loaded.
 */
import { expose } from 'comlink';
import type { PhiRecord } from '$lib/dicom/deid';
import { startBrowserRecogniser, type BrowserRecogniser } from '$lib/ocr/engine-browser';
import { findIdentifyingText, type OcrFinding } from '$lib/ocr/find-text';

let recogniser: Promise<BrowserRecogniser> | null = null;

async function pixelsOf(bytes: ArrayBuffer, type: string) {
	const bitmap = await createImageBitmap(new Blob([bytes], { type }));
	try {
		const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
		const context = canvas.getContext('2d');
		if (!context) throw new Error('OffscreenCanvas 2D context unavailable');
		context.drawImage(bitmap, 0, 0);
		return { width: bitmap.width, height: bitmap.height, rgba: context.getImageData(0, 0, bitmap.width, bitmap.height).data };
	} finally {
		bitmap.close();
	}
}

const api = {
	/** findText reads an encoded image (JPEG or PNG, transferred in) and returns what identifies on it, in its pixels, masked. */
	async findText(bytes: ArrayBuffer, type: string, record: PhiRecord): Promise<OcrFinding> {
		// a failed start is not kept: the next image tries again
		recogniser ??= startBrowserRecogniser(self.location.origin).catch((error) => {
			recogniser = null;
			throw error;
		});
		const { recognise } = await recogniser;
		return findIdentifyingText(await pixelsOf(bytes, type), record, recognise);
	}
};

expose(api);

/** OcrWorkerApi is the worker's API as the app's pool sees it through comlink. */
export type OcrWorkerApi = typeof api;
