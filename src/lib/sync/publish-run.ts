/**
 * publish-run: the state of one publishing run, what the UI sees of it (OutboxProgress) and what
 * is kept for the next run (the OutboxEntry in IndexedDB), written after every step.
 */
import type { FirewallHit } from '../cases/phi-firewall';
import type { ValidationErrors } from '../cases/validate';
import { getOutbox, putOutbox } from '../db/drafts';
import type { DraftsDb } from '../db/open';
import type { OutboxEntry, OutboxPhase } from '../db/schema';

/** OutboxProgress is what the UI shows for one case. */
export interface OutboxProgress {
	caseId: string;
	phase: OutboxPhase;
	filesDone: number;
	filesTotal: number;
	bytesDone: number;
	bytesTotal: number;
	/** error is a code: `invalid`, `phi_found`, `not_signed_in`, `network`, `storage_full`, `storage_unavailable`, `server_rejected`, `not_found`, `local_error`; '' when none. */
	error: string;
	/** errorDetail is the server's message for `server_rejected`. */
	errorDetail: string;
	/** hits say where PHI was found (never the values) when `error` is `phi_found`. */
	hits: FirewallHit[];
	/** invalid holds the validation codes when `error` is `invalid`. */
	invalid: ValidationErrors;
	publicUrl: string;
}

/** newOutboxEntry is the sync state of a case that has not reached the server yet. */
export function newOutboxEntry(caseId: string, now: number): OutboxEntry {
	return { caseId, phase: 'queued', serverCaseId: '', serverSeries: {}, uploaded: [], error: '', errorDetail: '', attempts: 0, updatedAt: now };
}

/** PublishRun holds one run's progress and entry; every change of the entry is saved at once. */
export class PublishRun {
	readonly progress: OutboxProgress;
	#entry: OutboxEntry;
	readonly #db: DraftsDb;
	readonly #now: () => number;
	readonly #onProgress: ((progress: OutboxProgress) => void) | undefined;

	private constructor(db: DraftsDb, entry: OutboxEntry, now: () => number, onProgress: ((progress: OutboxProgress) => void) | undefined) {
		this.#db = db;
		this.#entry = entry;
		this.#now = now;
		this.#onProgress = onProgress;
		this.progress = { caseId: entry.caseId, phase: 'queued', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, error: '', errorDetail: '', hits: [], invalid: {}, publicUrl: '' };
	}

	/** start reads the case's entry from the last run, or a new one. */
	static async start(db: DraftsDb, caseId: string, now: () => number, onProgress?: (progress: OutboxProgress) => void): Promise<PublishRun> {
		return new PublishRun(db, (await getOutbox(db, caseId)) ?? newOutboxEntry(caseId, now()), now, onProgress);
	}

	/** entry is the saved state: what the server holds of this case so far. */
	get entry(): Readonly<OutboxEntry> {
		return this.#entry;
	}

	/** report hands the UI a copy of the progress. */
	report(): void {
		this.#onProgress?.({ ...this.progress, hits: [...this.progress.hits] });
	}

	/** save changes the entry and writes it. */
	async save(patch: Partial<OutboxEntry>): Promise<void> {
		this.#entry = { ...this.#entry, ...patch, updatedAt: this.#now() };
		await putOutbox(this.#db, this.#entry);
	}

	/** begin marks the run as sending, counting the attempt. */
	async begin(): Promise<void> {
		Object.assign(this.progress, { phase: 'running', error: '', errorDetail: '' });
		await this.save({ phase: 'running', error: '', errorDetail: '', attempts: this.#entry.attempts + 1 });
		this.report();
	}

	/** finish ends the run in `phase`, saves why and returns the final progress. */
	async finish(phase: OutboxPhase, error = '', errorDetail = ''): Promise<OutboxProgress> {
		Object.assign(this.progress, { phase, error, errorDetail });
		await this.save({ phase, error, errorDetail });
		this.report();
		return { ...this.progress };
	}

	/** notFound ends a run whose draft is gone, leaving no entry behind. */
	notFound(): OutboxProgress {
		Object.assign(this.progress, { phase: 'failed', error: 'not_found' });
		this.report();
		return { ...this.progress };
	}
}
