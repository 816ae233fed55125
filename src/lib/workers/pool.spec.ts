/**
 * The pool with real comlink over MessageChannels and fake workers that run the real
 * per-instance pipeline (PNG standing in for the canvas JPEG): scheduling, progress, failures,
 * cancellation and disposal, without a browser. pool.chromium.spec.ts runs the real workers.
 */
import { expose } from 'comlink';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportItem } from '../import/types';
import { PYDICOM_TEST_DIR } from '../../../tests/support/pydicom-files';
import { encodePng } from '../dicom/render';
import { DicomWorkerPool, defaultPoolSize, importStudy, type ImportProgress } from './pool';
import { processInstance, type EncodedImage, type ImageEncoder, type ProcessedInstance, type Stage } from './process-instance';

const ctx = { secret: 'pool-spec', dateOffsetDays: -10, timeOffsetSeconds: 45_296 };
// As in the real worker, the preview leaves the worker as its encoder's Blob; the pool reads it.
const png: ImageEncoder<Blob> = async (image) => ({ bytes: new Blob([encodePng(image) as Uint8Array<ArrayBuffer>], { type: 'image/png' }), type: 'image/png', width: image.width, height: image.height });

interface Fakes {
	inFlight: number;
	maxInFlight: number;
	terminated: number;
	never?: boolean;
	/** thumbnailsMade counts thumbnailOf calls; failThumbnails makes them reject. */
	thumbnailsMade: number;
	failThumbnails?: number;
}

/** fakeWorkers makes workers that are MessagePorts whose other end exposes a worker-shaped API. */
function fakeWorkers(fakes: Fakes): () => Worker {
	return () => {
		const { port1, port2 } = new MessageChannel();
		let report: ((id: string, stage: Stage) => void) | undefined;
		expose(
			{
				setReporter: (r: typeof report) => void (report = r),
				// Node has no image decoder: the thumbnail names its source preview's size instead of scaling it.
				async thumbnailOf(preview: EncodedImage) {
					if (fakes.failThumbnails) {
						fakes.failThumbnails--;
						throw new Error('no thumbnail');
					}
					fakes.thumbnailsMade++;
					return { bytes: new Blob([new Uint8Array(4)]), type: 'image/fake', width: preview.width, height: preview.height };
				},
				async processInstance(id: string, buffer: ArrayBuffer) {
					fakes.inFlight++;
					fakes.maxInFlight = Math.max(fakes.maxInFlight, fakes.inFlight);
					try {
						if (fakes.never) await new Promise(() => {});
						// Real workers run in parallel; these share a thread, so each yields as if busy elsewhere.
						await new Promise((resolve) => setTimeout(resolve, 5));
						return await processInstance(buffer, ctx, {}, png, (stage) => void report?.(id, stage));
					} finally {
						fakes.inFlight--;
					}
				}
			},
			port2 as unknown as Worker
		);
		return Object.assign(port1, {
			terminate: () => {
				fakes.terminated++;
				port1.close();
				port2.close();
			}
		}) as unknown as Worker;
	};
}

const fakes = (): Fakes => ({ inFlight: 0, maxInFlight: 0, terminated: 0, thumbnailsMade: 0 });

function itemsOf(names: string[]): ImportItem[] {
	return names.map((name, i) => ({
		id: `item-${i}`,
		size: 0,
		read: async () => {
			if (name === 'junk') return new TextEncoder().encode('not a DICOM file at all').buffer;
			const bytes = readFileSync(join(PYDICOM_TEST_DIR, name));
			return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
		}
	}));
}

