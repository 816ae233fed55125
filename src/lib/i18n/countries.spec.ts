import { describe, expect, it } from 'vitest';
import { UsersCountryValues } from '$lib/pocketbase/types.generated';
import { countryOptions } from './countries';

describe('countryOptions', () => {
	it('names every ISO 3166 code the server accepts, in Spanish and in English', () => {
		const es = countryOptions(UsersCountryValues, 'es');
		const en = countryOptions(UsersCountryValues, 'en');
		expect(es).toHaveLength(UsersCountryValues.length);
		expect(UsersCountryValues.length).toBeGreaterThan(240);
		expect(es.find((c) => c.code === 'ES')?.name).toBe('España');
		expect(en.find((c) => c.code === 'ES')?.name).toBe('Spain');
		expect(en.find((c) => c.code === 'DE')?.name).toBe('Germany');
		expect(es.find((c) => c.code === 'DE')?.name).toBe('Alemania');
	});

	it('sorts by the name in the reader language, not by code', () => {
		const es = countryOptions(['DE', 'AT', 'ES'], 'es').map((c) => c.code);
		const en = countryOptions(['DE', 'AT', 'ES'], 'en').map((c) => c.code);
		expect(es).toEqual(['DE', 'AT', 'ES']); // Alemania, Austria, España
		expect(en).toEqual(['AT', 'DE', 'ES']); // Austria, Germany, Spain
	});

	it('does not reorder its input', () => {
		const codes = ['ES', 'AT'];
		countryOptions(codes, 'en');
		expect(codes).toEqual(['ES', 'AT']);
	});
});
