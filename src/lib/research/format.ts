/**
 * format: counts and sizes of a research selection in the reader's language (Intl, so "1.234,5 MB"
 * in Spanish and "1,234.5 MB" in English). Decimal units (1 MB = 10⁶ bytes), as the CLI prints them.
 */

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** formatBytes writes a size with the largest unit that keeps the number at least 1. */
export function formatBytes(bytes: number, locale: string): string {
	let value = Math.max(0, bytes);
	let unit = 0;
	while (value >= 1000 && unit < UNITS.length - 1) {
		value /= 1000;
		unit++;
	}
	return new Intl.NumberFormat(locale, {
		style: 'unit',
		unit: UNITS[unit],
		unitDisplay: 'short',
		maximumFractionDigits: unit === 0 ? 0 : 1
	}).format(value);
}

/** formatCount writes a whole number with the language's grouping. */
export function formatCount(count: number, locale: string): string {
	return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(count);
}
