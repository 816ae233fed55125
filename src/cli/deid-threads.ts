/**
 * deid-threads: the helper threads of `cassette deid`. The main thread lists and reads the files
 * and processes some itself; whenever a helper has room, it gets the next file's bytes instead
 * (transferred, not copied). Helpers answer on their own MessageChannel, which the main thread
 * drains synchronously between files (`receiveMessageOnPort`): its loop never waits on the event
 * loop, so it never sits idle while a helper works.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// worker_threads is loaded only when there are helpers to start (~1.4 ms of every run otherwise).
import type { MessagePort, Worker } from 'node:worker_threads';
import type { FileJob } from './deid-file';
import type { FileReply, FileRequest, WorkerSetup } from './deid-worker';

/** QUEUE_PER_HELPER: files handed to a helper ahead of time, so it never waits for the main thread between two files. */
const QUEUE_PER_HELPER = 2;

interface Helper {
	worker: Worker;
	results: MessagePort;
	inFlight: Set<number>;
	failed?: string;
}

/**
 * helperEntry is the compiled worker entry next to this module (the CLI's esbuild bundle builds
 * it). When the CLI runs from its TypeScript sources (tsx fallback, tests), there is none, and
 * `cassette deid` simply runs on one thread.
 */
function helperEntry(): URL | undefined {
	const url = new URL('./deid-worker.mjs', import.meta.url);
	return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/** DeidThreads hands files to helper threads and collects their replies. */
export class DeidThreads {
	readonly #helpers: Helper[];

	readonly #receive: typeof import('node:worker_threads').receiveMessageOnPort;

	private constructor(helpers: Helper[], receive: typeof import('node:worker_threads').receiveMessageOnPort) {
		this.#receive = receive;
		this.#helpers = helpers;
	}

	/** start launches `count` helpers running `entry` (the bundle's by default), or returns undefined when there are none to launch. */
	static async start(count: number, job: FileJob, entry = helperEntry()): Promise<DeidThreads | undefined> {
		if (!entry || count < 1) return undefined;
		const { MessageChannel, receiveMessageOnPort, Worker } = await import('node:worker_threads');
		const helpers = Array.from({ length: count }, (): Helper => {
			const { port1, port2 } = new MessageChannel();
			const setup: WorkerSetup = { job, results: port2 };
			const worker = new Worker(entry, { workerData: setup, transferList: [port2] });
			const helper: Helper = { worker, results: port1, inFlight: new Set() };
			// A helper that cannot start or crashes fails the files it holds; the others go on.
			worker.on('error', (error) => (helper.failed = `helper thread failed: ${error.message}`));
			worker.on('exit', (code) => (helper.failed ??= `helper thread exited (${code})`));
			return helper;
		});
		return new DeidThreads(helpers, receiveMessageOnPort);
	}

	/** offer hands the file to a helper with room and returns true, or returns false: then the caller processes it. */
	offer(index: number, bytes: ArrayBuffer): boolean {
		const helper = this.#helpers.find((h) => !h.failed && h.inFlight.size < QUEUE_PER_HELPER);
		if (!helper) return false;
		helper.inFlight.add(index);
		const request: FileRequest = { index, bytes };
		helper.worker.postMessage(request, [bytes]);
		return true;
	}

	/** drain returns the replies already received, without waiting; files held by a failed helper come back as errors. */
	drain(): FileReply[] {
		const replies: FileReply[] = [];
		for (const helper of this.#helpers) {
			for (let m = this.#receive(helper.results); m; m = this.#receive(helper.results)) {
				const reply = m.message as FileReply;
				helper.inFlight.delete(reply.index);
				replies.push(reply);
			}
			if (helper.failed) {
				for (const index of helper.inFlight) replies.push({ index, error: helper.failed, bytes: new ArrayBuffer(0) });
				helper.inFlight.clear();
			}
		}
		return replies;
	}

	/** finish waits for every file handed out, then stops the helpers. */
	async finish(): Promise<FileReply[]> {
		const replies = this.drain();
		while (this.#helpers.some((h) => h.inFlight.size > 0)) {
			// Only the last few files are waited for: a short poll costs nothing next to them.
			await new Promise((resolve) => setTimeout(resolve, 1));
			replies.push(...this.drain());
		}
		await Promise.all(this.#helpers.map((h) => h.worker.terminate()));
		return replies;
	}
}
