import { describe, expect, it } from 'vitest';
import { VerificationMail, type VerificationMailDeps } from './verification-mail.svelte';

/** account stands in for the server: what it records for the account, and the requests made. */
function account(initial = '') {
	const state = { failedAt: initial, requests: [] as string[], reads: 0 };
	const deps = (over: Partial<VerificationMailDeps> = {}): VerificationMailDeps => ({
		request: async (email) => void state.requests.push(email),
		read: async () => (state.reads++, state.failedAt),
		current: () => '',
		sleep: async () => {},
		...over
	});
	return { state, deps };
}

describe('VerificationMail', () => {
	it('says sent, and stays so when the account records no failure', async () => {
		const { state, deps } = account();
		const mail = new VerificationMail(deps());
		expect(mail.status).toBe('idle');
		await mail.send('ana@example.org');
		expect(state.requests).toEqual(['ana@example.org']);
		expect(mail.status).toBe('sent');
		await mail.watching;
		expect(state.reads).toBe(3);
		expect(mail.status).toBe('sent');
	});

	it('turns to failed when the server records the failure after answering', async () => {
		const { state, deps } = account();
		const mail = new VerificationMail(
			deps({
				// The server answers 204 first and fails to send a moment later.
				request: async () => void setTimeout(() => (state.failedAt = '2026-01-02 03:04:05.000Z')),
				sleep: (ms) => new Promise((r) => setTimeout(r, ms))
			}),
			[0, 5, 10]
		);
		await mail.send('ana@example.org');
		expect(mail.status).toBe('sent');
		await mail.watching;
		expect(mail.status).toBe('failed');
	});

	it('shows a failure recorded before the page opened, until the user sends again', async () => {
		const { state, deps } = account('2026-01-01 00:00:00.000Z');
		const mail = new VerificationMail(deps({ current: () => state.failedAt }));
		expect(mail.status).toBe('failed');
		// This time the email goes out: the server clears the field.
		const sending = mail.send('ana@example.org');
		expect(mail.busy).toBe(true);
		state.failedAt = '';
		await sending;
		await mail.watching;
		expect(mail.status).toBe('sent');
		expect(state.reads).toBe(1);
	});

	it('takes the old failure for no news while watching, but reports it if it is still on record', async () => {
		const { state, deps } = account('2026-01-01 00:00:00.000Z');
		let failNext = false;
		const mail = new VerificationMail(
			deps({
				current: () => state.failedAt,
				request: async () => void (failNext && (state.failedAt = '2026-01-01 00:05:00.000Z'))
			})
		);
		// Nothing went out (PocketBase skips a repeat within two minutes): every read is the old value.
		await mail.send('ana@example.org');
		await mail.watching;
		expect(state.reads).toBe(3);
		expect(mail.status).toBe('failed');

		// A newer failure is this request's own, known at the first read.
		failNext = true;
		await mail.send('ana@example.org');
		await mail.watching;
		expect(state.reads).toBe(4);
		expect(mail.status).toBe('failed');
	});

	it('gives a refused request back to the caller and keeps the earlier status', async () => {
		const { deps } = account();
		const refusal = new Error('429');
		const mail = new VerificationMail(deps({ request: () => Promise.reject(refusal) }));
		await expect(mail.send('ana@example.org')).rejects.toBe(refusal);
		expect(mail.status).toBe('idle');
		expect(mail.busy).toBe(false);
	});

	it('keeps watching past reads that fail (offline) or know nothing', async () => {
		const { state, deps } = account();
		let n = 0;
		const mail = new VerificationMail(
			deps({
				read: async () => {
					n++;
					if (n === 1) throw new Error('offline');
					if (n === 2) return null;
					return (state.failedAt = '2026-01-02 03:04:05.000Z');
				}
			})
		);
		await mail.send('ana@example.org');
		await mail.watching;
		expect(n).toBe(3);
		expect(mail.status).toBe('failed');
	});
});
