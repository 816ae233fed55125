/**
 * app-pool: the app's one long-lived worker pool, for the work a draft asks of the DICOM engine
 * after its import (re-rendering previews with a window, blacking out burned-in text): started on
 * first use and kept warm, its codecs loaded. An import streams through a pool of its own made by
 * `importStudy`, so that cancelling it can terminate its workers at once.
 */
import { transfer, wrap, type Remote } from 'comlink';
import type { OcrWorkerApi } from '../../../workers/ocr.worker';
import type { PhiRecord } from '../dicom/deid';
import type { OcrFinding } from '../ocr/find-text';
import { DicomWorkerPool } from './pool';

let pool: DicomWorkerPool | null = null;

/** appPool returns the app's pool, starting it (one worker) on first use. */
export function appPool(): DicomWorkerPool {
	pool ??= new DicomWorkerPool({ size: 1 });
	return pool;
}

/** OCR_TIMEOUT_MS: an image not read by then counts as unreadable (the review then asks the author to look by eye) rather than waiting forever. */
const OCR_TIMEOUT_MS = 120_000;

let ocr: { worker: Worker; api: Remote<OcrWorkerApi>; failed: Promise<never> } | null = null;

function ocrWorker() {
	if (ocr) return ocr;
	const worker = new Worker(new URL('../../../workers/ocr.worker.ts', import.meta.url), { type: 'module' });
	// a worker that fails to load or crashes (out of memory on a phone) answers nothing: calls in flight fail, the next starts a new one
	const failed = new Promise<never>((_, reject) =>
		worker.addEventListener('error', (event) => {
			ocr = null;
			worker.terminate();
			reject(new Error(`the OCR worker failed: ${(event as ErrorEvent).message ?? 'unknown error'}`));
		})
	);
	failed.catch(() => {});
	ocr = { worker, api: wrap<OcrWorkerApi>(worker), failed };
	return ocr;
}

/**
 * findBurnedInText reads an image (JPEG or PNG bytes, copied) in the app's OCR worker, started on
 * first use and kept (tesseract.js and its trained data stay loaded), and returns the identifying
 * text on it, matched against `record`. Calls queue in the one worker: OCR is memory-heavy.
 */
export function findBurnedInText(bytes: ArrayBuffer, type: string, record: PhiRecord): Promise<OcrFinding> {
	const { api, failed } = ocrWorker();
	const copy = bytes.slice(0);
	// plain copies: a caller's reactive state (a Svelte $state proxy) cannot be cloned into a worker
	const plain: PhiRecord = { values: record.values.map((v) => ({ kind: v.kind, value: v.value, sources: [...v.sources] })) };
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('OCR took too long')), OCR_TIMEOUT_MS)));
	return Promise.race([api.findText(transfer(copy, [copy]), type, plain), failed, timeout]).finally(() => clearTimeout(timer));
}
