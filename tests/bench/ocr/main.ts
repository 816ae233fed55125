/**
 * The OCR bench page: `window.ocrBench.read(png, record)` runs one image through the app's own
 * path — the app pool's OCR worker (`findBurnedInText`) — and returns the finding and its time.
 */
import type { PhiRecord } from '$lib/dicom/deid';
import type { OcrFinding } from '$lib/ocr/find-text';
import { findBurnedInText } from '$lib/workers/app-pool';

declare global {
	interface Window {
		ocrBench: { read(png: number[], record: PhiRecord): Promise<{ finding: OcrFinding; ms: number }> };
	}
}

window.ocrBench = {
	async read(png, record) {
		const bytes = new Uint8Array(png).buffer;
		const started = performance.now();
		const finding = await findBurnedInText(bytes, 'image/png', record);
		return { finding, ms: performance.now() - started };
	}
};
