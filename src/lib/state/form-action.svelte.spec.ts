import { ClientResponseError } from 'pocketbase';
import { beforeEach, describe, expect, it } from 'vitest';
import { FormAction, passwordsMatch } from './form-action.svelte';
import { notices } from './notices.svelte';

const invalidEmail = () =>
	new ClientResponseError({ status: 400, response: { message: 'Failed to create record.', data: { email: { code: 'validation_is_email', message: 'Must be a valid email address.' } } } });

describe('FormAction', () => {
	beforeEach(() => notices.clear());

	it('sends nothing when the local check finds errors, and shows them', async () => {
		const form = new FormAction();
		let sent = false;
		const ok = await form.run(
			async () => void (sent = true),
			() => ({ passwordConfirm: 'different' })
		);
		expect(ok).toBe(false);
		expect(sent).toBe(false);
		expect(form.errors).toEqual({ passwordConfirm: 'different' });
		expect(notices.items).toEqual([]);
	});

	it('is busy while the action runs, and clears earlier errors when it succeeds', async () => {
		const form = new FormAction();
		form.errors = { email: 'old' };
		let busyInside = false;
		expect(await form.run(async () => void (busyInside = form.busy))).toBe(true);
		expect(busyInside).toBe(true);
		expect(form.busy).toBe(false);
		expect(form.errors).toEqual({});
	});

	it('turns a server refusal into field errors and one notice', async () => {
		const form = new FormAction();
		expect(await form.run(() => Promise.reject(invalidEmail()))).toBe(false);
		expect(Object.keys(form.errors)).toEqual(['email']);
		expect(form.busy).toBe(false);
		expect(notices.items).toHaveLength(1);
		expect(notices.items[0].kind).toBe('error');
	});

	it('uses its own notice for the statuses it names', async () => {
		const form = new FormAction({ 400: () => 'Wrong email or password' });
		await form.run(() => Promise.reject(new ClientResponseError({ status: 400, response: { message: 'Failed to authenticate.' } })));
		expect(notices.items.map((n) => n.text)).toEqual(['Wrong email or password']);
	});

	it('checks that a password was typed the same twice', () => {
		expect(passwordsMatch('correct horse', 'correct horse')).toEqual({});
		expect(Object.keys(passwordsMatch('correct horse', 'correct hose'))).toEqual(['passwordConfirm']);
	});

	it('gives a submit handler that keeps the page from reloading', async () => {
		const form = new FormAction();
		let prevented = false;
		let ran = false;
		await form.onsubmit(async () => void (ran = true))({ preventDefault: () => (prevented = true) } as unknown as SubmitEvent);
		expect(prevented).toBe(true);
		expect(ran).toBe(true);
	});
});