describe('importStudy with a pool', () => {
	it('streams every item through the workers with bounded concurrency, counting progress and failures', async () => {
		const f = fakes();
		const pool = new DicomWorkerPool({ size: 2, createWorker: fakeWorkers(f) });
		const names = ['CT_small.dcm', 'MR_small.dcm', 'junk', 'SC_rgb_small_odd.dcm', 'CT_small.dcm', 'liver_1frame.dcm', 'CT_small.dcm'];
		const results: string[] = [];
		const failures: string[] = [];
		const seen: ImportProgress[] = [];
		const final = await importStudy(itemsOf(names), ctx, {
			pool,
			perWorker: 2,
			onInstance: (id, result) => void results.push(`${id}:${result.excluded ? 'excluded' : result.summary.modality}`),
			onFailure: (id, message) => void failures.push(`${id}:${message}`),
			onProgress: (p) => void seen.push(p)
		});
		expect(results.sort()).toEqual(['item-0:CT', 'item-1:excluded', 'item-3:excluded', 'item-4:CT', 'item-5:SEG', 'item-6:CT'].sort());
		expect(failures).toHaveLength(1);
		expect(failures[0]).toMatch(/^item-2:.*DICOM/);
		// MR_small (derived secondary) and the secondary capture are burned-in risks.
		expect(final).toMatchObject({ filesRead: 7, instancesDeidentified: 4, previewsMade: 4, excluded: 2, failed: 1 });
		expect(final.bytesRead).toBeGreaterThan(0);
		expect(seen.at(-1)).toEqual(final);
		expect(f.maxInFlight).toBeLessThanOrEqual(4);
		expect(f.maxInFlight).toBeGreaterThan(1);
		pool.dispose();
		expect(f.terminated).toBe(2);
	});

	it('adds one thumbnail per series, to the first of its results with a preview, and retries one that failed', async () => {
		const f = { ...fakes(), failThumbnails: 1 };
		const pool = new DicomWorkerPool({ size: 2, createWorker: fakeWorkers(f) });
		const results: ProcessedInstance[] = [];
		// CT_small and rtdose are two series; the RT plan has no preview and gets no thumbnail.
		await importStudy(itemsOf(['CT_small.dcm', 'CT_small.dcm', 'rtplan.dcm', 'rtdose.dcm', 'CT_small.dcm', 'rtdose.dcm']), ctx, {
			pool,
			onInstance: (_id, result) => void results.push(result)
		});
		const withThumbnail = results.filter((r) => r.thumbnail);
		expect(withThumbnail.map((r) => r.summary.modality).sort()).toEqual(['CT', 'RTDOSE']);
		for (const result of withThumbnail) expect(result.thumbnail).toMatchObject({ width: result.preview!.width, height: result.preview!.height });
		// Previews and thumbnails reach the consumer as bytes, read from the workers' Blobs.
		for (const result of results.filter((r) => r.preview)) expect(new Uint8Array(result.preview!.bytes, 1, 3)).toEqual(new TextEncoder().encode('PNG'));
		for (const result of withThumbnail) expect(result.thumbnail!.bytes.byteLength).toBe(4);
		// The first CT thumbnail failed; the next CT preview made it.
		expect(f.thumbnailsMade).toBe(2);
		expect(results.filter((r) => r.summary.modality === 'CT').findIndex((r) => r.thumbnail)).toBe(1);
		pool.dispose();
	});

	it('rejects with AbortError when cancelled while a worker is busy', async () => {
		const f = { ...fakes(), never: true };
		const pool = new DicomWorkerPool({ size: 1, createWorker: fakeWorkers(f) });
		const controller2 = new AbortController();
		const run2 = importStudy(itemsOf(['CT_small.dcm', 'CT_small.dcm']), ctx, {
			pool,
			signal: controller2.signal,
			onInstance: () => {},
			onProgress: (p) => {
				if (p.filesRead === 1) setTimeout(() => controller2.abort(), 10);
			}
		});
		await expect(run2).rejects.toMatchObject({ name: 'AbortError' });
		pool.dispose();
	});

	it('rejects calls in flight when the pool is disposed or a worker dies, instead of waiting forever', async () => {
		const f = { ...fakes(), never: true };
		const pool = new DicomWorkerPool({ size: 1, createWorker: fakeWorkers(f) });
		const pending = pool.process(0, 'a', new ArrayBuffer(8), ctx);
		pool.dispose();
		await expect(pending).rejects.toThrow('the worker pool was disposed');
		await expect(pool.process(0, 'b', new ArrayBuffer(8), ctx)).rejects.toThrow('disposed');

		let worker: Worker | undefined;
		const make = fakeWorkers({ ...fakes(), never: true });
		const dying = new DicomWorkerPool({ size: 1, createWorker: () => (worker = make()) });
		const stuck = dying.process(0, 'c', new ArrayBuffer(8), ctx);
		worker!.dispatchEvent(new Event('error'));
		await expect(stuck).rejects.toThrow('a DICOM worker failed');
		dying.dispose();
	});
});

describe('defaultPoolSize', () => {
	it('leaves a core to the page but never runs fewer than two workers', () => {
		expect([1, 2, 3, 4, 8].map((cores) => defaultPoolSize(cores))).toEqual([2, 2, 2, 3, 7]);
	});
});
