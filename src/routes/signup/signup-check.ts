/**
 * signup-check: what the sign-up form can tell before sending, so an empty or half-filled form
 * marks every field that needs attention at once (the server answered only for the password
 * fields, since it generates a username when none is sent). The rules are the server's:
 * username 3–30 of [a-z0-9._-] (migrations, users), a valid email, a password of at least 8
 * characters, and the same password twice.
 */
import { m } from '$lib/paraglide/messages';
import type { FieldErrors } from '$lib/errors';

export interface SignupFields {
	username: string;
	email: string;
	password: string;
	passwordConfirm: string;
}

const USERNAME = /^[a-z0-9._-]{3,30}$/;
// the browser's own rule for type=email (HTML's valid e-mail address), so both agree
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** signupErrors returns an error for each field that is missing or malformed (none: {}). */
export function signupErrors(f: SignupFields): FieldErrors {
	const errors: FieldErrors = {};
	if (!f.username.trim()) errors.username = m.error_required();
	else if (!USERNAME.test(f.username)) errors.username = m.error_username_format();
	if (!f.email.trim()) errors.email = m.error_required();
	else if (!EMAIL.test(f.email.trim())) errors.email = m.error_invalid_email();
	if (!f.password) errors.password = m.error_required();
	else if (f.password.length < 8) errors.password = m.error_too_short();
	if (!f.passwordConfirm) errors.passwordConfirm = m.error_required();
	else if (f.password !== f.passwordConfirm) errors.passwordConfirm = m.error_password_mismatch();
	return errors;
}
