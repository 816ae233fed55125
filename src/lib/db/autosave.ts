/**
 * Autosaving a draft while its author types: changes are coalesced (only the latest text is
 * written, `delayMs` after the last keystroke), writes never overlap, and `flush()` writes what is
 * pending at once (call it on `pagehide` / `visibilitychange`, so closing the app loses nothing).
 * A failed write (a full device) keeps the text pending and is reported, so the next change or
 * flush tries again; what was saved before stays as it was.
 */
import type { DraftCase } from '../cases/types';
import { saveDraft } from './drafts';
import type { DraftsDb } from './open';

/** AutosaveOptions: the delay, error and saved callbacks, and injectable timers (tests). */
export interface AutosaveOptions {
	delayMs?: number;
	onSaved?: (draft: DraftCase) => void;
	onError?: (error: unknown) => void;
	setTimer?: (run: () => void, ms: number) => unknown;
	clearTimer?: (timer: unknown) => void;
}

/** Autosaver saves one draft's changes in the background. */
export class Autosaver {
	#db: DraftsDb;
	#options: AutosaveOptions;
	#pending: DraftCase | null = null;
	#timer: unknown = null;
	#writing: Promise<void> = Promise.resolve();

	constructor(db: DraftsDb, options: AutosaveOptions = {}) {
		this.#db = db;
		this.#options = options;
	}

	/** pending is true while a change has not been written yet. */
	get pending(): boolean {
		return this.#pending !== null;
	}

	/** schedule records the latest state of the draft and writes it after the delay. */
	schedule(draft: DraftCase): void {
		this.#pending = draft;
		const { setTimer = setTimeout, clearTimer = clearTimeout as (t: unknown) => void, delayMs = 500 } = this.#options;
		if (this.#timer !== null) clearTimer(this.#timer);
		this.#timer = setTimer(() => void this.flush(), delayMs);
	}

	/** flush writes the pending change now; resolves when everything scheduled so far is written (or has failed). */
	flush(): Promise<void> {
		if (this.#timer !== null) {
			(this.#options.clearTimer ?? (clearTimeout as (t: unknown) => void))(this.#timer);
			this.#timer = null;
		}
		this.#writing = this.#writing.then(() => this.#write());
		return this.#writing;
	}

	async #write(): Promise<void> {
		const draft = this.#pending;
		if (!draft) return;
		this.#pending = null;
		try {
			// not inlined into `onSaved?.(...)`: optional chaining would skip the save without a callback
			const saved = await saveDraft(this.#db, draft);
			this.#options.onSaved?.(saved);
		} catch (error) {
			// keep the text for the next attempt unless the author typed something newer meanwhile
			this.#pending ??= draft;
			this.#options.onError?.(error);
		}
	}
}
