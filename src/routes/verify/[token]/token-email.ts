/**
 * token-email: the address a verification link was sent to, read from the link's own token so
 * that a reader who verifies on a device where they are not signed in lands on sign-in with it
 * filled in. PocketBase's verification token is a JWT whose claims carry `email`
 * (core/record_tokens.go, NewVerificationToken); only the payload is read, nothing is trusted
 * from it beyond prefilling a form field.
 */

/** tokenEmail returns the `email` claim of a JWT, or '' when there is none or the token is not a JWT. */
export function tokenEmail(token: string): string {
	const payload = token.split('.')[1];
	if (!payload) return '';
	try {
		const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
		const email = (JSON.parse(json) as { email?: unknown }).email;
		return typeof email === 'string' ? email : '';
	} catch {
		return '';
	}
}
