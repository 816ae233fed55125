/**
 * The bench page: imports the files chosen in its file input through the real pipeline
 * (importItems → importStudy → worker pool) and reports times and sizes to the harness.
 */
import { decodeFrame } from '$lib/dicom/decode/decode-frame';
import { encodedFrame, imageInfoOf } from '$lib/dicom/decode/frames';
import { parseDicom } from '$lib/dicom/parse';
import { fromFiles, importItems, type SkippedFile } from '$lib/import';
import { DicomWorkerPool, importStudy, type ImportProgress } from '$lib/workers';
import { windowingCheck, type WindowingCheck } from './windowing-check';

/** ImportRun is what one import reports. */
export interface ImportRun {
	ms: number;
	progress: ImportProgress;
	sourceBytes: number;
	dicomBytes: number;
	previewBytes: number;
	thumbnailBytes: number;
	/** thumbnails counts the thumbnails made; series counts the series that got a preview (one thumbnail each is the goal). */
	thumbnails: number;
	series: number;
	/** thumbnailTypes and thumbnailLongSide: the thumbnails' media types and their longest side. */
	thumbnailTypes: string[];
	thumbnailLongSide: number;
	previewTypes: string[];
	previewErrors: string[];
	failures: string[];
	skipped: SkippedFile[];
	poolSize: number;
	/** outputsContaining counts de-identified files in which `find` occurs (Latin-1 bytes): 0 is the goal. */
	outputsContaining: number;
	/** outputsWithoutDicm counts de-identified files without the Part 10 "DICM" marker. */
	outputsWithoutDicm: number;
}

/** ImportAllOptions: cancel after some files, look for a PHI string in the outputs. */
export interface ImportAllOptions {
	abortAfter?: number;
	find?: string;
}

function latin1(bytes: ArrayBuffer): string {
	return new TextDecoder('latin1').decode(bytes);
}

declare global {
	interface Window {
		bench: {
			readOnly(): Promise<{ ms: number; bytes: number }>;
			decodeOnly(): Promise<{ ms: number }>;
			importAll(options?: ImportAllOptions): Promise<ImportRun>;
		};
		windowingCheck(): Promise<WindowingCheck>;
	}
}

const input = document.querySelector<HTMLInputElement>('#files')!;
let pool: DicomWorkerPool | undefined;

window.windowingCheck = windowingCheck;

window.bench = {
	/** readOnly reads every chosen file's bytes, one after another: the floor an import is measured against. */
	async readOnly() {
		const start = performance.now();
		let bytes = 0;
		for (const file of Array.from(input.files ?? [])) bytes += (await file.arrayBuffer()).byteLength;
		return { ms: performance.now() - start, bytes };
	},
	/**
	 * decodeOnly reads, parses and decodes every chosen file's first frame on this page's thread,
	 * nothing else: the codec's share of an import, which the pool's workers split between them.
	 */
	async decodeOnly() {
		const start = performance.now();
		for (const file of Array.from(input.files ?? [])) {
			const parsed = parseDicom(new Uint8Array(await file.arrayBuffer()));
			const info = imageInfoOf(parsed, 0);
			await decodeFrame(encodedFrame(parsed, 0, info), info, parsed.transferSyntaxUID);
		}
		return { ms: performance.now() - start };
	},
	/** importAll runs the whole pipeline on the chosen files; results are counted and dropped, as a store would. */
	async importAll(options = {}) {
		// The pool stays warm between runs, as in the app (workers and codecs loaded once).
		pool ??= new DicomWorkerPool();
		const files = Array.from(input.files ?? []);
		const run: ImportRun = {
			ms: 0,
			progress: { filesRead: 0, bytesRead: 0, instancesDeidentified: 0, previewsMade: 0, excluded: 0, failed: 0 },
			sourceBytes: files.reduce((sum, f) => sum + f.size, 0),
			dicomBytes: 0,
			previewBytes: 0,
			thumbnailBytes: 0,
			thumbnails: 0,
			series: 0,
			thumbnailTypes: [],
			thumbnailLongSide: 0,
			previewTypes: [],
			previewErrors: [],
			failures: [],
			skipped: [],
			poolSize: pool.size,
			outputsContaining: 0,
			outputsWithoutDicm: 0
		};
		const series = new Set<string>();
		const controller = new AbortController();
		const start = performance.now();
		try {
			run.progress = await importStudy(importItems(fromFiles(files), (s) => run.skipped.push(s)), { secret: 'bench-case', dateOffsetDays: -400, timeOffsetSeconds: 45_296 }, {
				pool,
				signal: controller.signal,
				onInstance: (_id, result) => {
					const dicom = result.deidentified?.bytes;
					if (dicom) {
						run.dicomBytes += dicom.byteLength;
						if (latin1(dicom.slice(128, 132)) !== 'DICM') run.outputsWithoutDicm++;
						if (options.find && latin1(dicom).includes(options.find)) run.outputsContaining++;
					}
					run.previewBytes += result.preview?.bytes.byteLength ?? 0;
					run.thumbnailBytes += result.thumbnail?.bytes.byteLength ?? 0;
					if (result.thumbnail) {
						run.thumbnails++;
						run.thumbnailLongSide = Math.max(run.thumbnailLongSide, result.thumbnail.width, result.thumbnail.height);
						if (!run.thumbnailTypes.includes(result.thumbnail.type)) run.thumbnailTypes.push(result.thumbnail.type);
					}
					if (result.preview) series.add(result.summary.seriesInstanceUID);
					if (result.preview && !run.previewTypes.includes(result.preview.type)) run.previewTypes.push(result.preview.type);
					if (result.previewError) run.previewErrors.push(result.previewError);
				},
				onFailure: (_id, message) => run.failures.push(message),
				onProgress: (p) => {
					run.progress = p;
					if (options.abortAfter !== undefined && p.filesRead >= options.abortAfter) controller.abort();
				}
			});
		} catch (error) {
			if ((error as Error).name !== 'AbortError') throw error;
			run.failures.push('aborted');
		}
		run.ms = performance.now() - start;
		run.series = series.size;
		return run;
	}
};
