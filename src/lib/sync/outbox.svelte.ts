/**
 * Outbox: the app's publishing queue as reactive state for the UI (per-case phase, files and
 * bytes, error). Cases publish one at a time (a slow mobile link is shared, not split); a case can
 * be paused and resumed; failed-by-network cases resume by themselves when the `online` event
 * fires and when the app starts (`start()`).
 */
import { listOutbox, putOutbox, getOutbox } from '../db/drafts';
import { newOutboxEntry, publishCase, type OutboxDeps, type OutboxProgress } from './outbox';

/** OutboxOptions: the publishing dependencies, the window (for `online` events), and the publisher (tests inject one). */
export interface OutboxOptions {
	deps: Omit<OutboxDeps, 'onProgress'>;
	events?: Pick<Window, 'addEventListener' | 'removeEventListener'> & { navigator?: { onLine: boolean } };
	publish?: typeof publishCase;
}

function idle(caseId: string, phase: OutboxProgress['phase'], error = ''): OutboxProgress {
	return { caseId, phase, filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, error, errorDetail: '', hits: [], invalid: {}, publicUrl: '' };
}

/** Outbox manages publishing for the whole app; create one, call `start()`, and `stop()` on teardown. */
export class Outbox {
	#progress = $state<Record<string, OutboxProgress>>({});
	#queue: string[] = [];
	#running = $state<string | null>(null);
	#controller: AbortController | null = null;
	/** #run settles when the running case's publish has ended and its outcome is recorded. */
	#run: Promise<void> = Promise.resolve();
	#deps: Omit<OutboxDeps, 'onProgress'>;
	#events: OutboxOptions['events'];
	#publish: typeof publishCase;
	// queue/pause writes run in call order, so a pause right after a publish is what is saved last
	#writes: Promise<void> = Promise.resolve();
	#stopped = false;
	#onOnline = () => {
		void this.#resumeInterrupted().then(() => this.#drain());
	};

	constructor(options: OutboxOptions) {
		this.#deps = options.deps;
		this.#events = options.events ?? (typeof window === 'undefined' ? undefined : window);
		this.#publish = options.publish ?? publishCase;
	}

	/** cases is the progress of every case the outbox knows, for the list of uploads. */
	get cases(): OutboxProgress[] {
		return Object.values(this.#progress);
	}

	/** busy is true while a case is being published. */
	get busy(): boolean {
		return this.#running !== null;
	}

	/** progressOf returns one case's progress, or undefined when it was never queued. */
	progressOf(caseId: string): OutboxProgress | undefined {
		return this.#progress[caseId];
	}

	/** start loads saved outbox states, resumes interrupted uploads and listens for the network returning. */
	async start(): Promise<void> {
		for (const entry of await listOutbox(this.#deps.db)) {
			this.#progress[entry.caseId] ??= idle(entry.caseId, entry.phase, entry.error);
		}
		this.#stopped = false;
		this.#events?.addEventListener('online', this.#onOnline);
		await this.#resumeInterrupted();
	}

	/** stop stops listening and interrupts the running upload; unlike a pause, it stays queued, so the next `start` resumes it. */
	stop(): void {
		this.#stopped = true;
		this.#events?.removeEventListener('online', this.#onOnline);
		this.#queue = [];
		this.#controller?.abort();
	}

	/**
	 * publish queues a case (again); resuming a paused or failed case is the same call. Resolves
	 * once the queued state is saved (so a case published offline is still queued after the app
	 * is closed), not when the upload ends: follow `progressOf` for that.
	 */
	async publish(caseId: string): Promise<void> {
		if (this.#running === caseId || this.#queue.includes(caseId)) return;
		this.#queue.push(caseId);
		this.#progress[caseId] = { ...(this.#progress[caseId] ?? idle(caseId, 'queued')), phase: 'queued', error: '' };
		await this.#setPhase(caseId, 'queued');
		void this.#drain();
	}

	/** pause stops a case's upload after the file in flight, and resolves once it has stopped; what the server acknowledged is kept. */
	async pause(caseId: string): Promise<void> {
		this.#queue = this.#queue.filter((id) => id !== caseId);
		if (this.#running === caseId) {
			// Resolve once the case has stopped and saved itself as paused, not merely been asked
			// to: a caller (a test, the next action in the UI) then sees the state it asked for.
			this.#controller?.abort();
			await this.#run;
			return;
		}
		await this.#setPhase(caseId, 'paused');
		const p = this.#progress[caseId];
		if (p && p.phase !== 'done') this.#progress[caseId] = { ...p, phase: 'paused' };
	}

	/** #setPhase saves a case's queued or paused state (a finished case stays done). */
	#setPhase(caseId: string, phase: 'queued' | 'paused'): Promise<void> {
		const { db } = this.#deps;
		const write = async () => {
			const entry = (await getOutbox(db, caseId)) ?? newOutboxEntry(caseId, Date.now());
			if (entry.phase !== 'done' || phase === 'queued') await putOutbox(db, { ...entry, phase, error: '', errorDetail: '' });
		};
		this.#writes = this.#writes.then(write, write);
		return this.#writes;
	}

	async #resumeInterrupted(): Promise<void> {
		const interrupted = this.cases.filter((p) => p.phase === 'queued' || p.phase === 'running' || (p.phase === 'failed' && p.error === 'network'));
		await Promise.all(interrupted.map((p) => this.publish(p.caseId)));
	}

	async #drain(): Promise<void> {
		if (this.#running) return;
		while (this.#queue.length > 0) {
			if (this.#events?.navigator?.onLine === false) return; // the `online` event resumes the queue
			const caseId = this.#queue.shift()!;
			const controller = new AbortController();
			this.#running = caseId;
			this.#controller = controller;
			let settled = () => {};
			this.#run = new Promise<void>((resolve) => (settled = resolve));
			try {
				const result = await this.#publish(
					caseId,
					{ ...this.#deps, onProgress: (p) => (this.#progress[caseId] = p) },
					controller.signal
				);
				this.#progress[caseId] = result;
				if (this.#stopped && result.phase === 'paused') await this.#setPhase(caseId, 'queued');
			} catch (error) {
				// publishCase reports expected failures itself; this is a bug or a broken database
				this.#progress[caseId] = { ...idle(caseId, 'failed', 'local_error'), errorDetail: error instanceof Error ? error.name : '' };
			} finally {
				this.#running = null;
				this.#controller = null;
				settled();
			}
		}
	}
}
