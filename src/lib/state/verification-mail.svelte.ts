/**
 * VerificationMailStatus is where a verification email stands for the app: `failed` when the
 * server recorded that it could not send it (the account's own `verification_mail_failed`).
 */
export type VerificationMailStatus = 'idle' | 'sending' | 'sent' | 'failed';

export interface VerificationMailDeps {
	/** request asks the server to send the verification email (it answers before sending). */
	request: (email: string) => Promise<unknown>;
	/** read returns the account's `verification_mail_failed` ('' when none), or null when unknown. */
	read: () => Promise<string | null>;
	/** current is the value the app already holds, '' when none. */
	current: () => string;
	sleep?: (ms: number) => Promise<void>;
}

/** How long after a request the account is read again: the server sends in the background. */
export const WATCH_DELAYS_MS = [1000, 3000, 8000] as const;

/**
 * VerificationMail sends the verification email and then watches the account for a failure to
 * send it, so the app can tell the user instead of leaving them waiting for an email.
 */
export class VerificationMail {
	#status = $state<VerificationMailStatus>('idle');
	#deps: VerificationMailDeps;
	#delays: readonly number[];
	#watching: Promise<void> = Promise.resolve();
	#lastRead = '';

	constructor(deps: VerificationMailDeps, delays: readonly number[] = WATCH_DELAYS_MS) {
		this.#deps = deps;
		this.#delays = delays;
	}

	get status(): VerificationMailStatus {
		// A failure recorded before this page opened counts until the user sends again.
		if (this.#status === 'idle' && this.#deps.current() !== '') return 'failed';
		return this.#status;
	}

	get busy(): boolean {
		return this.#status === 'sending';
	}

	/** watching settles when the account has been read for the last request's outcome. */
	get watching(): Promise<void> {
		return this.#watching;
	}

	/** send requests the email; a refusal is thrown to the caller, the outcome is watched after. */
	async send(email: string): Promise<void> {
		// What the server held before this request: a newer failure is this request's.
		const before = this.#deps.current() || this.#lastRead;
		const previous = this.#status;
		this.#status = 'sending';
		try {
			await this.#deps.request(email);
		} catch (err) {
			this.#status = previous;
			throw err;
		}
		this.#status = 'sent';
		this.#watching = this.#watch(before);
	}

	async #watch(before: string): Promise<void> {
		const sleep = this.#deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
		for (const ms of this.#delays) {
			await sleep(ms);
			// A newer request owns the status now.
			if (this.#status !== 'sent') return;
			const failedAt = await this.#deps.read().catch(() => null);
			if (failedAt === null) continue;
			this.#lastRead = failedAt;
			if (failedAt !== '' && failedAt !== before) {
				this.#status = 'failed';
				return;
			}
			// Cleared: this send went out.
			if (failedAt === '' && before !== '') return;
		}
		// Still the old failure on record: nothing went out since (PocketBase also skips a repeat
		// request within two minutes), so saying "sent" would be a promise the server did not keep.
		if (this.#status === 'sent' && this.#lastRead !== '') this.#status = 'failed';
	}
}
