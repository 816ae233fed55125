import { ClientResponseError } from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { describeError, fieldErrors, isAbort } from './errors';

function pbError(status: number, response: Record<string, unknown> = {}, isAbort = false): ClientResponseError {
	return new ClientResponseError({ url: 'http://x/api/collections/users/records', status, response, isAbort });
}

describe('errors (messages in the base language, Spanish)', () => {
	it('treats cancellations as no error', () => {
		expect(isAbort(new DOMException('stop', 'AbortError'))).toBe(true);
		expect(isAbort(pbError(0, {}, true))).toBe(true);
		expect(describeError(pbError(0, {}, true))).toBeNull();
		expect(isAbort(new Error('boom'))).toBe(false);
	});

	it('maps PocketBase validation codes to translated field messages', () => {
		const err = pbError(400, {
			message: 'Failed to create record.',
			data: {
				email: { code: 'validation_not_unique', message: 'Value must be unique.' },
				username: { code: 'validation_invalid_format', message: 'Invalid value format.' },
				passwordConfirm: { code: 'validation_values_mismatch', message: "Values don't match." },
				name: { code: 'validation_some_new_code', message: 'Server explains.' }
			}
		});
		expect(fieldErrors(err)).toEqual({
			email: 'Este valor ya está en uso.',
			username: 'Usa de 3 a 30 letras minúsculas, números, puntos, guiones o guiones bajos.',
			passwordConfirm: 'Las contraseñas no coinciden.',
			name: 'Server explains.'
		});
		expect(describeError(err)).toBe('Revisa los campos marcados.');
	});

	it('explains statuses, with the caller able to say what a status means', () => {
		expect(describeError(pbError(0))).toBe('No hay conexión con el servidor. Comprueba tu red y vuelve a probar.');
		expect(describeError(pbError(429))).toBe('Demasiados intentos. Espera un minuto y vuelve a probar.');
		expect(describeError(pbError(400, { message: 'Failed to authenticate.' }), { 400: () => 'custom' })).toBe('custom');
		expect(describeError(pbError(500, { message: 'Database locked.' }))).toBe('Error inesperado: Database locked.');
	});

	it('describes non-server errors with their message', () => {
		expect(describeError(new Error('disk full'))).toBe('Error inesperado: disk full');
		expect(fieldErrors(new Error('disk full'))).toEqual({});
	});
});
