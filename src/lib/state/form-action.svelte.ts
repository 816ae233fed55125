/**
 * FormAction: one form that sends something to the server (the account pages). It holds the
 * form's field errors and whether it is busy, and runs its action the same way everywhere:
 * a local check first (passwords that differ), then the request; a failure becomes messages under
 * the fields it concerns and a notice, in the reader's language; the button is disabled meanwhile.
 */
import { m } from '$lib/i18n';
import { fieldErrors, type FieldErrors, type StatusMessages } from '$lib/errors';
import { handleError } from './notices.svelte';

/** Check returns the errors found before anything is sent (none: an empty object). */
export type Check = () => FieldErrors;

/** passwordsMatch is the check of a form with a new password typed twice. */
export function passwordsMatch(password: string, confirm: string): FieldErrors {
	return password === confirm ? {} : { passwordConfirm: m.error_password_mismatch() };
}

export class FormAction {
	errors = $state<FieldErrors>({});
	busy = $state(false);

	/** byStatus overrides the notice for some HTTP statuses (sign-in: 400 means wrong credentials). */
	constructor(private readonly byStatus: StatusMessages = {}) {}

	/** run runs `action` unless `check` finds errors; it returns whether the action succeeded. */
	async run(action: () => Promise<void>, check: Check = () => ({})): Promise<boolean> {
		this.errors = check();
		if (Object.keys(this.errors).length > 0) return false;
		this.busy = true;
		try {
			await action();
			return true;
		} catch (err) {
			this.errors = fieldErrors(err);
			handleError(err, this.byStatus);
			return false;
		} finally {
			this.busy = false;
		}
	}

	/** onsubmit returns the form's submit handler: the page does not reload, `run` does the rest. */
	onsubmit(action: () => Promise<void>, check?: Check): (event: SubmitEvent) => Promise<void> {
		return async (event) => {
			event.preventDefault();
			await this.run(action, check);
		};
	}
}
