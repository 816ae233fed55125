import { describe, expect, it, vi } from 'vitest';
import { keywordOf, lookup, tagOf, vrOf } from './dictionary';

describe('the PS3.6 dictionary', () => {
	it('maps tags, keywords and VRs both ways', () => {
		expect(keywordOf(0x00100010)).toBe('PatientName');
		expect(tagOf('PatientName')).toBe(0x00100010);
		expect(vrOf(0x00100010)).toBe('PN');
		expect(lookup(0x00280303)?.keyword).toBe('LongitudinalTemporalInformationModified');
	});

	it('gives Implicit VR its defaults: group lengths UL, private creators LO, OB or OW as OW, unknown UN (PS3.5 §A.1, §7.8.1)', () => {
		expect(vrOf(0x00080000)).toBe('UL');
		expect(vrOf(0x00090010)).toBe('LO');
		expect(vrOf(0x00091001)).toBe('UN');
		expect(vrOf(0x7fe00010)).toBe('OW');
		expect(vrOf(0x00100011)).toBe('UN');
	});
});

describe('lookups before the whole table is built', () => {
	it('find every tag of the compact table by binary search, and nothing for a tag it lacks', async () => {
		vi.resetModules();
		const fresh = await import('./dictionary');
		const { DICTIONARY_ENTRIES } = await import('./dictionary.generated');
		for (const line of DICTIONARY_ENTRIES.split('\n')) {
			const tag = parseInt(line.slice(0, 8), 16) >>> 0;
			expect(fresh.keywordOf(tag)).toBe(line.slice(line.search(/[ *]/) + 1));
		}
		expect(fresh.keywordOf(0x00100011)).toBeUndefined();
		expect(fresh.keywordOf(0x60023000)).toBe('OverlayData'); // a repeating group, from the ranges
	});
});
