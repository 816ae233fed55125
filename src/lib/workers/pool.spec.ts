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
import { PYDICOM_TEST_DIR } from '../dicom/test-files';
import { encodePng, resizeToFit, type RenderedImage } from '../dicom/render';
import { DicomWorkerPool, importStudy, type ImportProgress } from './pool';
import { processInstance, type ImageEncoder, type Stage } from './process-instance';

const ctx = { secret: 'pool-spec', dateOffsetDays: -10 };
const encoded = (image: RenderedImage) => ({ bytes: encodePng(image).slice().buffer, type: 'image/png', width: image.width, height: image.height });
const png: ImageEncoder = async (image, _q, side) => ({ preview: encoded(image), thumbnail: encoded(resizeToFit(image, side)) });

interface Fakes {
	inFlight: number;
	maxInFlight: number;
	terminated: number;
	never?: boolean;
}

/** fakeWorkers makes workers that are MessagePorts whose other end exposes a worker-shaped API. */
function fakeWorkers(fakes: Fakes): () => Worker {
	return () => {
		const { port1, port2 } = new MessageChannel();
		let report: ((id: string, stage: Stage) => void) | undefined;
		expose(
			{
				setReporter: (r: typeof report) => void (report = r),
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

const fakes = (): Fakes => ({ inFlight: 0, maxInFlight: 0, terminated: 0 });

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
