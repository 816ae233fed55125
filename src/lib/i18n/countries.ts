/** CountryOption is an ISO 3166-1 alpha-2 code with its name in the reader's language. */
export interface CountryOption {
	code: string;
	name: string;
}

/**
 * countryOptions names each code with Intl.DisplayNames in `locale` and sorts by that name as
 * the reader's language sorts (so "Österreich"-like names and accents land where expected).
 */
export function countryOptions(codes: readonly string[], locale: string): CountryOption[] {
	const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
	const collator = new Intl.Collator(locale);
	return codes
		.map((code) => ({ code, name: names.of(code) ?? code }))
		.sort((a, b) => collator.compare(a.name, b.name));
}
