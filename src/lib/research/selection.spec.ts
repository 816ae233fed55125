import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, isDate, parseSelection, researchAccess, selectionParams } from './selection';
import { formatBytes, formatCount } from './format';

describe('research selection', () => {
	it('reads every filter and writes it back in the same URL', () => {
		const url = 'icd=db93.1&category=abdomen&region=couinaud_6&q=arterial&from=2026-01-01&to=2026-12-31';
		const selection = parseSelection(new URLSearchParams(url));
		expect(selection).toEqual({ icd: 'DB93.1', category: 'abdomen', region: 'couinaud_6', q: 'arterial', from: '2026-01-01', to: '2026-12-31' });
		expect(selectionParams(selection).toString()).toBe(url.replace('db93.1', 'DB93.1'));
	});

	it('drops what the server would answer 400 to: a malformed code, an unknown category, a date that is not one', () => {
		const selection = parseSelection(new URLSearchParams('icd=DB9%25&category=liver&from=2026-02-30&to=31/12/2026'));
		expect(selection).toEqual(EMPTY_SELECTION);
		expect(selectionParams(selection).toString()).toBe('');
	});

	it('trims text and keeps it within the server limit', () => {
		const selection = parseSelection(new URLSearchParams({ q: `  ${'a'.repeat(300)}  ` }));
		expect(selection.q).toHaveLength(200);
	});

	it('knows a calendar date from a date-shaped string', () => {
		expect(isDate('2024-02-29')).toBe(true);
		expect(isDate('2025-02-29')).toBe(false);
		expect(isDate('2026-1-01')).toBe(false);
	});

	it('lets only researchers in, and tells a guest from a contributor', () => {
		expect(researchAccess(null)).toBe('guest');
		expect(researchAccess({ role: 'contributor' })).toBe('not-researcher');
		expect(researchAccess({ role: '' })).toBe('not-researcher');
		expect(researchAccess({ role: 'researcher' })).toBe('researcher');
	});
});

describe('research figures', () => {
	it('formats sizes with decimal units in the reader language', () => {
		expect(formatBytes(999, 'en')).toBe('999 byte');
		expect(formatBytes(1_234_567, 'en')).toBe('1.2 MB');
		expect(formatBytes(1_234_567, 'es')).toBe('1,2 MB');
		expect(formatBytes(3_500_000_000, 'en')).toBe('3.5 GB');
	});

	it('groups thousands as the language does', () => {
		expect(formatCount(12_345, 'en')).toBe('12,345');
		expect(formatCount(12_345, 'es')).toBe('12.345');
	});
});
