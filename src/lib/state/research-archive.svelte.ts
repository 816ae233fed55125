/**
 * ArchiveSend: what the Research page shows of a send to the research archive — each case of the
 * selection with its state as the server reports it, the progress, and which cases a retry sends
 * again. The send itself is the server's (src/lib/pocketbase/research-pacs.ts), passed in.
 */
import { isAbort } from '$lib/errors';
import type { CaseReport, SendLine, SentCase } from '$lib/pocketbase/research-pacs';
import type { ResearchSelection } from '$lib/research/selection';

/**
 * CaseState: `stored` every image and the SR; `partial` some stored; `failed` none; `unknown` sent
 * but no report came back (the connection dropped, or the send was cancelled): retried like a failure.
 */
export type CaseState = 'waiting' | 'stored' | 'partial' | 'failed' | 'unknown';

export interface CaseRow extends SentCase {
	state: CaseState;
	report: CaseReport | null;
}

export type SendPhase = 'idle' | 'sending' | 'done' | 'cancelled' | 'interrupted' | 'refused';

/** Send is sendToArchive with the PocketBase client bound. */
export type Send = (selection: ResearchSelection, caseIds: readonly string[], onLine: (line: SendLine) => void, signal: AbortSignal) => Promise<void>;

/** caseState reads a case's report. */
export function caseState(report: CaseReport): CaseState {
	const stored = report.imagesStored + (report.sr === 'stored' ? 1 : 0);
	if (!report.error && report.failed.length === 0 && report.sr === 'stored' && report.imagesStored === report.images) return 'stored';
	return stored > 0 ? 'partial' : 'failed';
}

export class ArchiveSend {
	#send: Send;
	#rows = $state<CaseRow[]>([]);
	#phase = $state<SendPhase>('idle');
	#error = $state<unknown>(null);
	#controller: AbortController | null = null;

	constructor(send: Send) {
		this.#send = send;
	}

	get rows(): readonly CaseRow[] {
		return this.#rows;
	}
	get phase(): SendPhase {
		return this.#phase;
	}
	/** error is why the server refused the send before it began (403, 404, 409, 503), or why it was cut. */
	get error(): unknown {
		return this.#error;
	}
	get total(): number {
		return this.#rows.length;
	}
	/** reported counts the cases this send has an answer for. */
	get reported(): number {
		return this.#rows.filter((r) => r.state !== 'waiting').length;
	}
	/** retryable lists the cases not wholly stored. */
	get retryable(): string[] {
		return this.#rows.filter((r) => r.state !== 'stored' && r.state !== 'waiting').map((r) => r.id);
	}

	/** start sends the selection, or only `caseIds` of it (a retry), and follows the server's report. */
	async start(selection: ResearchSelection, caseIds: readonly string[] = []): Promise<void> {
		if (this.#phase === 'sending') return;
		const controller = new AbortController();
		this.#controller = controller;
		this.#phase = 'sending';
		this.#error = null;
		let sent: Set<string> = new Set();
		let finished = false;
		try {
			await this.#send(selection, caseIds, (line) => {
				if (line.type === 'start') {
					sent = new Set(line.cases.map((c) => c.id));
					this.#begin(line.cases, caseIds.length > 0);
				} else if (line.type === 'case') {
					this.#rows = this.#rows.map((r) => (r.id === line.case ? { ...r, state: caseState(line), report: line } : r));
				} else {
					finished = true;
				}
			}, controller.signal);
			// an answer that ends without its last line was cut (the server stopped, a proxy timed out)
			if (!finished) throw new Error('the answer ended before the last case');
			this.#phase = 'done';
		} catch (err) {
			this.#phase = isAbort(err) || controller.signal.aborted ? 'cancelled' : sent.size > 0 ? 'interrupted' : 'refused';
			if (this.#phase !== 'cancelled') this.#error = err;
		} finally {
			this.#controller = null;
			// a case sent without a report may or may not be in the archive: the retry sends it again
			this.#rows = this.#rows.map((r) => (r.state === 'waiting' && sent.has(r.id) ? { ...r, state: 'unknown' } : r));
		}
	}

	/** retry sends again the cases not wholly stored (the archive keeps one copy of an instance sent twice). */
	retry(selection: ResearchSelection): Promise<void> {
		return this.start(selection, this.retryable);
	}

	cancel(): void {
		this.#controller?.abort();
	}

	/** #begin lists the cases of a send: a retry keeps the rows it does not send again. */
	#begin(cases: SentCase[], isRetry: boolean): void {
		const fresh = cases.map((c): CaseRow => ({ ...c, state: 'waiting', report: null }));
		if (!isRetry) {
			this.#rows = fresh;
			return;
		}
		const byId = new Map(fresh.map((r) => [r.id, r]));
		this.#rows = this.#rows.map((r) => byId.get(r.id) ?? r);
	}
}
