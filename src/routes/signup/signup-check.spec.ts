import { describe, expect, it } from 'vitest';
import { signupErrors } from './signup-check';

const ok = { username: 'ana.r2', email: 'ana@example.org', password: 'long-enough', passwordConfirm: 'long-enough' };

describe('signupErrors', () => {
	it('marks every field of an empty form at once', () => {
		expect(Object.keys(signupErrors({ username: '', email: '', password: '', passwordConfirm: '' })).sort()).toEqual(['email', 'password', 'passwordConfirm', 'username']);
	});

	it('accepts a complete form', () => {
		expect(signupErrors(ok)).toEqual({});
	});

	it('follows the server rules for each field', () => {
		expect(Object.keys(signupErrors({ ...ok, username: 'Ana' }))).toEqual(['username']);
		expect(Object.keys(signupErrors({ ...ok, username: 'ab' }))).toEqual(['username']);
		expect(Object.keys(signupErrors({ ...ok, email: 'ana@' }))).toEqual(['email']);
		expect(Object.keys(signupErrors({ ...ok, password: 'short', passwordConfirm: 'short' }))).toEqual(['password']);
		expect(Object.keys(signupErrors({ ...ok, passwordConfirm: 'different-one' }))).toEqual(['passwordConfirm']);
	});
});
