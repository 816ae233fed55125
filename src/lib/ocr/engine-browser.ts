/**
 * The recogniser in the browser: tesseract.js's own worker script, its core (the SIMD, LSTM-only
 * build: every browser the app supports has WebAssembly SIMD) and the trained data are served by
 * the app and precached by its service worker, never fetched from the CDN tesseract.js defaults
 * to (corePath, workerPath and langPath all set). Runs inside the OCR worker
 * (workers/ocr.worker.ts), which starts tesseract's worker from there.
 */
import { createWorker, OEM, type Worker } from 'tesseract.js';
import workerUrl from 'tesseract.js/dist/worker.min.js?url';
import coreUrl from 'tesseract.js-core/tesseract-core-simd-lstm.wasm.js?url';
import { OCR_LANG_PATH } from './lang-path';
import { OCR_LANGUAGES, OCR_PARAMETERS, type PageLike } from './read-page';
import type { Recognise } from './find-text';

/** BrowserRecogniser reads images with one tesseract.js worker; `close` ends it. */
export interface BrowserRecogniser {
	recognise: Recognise;
	close(): Promise<void>;
}

/** startBrowserRecogniser starts tesseract's worker with both languages and the sparse-text settings. */
export async function startBrowserRecogniser(origin: string): Promise<BrowserRecogniser> {
	const worker: Worker = await createWorker(OCR_LANGUAGES, OEM.LSTM_ONLY, {
		workerPath: new URL(workerUrl, origin).href,
		corePath: new URL(coreUrl, origin).href,
		langPath: new URL(OCR_LANG_PATH, origin).href,
		// a blob: worker would need blob: in the CSP's worker-src; the script is same-origin anyway
		workerBlobURL: false,
		gzip: true,
		// cacheMethod none: tesseract.js would otherwise keep its own copy of the trained data (MBs)
		// in IndexedDB, beside the service worker's precache that already serves it offline, and on
		// a phone short of space that copy took the room the drafts needed (authoring-quota e2e)
		cacheMethod: 'none'
	});
	await worker.setParameters({ ...OCR_PARAMETERS } as never);
	return {
		recognise: async (png) => (await worker.recognize(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), {}, { blocks: true })).data as unknown as PageLike,
		close: async () => void (await worker.terminate())
	};
}
