/**
 * pool: the one main-thread module that owns the DICOM workers. hardwareConcurrency − 1 workers
 * (at least two) wrapped with comlink; file buffers are transferred in, de-identified bytes,
 * previews and thumbnails transferred out (only a series' thumbnail source is copied in); progress comes back through one comlink proxy per
 * worker; dispose releases the proxies and terminates the workers.
 */
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import type { DicomWorkerApi } from '../../../workers/dicom.worker';
import type { DeidContext, RedactRegion } from '../dicom/deid';
import type { Window } from '../dicom/render';
import type { ImportItem } from '../import/types';
import type { EncodedImage, ProcessedInstance, ProcessOptions, Stage } from './process-instance';
import { streamThrough } from './stream';

/**
 * defaultPoolSize leaves one core to the page, hardwareConcurrency − 1, but never fewer than two
 * workers: on a 2-core device one worker left the second core to a page that only awaits results
 * and writes them to IndexedDB, and decoding (JPEG-LS, JPEG 2000) is what an import waits on.
 */
export function defaultPoolSize(cores: number = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2): number {
	return Math.max(2, cores - 1);
}

/** createDicomWorker starts one worker (Vite bundles the entry from this URL). */
export function createDicomWorker(): Worker {
	return new Worker(new URL('../../../workers/dicom.worker.ts', import.meta.url), { type: 'module' });
}

/**
 * bytesOf reads an image the worker handed over as a Blob: the worker is the import's
 * bottleneck, the main thread has time to spare.
 */
async function bytesOf(image: EncodedImage<Blob>): Promise<EncodedImage> {
	return { ...image, bytes: await image.bytes.arrayBuffer() };
}

/** imageBytesOf reads a worker's result's images (preview, CT values) out of their Blobs. */
async function imageBytesOf({ preview, values, ...rest }: ProcessedInstance<Blob>): Promise<ProcessedInstance> {
	return { ...rest, ...(preview && { preview: await bytesOf(preview) }), ...(values && { values: await bytesOf(values) }) };
}

/** PoolOptions: the pool's size and, for tests, how workers are made. */
export interface PoolOptions {
	readonly size?: number;
	readonly createWorker?: () => Worker;
}

/** DicomWorkerPool holds the workers for as long as the app wants them warm (codecs stay loaded). */
export class DicomWorkerPool {
	readonly #workers: { worker: Worker; api: Remote<DicomWorkerApi> }[];
	#onStage: ((id: string, stage: Stage) => void) | undefined;
	#disposed = false;
	#nextThumbnail = 0;
	/** #broken rejects when the pool is disposed or a worker dies: a call in flight would otherwise wait forever. */
	readonly #broken: Promise<never>;
	#breakPool: (error: Error) => void = () => {};

	constructor(options: PoolOptions = {}) {
		const size = options.size ?? defaultPoolSize();
		if (!Number.isInteger(size) || size < 1) throw new RangeError(`pool size must be a whole number ≥ 1, got ${size}`);
		this.#broken = new Promise<never>((_, reject) => (this.#breakPool = reject));
		this.#broken.catch(() => {});
		const create = options.createWorker ?? createDicomWorker;
		const reporter = proxy((id: string, stage: Stage) => this.#onStage?.(id, stage));
		this.#workers = Array.from({ length: size }, () => {
			const worker = create();
			// An error event reaching here is a worker that failed to load or crashed, not a bad file.
			worker.addEventListener('error', (event) => this.#breakPool(new Error(`a DICOM worker failed: ${(event as ErrorEvent).message ?? 'unknown error'}`)));
			const api = wrap<DicomWorkerApi>(worker);
			void api.setReporter(reporter);
			return { worker, api };
		});
	}

	/** size is the number of workers. */
	get size(): number {
		return this.#workers.length;
	}

	/** onStage sets the listener of the workers' progress events (one import at a time). */
	set onStage(listener: ((id: string, stage: Stage) => void) | undefined) {
		this.#onStage = listener;
	}

