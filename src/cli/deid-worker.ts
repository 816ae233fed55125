/**
 * deid-worker: a helper thread of `cassette deid` (worker_threads). It receives files' bytes
 * (transferred, not copied) and answers on its own port, which the main thread drains
 * synchronously between files (see deid-threads.ts).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { deidentifyFile, stagingPath, type FileJob } from './deid-file';
import { describeError } from './errors';

/** WorkerSetup is the thread's workerData. */
export interface WorkerSetup {
	job: FileJob;
	results: MessagePort;
}

/** FileRequest is one file to process; FileReply its answer. */
export interface FileRequest {
	index: number;
	bytes: ArrayBuffer;
}
/** FileReply carries the bytes back (transferred), for the main thread to read the next file into. */
export type FileReply = ({ index: number; outcome: ReturnType<typeof deidentifyFile> } | { index: number; error: string }) & { bytes: ArrayBuffer };

const { job, results } = workerData as WorkerSetup;
parentPort!.on('message', ({ index, bytes }: FileRequest) => {
	let reply: FileReply;
	try {
		// Written aside: the main thread decides which of two files with one SOP Instance UID is kept.
		reply = { index, outcome: deidentifyFile(new Uint8Array(bytes), job, index, stagingPath(job.out, index)), bytes };
	} catch (error) {
		reply = { index, error: describeError(error), bytes };
	}
	results.postMessage(reply, [bytes]);
});
