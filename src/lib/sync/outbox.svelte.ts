/**
 * Outbox: the app's publishing queue as reactive state for the UI (per-case phase, files and
 * bytes, error). Cases publish one at a time (a slow mobile link is shared, not split); a case can
 * be paused and resumed. A case that failed for a reason that passes (no connection, the server
 * down or restarting, its storage full or unreachable) resumes by itself: when the `online`
 * event fires, when the app starts (`start()`), and after a growing wait while the app is open
 * (a server that comes back fires no event in the browser).
 */
import { listOutbox, putOutbox, getOutbox } from '../db/drafts';
import { newOutboxEntry, publishCase, type OutboxDeps, type OutboxProgress } from './outbox';

/** OutboxOptions: the publishing dependencies, the window (for `online` events), and the publisher, timer and randomness (tests inject them). */
export interface OutboxOptions {
	deps: Omit<OutboxDeps, 'onProgress'>;
	events?: Pick<Window, 'addEventListener' | 'removeEventListener'> & { navigator?: { onLine: boolean } };
	publish?: typeof publishCase;
	/** schedule runs `task` in `ms` and returns what cancels it. */
	schedule?: (task: () => void, ms: number) => () => void;
	random?: () => number;
}

/** PASSING_FAILURES are the errors that go away by themselves: the case is tried again later. */
const PASSING_FAILURES = new Set(['network', 'storage_full', 'storage_unavailable']);

/**
 * retryLaterMs is the wait before trying a case again after its `failures`-th failed run in a row:
 * 15 s, doubling up to 5 minutes (the server's storage faults ask for 60 s), each between half
 * and all of it so that phones do not come back in step.
 */
export function retryLaterMs(failures: number, random: () => number = Math.random): number {
	const ceiling = Math.min(5 * 60_000, 15_000 * 2 ** Math.max(0, failures - 1));
	return Math.round(ceiling * (0.5 + random() / 2));
}

const defaultSchedule = (task: () => void, ms: number) => {
	const timer = setTimeout(task, ms);
	return () => clearTimeout(timer);
};

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
	#schedule: NonNullable<OutboxOptions['schedule']>;
	#random: () => number;
	/** #later cancels the pending retry of a case; #failures counts its failed runs in a row. */
	#later = new Map<string, () => void>();
	#failures = new Map<string, number>();
	#onOnline = () => {
		void this.#resumeInterrupted().then(() => this.#drain());
	};

	constructor(options: OutboxOptions) {
		this.#deps = options.deps;
		this.#events = options.events ?? (typeof window === 'undefined' ? undefined : window);
		this.#publish = options.publish ?? publishCase;
		this.#schedule = options.schedule ?? defaultSchedule;
		this.#random = options.random ?? Math.random;
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
		for (const cancel of this.#later.values()) cancel();
		this.#later.clear();
		this.#controller?.abort();
	}

	/**
	 * publish queues a case (again); resuming a paused or failed case is the same call. Resolves
	 * once the queued state is saved (so a case published offline is still queued after the app
	 * is closed), not when the upload ends: follow `progressOf` for that.
	 */
	async publish(caseId: string): Promise<void> {
		this.#cancelLater(caseId);
		if (this.#running === caseId || this.#queue.includes(caseId)) return;
		this.#queue.push(caseId);
		this.#progress[caseId] = { ...(this.#progress[caseId] ?? idle(caseId, 'queued')), phase: 'queued', error: '' };
		await this.#setPhase(caseId, 'queued');
		void this.#drain();
	}

	/** pause stops a case's upload after the file in flight, and resolves once it has stopped; what the server acknowledged is kept. */
	async pause(caseId: string): Promise<void> {
		this.#cancelLater(caseId);
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

	#cancelLater(caseId: string): void {
		this.#later.get(caseId)?.();
		this.#later.delete(caseId);
	}

	/** #afterRun schedules the next try of a case whose run failed for a passing reason. */
	#afterRun(caseId: string, result: OutboxProgress): void {
		if (result.phase !== 'failed' || !PASSING_FAILURES.has(result.error)) {
			this.#failures.delete(caseId);
			return;
		}
		if (this.#stopped) return;
		const failures = (this.#failures.get(caseId) ?? 0) + 1;
		this.#failures.set(caseId, failures);
		this.#cancelLater(caseId);
		const cancel = this.#schedule(() => {
			this.#later.delete(caseId);
			if (!this.#stopped && this.#progress[caseId]?.phase === 'failed') void this.publish(caseId);
		}, retryLaterMs(failures, this.#random));
		this.#later.set(caseId, cancel);
	}

	async #resumeInterrupted(): Promise<void> {
		const interrupted = this.cases.filter((p) => p.phase === 'queued' || p.phase === 'running' || (p.phase === 'failed' && PASSING_FAILURES.has(p.error)));
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
				this.#afterRun(caseId, result);
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
