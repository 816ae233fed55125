import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime';
import { getIcd11 } from '$lib/cases/icd11-liver';
import Icd11Picker from './Icd11Picker.svelte';

const original = getLocale;
afterEach(() => overwriteGetLocale(original));

/** The picker's markup (server-rendered) for the chosen code in the given UI language. */
function chosenMarkup(locale: 'es' | 'en', code: string): string {
	overwriteGetLocale(() => locale);
	return render(Icd11Picker, { props: { code, onpick: () => {} } }).body;
}

describe('Icd11Picker', () => {
	it('shows the chosen entry with its Spanish title in the Spanish UI', () => {
		const body = chosenMarkup('es', 'DB92');
		expect(body).toContain('Hepatopatía grasa no alcohólica');
		expect(body).not.toContain('Non-alcoholic fatty liver disease');
	});

	it('keeps the WHO English title in the English UI', () => {
		const body = chosenMarkup('en', 'DB92');
		expect(body).toContain(getIcd11('DB92')!.title_en);
		expect(body).not.toContain('Hepatopatía');
	});
});
