import { pb } from './client';

/**
 * verificationMailFailed is when the account's last verification email could not be sent, or ''.
 * The server shows the field to the account itself only (pocketbase/hooks/users_mail_failure.go).
 */
export function verificationMailFailed(user: object | null | undefined): string {
	const value = (user as { verification_mail_failed?: unknown } | null | undefined)?.verification_mail_failed;
	return typeof value === 'string' ? value : '';
}

/**
 * newAccountReader signs in as an account just created on this device, without touching the
 * app's session (the sign-up page does not sign in), and returns a reader of its
 * `verification_mail_failed`, which only the account itself can see.
 */
export async function newAccountReader(identity: string, password: string): Promise<() => Promise<string | null>> {
	const auth = await pb.send<{ token: string; record: { id: string } }>('/api/collections/users/auth-with-password', {
		method: 'POST',
		body: { identity, password }
	});
	return async () => {
		const record = await pb.send<object>(`/api/collections/users/records/${encodeURIComponent(auth.record.id)}`, {
			headers: { Authorization: auth.token }
		});
		return verificationMailFailed(record);
	};
}
