/**
 * app-pool: the app's one long-lived worker pool, for the work a draft asks of the DICOM engine
 * after its import (re-rendering previews with a window, blacking out burned-in text): started on
 * first use and kept warm, its codecs loaded. An import streams through a pool of its own made by
 * `importStudy`, so that cancelling it can terminate its workers at once.
 */
import { DicomWorkerPool } from './pool';

let pool: DicomWorkerPool | null = null;

/** appPool returns the app's pool, starting it (one worker) on first use. */
export function appPool(): DicomWorkerPool {
	pool ??= new DicomWorkerPool({ size: 1 });
	return pool;
}