	/** process runs one file on worker `index % size`; the buffer is transferred (emptied here). */
	process(index: number, id: string, buffer: ArrayBuffer, caseCtx: DeidContext, options: ProcessOptions = {}): Promise<ProcessedInstance> {
		if (this.#disposed) return Promise.reject(new Error('the worker pool was disposed'));
		const { api } = this.#workers[index % this.#workers.length];
		const call = api.processInstance(id, transfer(buffer, [buffer]), caseCtx, options) as Promise<ProcessedInstance<Blob>>;
		return Promise.race([call.then(imageBytesOf), this.#broken]);
	}

	/** thumbnail scales a preview down to a series thumbnail on the next worker in turn; the preview is copied, not transferred. */
	thumbnail(preview: EncodedImage, quality?: number): Promise<EncodedImage> {
		if (this.#disposed) return Promise.reject(new Error('the worker pool was disposed'));
		const { api } = this.#workers[this.#nextThumbnail++ % this.#workers.length];
		return Promise.race([(api.thumbnailOf(preview, quality) as Promise<EncodedImage<Blob>>).then(bytesOf), this.#broken]);
	}

	/** redact blacks out regions of a de-identified instance and previews it, on the next worker in turn; the buffer is transferred. */
	redact(buffer: ArrayBuffer, regions: readonly RedactRegion[], options: ProcessOptions = {}): Promise<ProcessedInstance> {
		if (this.#disposed) return Promise.reject(new Error('the worker pool was disposed'));
		const { api } = this.#workers[this.#nextThumbnail++ % this.#workers.length];
		// plain copies: a caller's reactive state (a Svelte $state proxy) cannot be cloned into a worker
		const plain = regions.map(({ x, y, width, height }) => ({ x, y, width, height }));
		const call = api.redact(transfer(buffer, [buffer]), plain, { ...options }) as Promise<ProcessedInstance<Blob>>;
		return Promise.race([call.then(imageBytesOf), this.#broken]);
	}

	/** renderPreview re-renders a stored instance's preview with a window (default: the file's own) on the next worker in turn; the buffer is transferred. `frame` defaults to the middle one, as at import. */
	renderPreview(buffer: ArrayBuffer, window?: Window, quality?: number, frame?: number): Promise<EncodedImage> {
		if (this.#disposed) return Promise.reject(new Error('the worker pool was disposed'));
		const { api } = this.#workers[this.#nextThumbnail++ % this.#workers.length];
		const plain = window && { center: window.center, width: window.width };
		return Promise.race([(api.renderPreview(transfer(buffer, [buffer]), plain, quality, frame) as Promise<EncodedImage<Blob>>).then(bytesOf), this.#broken]);
	}

	/** dispose releases the comlink proxies and terminates every worker; calls in flight reject. */
	dispose(): void {
		if (this.#disposed) return;
		this.#disposed = true;
		this.#breakPool(new Error('the worker pool was disposed'));
		for (const { worker, api } of this.#workers) {
			api[releaseProxy]();
			worker.terminate();
		}
	}
}

/** ImportProgress counts what an import has done so far. */
export interface ImportProgress {
	filesRead: number;
	bytesRead: number;
	instancesDeidentified: number;
	previewsMade: number;
	excluded: number;
	failed: number;
}

/** ImportOptions: the consumer of results, progress, cancellation. */
export interface ImportOptions {
	/**
	 * onInstance receives each result, by item id; the next file is read only after it returns
	 * (store it, then return). The first result of each series with a preview carries the series'
	 * thumbnail.
	 */
	readonly onInstance: (id: string, result: ProcessedInstance) => void | Promise<void>;
	/** onFailure receives each file that could not be processed (not DICOM, truncated...). */
	readonly onFailure?: (id: string, message: string) => void;
	readonly onProgress?: (progress: Readonly<ImportProgress>) => void;
	readonly signal?: AbortSignal;
	readonly options?: ProcessOptions;
	/** pool to use (kept alive afterwards); without one, a pool is made for this import and disposed at its end. */
	readonly pool?: DicomWorkerPool;
	/**
	 * perWorker is how many files each worker has in hand: 4 by default. A worker encodes a JPEG
	 * synchronously, but Chromium resolves its blob 10–30 ms later and the file's slot is held
	 * until then, so the next files must already be in the worker's queue. (300-slice CT, one
	 * worker, loaded 2-core machine: 2 left the worker idle about a quarter of the import; 8 and
	 * 16 measured no better than 4.)
	 */
	readonly perWorker?: number;
}

/**
 * importStudy streams a source's items through the pool with bounded concurrency: never more than
 * `pool.size × perWorker` files in memory, each handed to `onInstance` and forgotten. It resolves
 * with the final counts, or rejects with an AbortError when `signal` aborts (an own pool is then
 * terminated at once).
 */
export async function importStudy(source: AsyncIterable<ImportItem> | Iterable<ImportItem>, caseCtx: DeidContext, options: ImportOptions): Promise<ImportProgress> {
	const pool = options.pool ?? new DicomWorkerPool();
	const progress: ImportProgress = { filesRead: 0, bytesRead: 0, instancesDeidentified: 0, previewsMade: 0, excluded: 0, failed: 0 };
	const changed = () => options.onProgress?.({ ...progress });
	// Stage events travel on the reporter's channel, results on the call's: either may come
	// first. Each stage of each item is counted once, by whichever arrives first; an event for an
	// item already settled (or of another import) is ignored.
	const stagesSeen = new Map<string, Set<Stage>>();
	const countStage = (id: string, stage: Stage) => {
		const seen = stagesSeen.get(id);
		if (!seen || seen.has(stage)) return false;
		seen.add(stage);
		if (stage === 'deidentified') progress.instancesDeidentified++;
		else progress.previewsMade++;
		return true;
	};
	pool.onStage = (id, stage) => {
		if (countStage(id, stage)) changed();
	};
	// A series gets one thumbnail, made from the first of its previews to come back. Results
	// arrive from several slots at once: the other results of a series wait for its attempt, and
	// when that attempt fails the next of them tries again.
	const attempts = new Map<string, Promise<boolean>>();
	const withThumbnail = async (result: ProcessedInstance): Promise<ProcessedInstance> => {
		if (!result.preview) return result;
		const series = result.summary.seriesInstanceUID;
		for (let attempt = attempts.get(series); attempt; attempt = attempts.get(series)) {
			if (await attempt) return result;
		}
		let settle: (made: boolean) => void = () => {};
		attempts.set(series, new Promise((resolve) => (settle = resolve)));
		const thumbnail = await pool.thumbnail(result.preview, options.options?.quality).catch(() => undefined);
		if (!thumbnail) attempts.delete(series);
		settle(thumbnail !== undefined);
		return thumbnail ? { ...result, thumbnail } : result;
	};
	const stopOwnPool = () => pool.dispose();
	if (!options.pool) options.signal?.addEventListener('abort', stopOwnPool, { once: true });
	try {
		await streamThrough(source, {
			slots: pool.size * (options.perWorker ?? 4),
			signal: options.signal,
			run: async (item, slot) => {
				const buffer = await item.read();
				stagesSeen.set(item.id, new Set());
				progress.filesRead++;
				progress.bytesRead += buffer.byteLength;
				changed();
				return pool.process(slot, item.id, buffer, caseCtx, options.options);
			},
			onResult: async (item, result) => {
				if (result.deidentified) countStage(item.id, 'deidentified');
				if (result.preview) countStage(item.id, 'preview');
				stagesSeen.delete(item.id);
				if (result.excluded) progress.excluded++;
				changed();
				await options.onInstance(item.id, await withThumbnail(result));
			},
			onError: (item, error) => {
				stagesSeen.delete(item.id);
				progress.failed++;
				changed();
				options.onFailure?.(item.id, error instanceof Error ? error.message : String(error));
			}
		});
		return { ...progress };
	} finally {
		pool.onStage = undefined;
		options.signal?.removeEventListener('abort', stopOwnPool);
		if (!options.pool) pool.dispose();
	}
}
