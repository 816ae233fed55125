import { ClientResponseError } from 'pocketbase';
import { beforeEach, describe, expect, it } from 'vitest';
import { handleError, notices, Notices } from './notices.svelte';

describe('Notices and handleError', () => {
	beforeEach(() => notices.clear());

	it('shows a server error once, in the reader language, and lets it be dismissed', () => {
		const err = new ClientResponseError({ status: 429, response: { message: 'Too Many Requests.' } });
		expect(handleError(err)).toBe('Demasiados intentos. Espera un minuto y vuelve a probar.');
		handleError(err);
		expect(notices.items.map((n) => [n.kind, n.text])).toEqual([['error', 'Demasiados intentos. Espera un minuto y vuelve a probar.']]);
		notices.dismiss(notices.items[0].id);
		expect(notices.items).toEqual([]);
	});

	it('shows nothing for a cancelled request', () => {
		expect(handleError(new ClientResponseError({ status: 0, isAbort: true }))).toBeNull();
		expect(handleError(new DOMException('navigated away', 'AbortError'))).toBeNull();
		expect(notices.items).toEqual([]);
	});

	it('keeps separate lists per instance', () => {
		const own = new Notices();
		own.push('info', 'saved');
		expect(own.items).toHaveLength(1);
		expect(notices.items).toHaveLength(0);
	});
});
