import { describe, expect, it } from 'vitest';
import { tokenEmail } from './token-email';

const b64url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = (claims: object) => `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify(claims))}.signature`;

describe('tokenEmail', () => {
	it('reads the email claim of a verification token', () => {
		expect(tokenEmail(jwt({ id: 'abc', type: 'verification', email: 'ana.ñ+res@example.org'.replace('ñ', 'n'), collectionId: '_pb_users_auth_' }))).toBe('ana.n+res@example.org');
	});
	it('gives nothing for a token without one, or for something that is not a token', () => {
		expect(tokenEmail(jwt({ id: 'abc' }))).toBe('');
		expect(tokenEmail('not-a-token')).toBe('');
		expect(tokenEmail('a.%%%.c')).toBe('');
		expect(tokenEmail('')).toBe('');
	});
});
