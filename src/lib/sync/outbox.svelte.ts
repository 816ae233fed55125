/**
 * Outbox: the app's publishing queue as reactive state for the UI (per-case phase, files and
 * bytes, error). Cases publish one at a time (a slow mobile link is shared, not split); a case can
 * be paused and resumed; failed-by-network cases resume by themselves when the `online` event
 * fires and when the app starts (`start()`).
 */
import { listOutbox, putOutbox, getOutbox } from '../db/drafts';
import { publishCase, type OutboxDeps, type OutboxProgress } from './outbox';

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
	#deps: Omit<OutboxDeps, 'onProgress'>;
	#events: OutboxOptions['events'];
	#publish: typeof publishCase;
	#onOnline = () => {
		this.#resumeInterrupted();
		void this.#drain();
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
		this.#events?.addEventListener('online', this.#onOnline);
		this.#resumeInterrupted();
	}

	/** stop stops listening and pauses the running upload (its state is saved; `start` resumes it). */
	stop(): void {
		this.#events?.removeEventListener('online', this.#onOnline);
		this.#queue = [];
		this.#controller?.abort();
	}

	/** publish queues a case (again); resuming a paused or failed case is the same call. */
	publish(caseId: string): void {
		if (this.#running === caseId || this.#queue.includes(caseId)) return;
		this.#queue.push(caseId);
		this.#progress[caseId] = { ...(this.#progress[caseId] ?? idle(caseId, 'queued')), phase: 'queued', error: '' };
		void this.#drain();
	}

	/** pause stops a case's upload after the file in flight; what the server acknowledged is kept. */
	async pause(caseId: string): Promise<void> {
		this.#queue = this.#queue.filter((id) => id !== caseId);
		if (this.#running === caseId) {
			this.#controller?.abort();
			return;
		}
		const entry = await getOutbox(this.#deps.db, caseId);
		if (entry && entry.phase !== 'done') await putOutbox(this.#deps.db, { ...entry, phase: 'paused' });
		const p = this.#progress[caseId];
		if (p && p.phase !== 'done') this.#progress[caseId] = { ...p, phase: 'paused' };
	}

	#resumeInterrupted(): void {
		for (const p of this.cases) {
			const interrupted = p.phase === 'queued' || p.phase === 'running' || (p.phase === 'failed' && p.error === 'network');
			if (interrupted) this.publish(p.caseId);
		}
	}

	async #drain(): Promise<void> {
		if (this.#running) return;
		while (this.#queue.length > 0) {
			if (this.#events?.navigator?.onLine === false) return; // the `online` event resumes the queue
			const caseId = this.#queue.shift()!;
			const controller = new AbortController();
			this.#running = caseId;
			this.#controller = controller;
			try {
				const result = await this.#publish(
					caseId,
					{ ...this.#deps, onProgress: (p) => (this.#progress[caseId] = p) },
					controller.signal
				);
				this.#progress[caseId] = result;
			} catch (error) {
				// publishCase reports expected failures itself; this is a bug or a broken database
				this.#progress[caseId] = { ...idle(caseId, 'failed', 'local_error'), errorDetail: error instanceof Error ? error.name : '' };
			} finally {
				this.#running = null;
				this.#controller = null;
			}
		}
	}
}
