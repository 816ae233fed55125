import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { REGIONS } from '$lib/cases/types';
import { regionLabel, regionsLabel } from './labels';

describe('region labels', () => {
	it('names every region the editor offers, never the stored code', () => {
		for (const locale of ['es', 'en'] as const) {
			for (const region of REGIONS) {
				const label = regionLabel(region, locale);
				expect(label).not.toMatch(/_|^$/);
				expect(label).not.toBe(region);
			}
		}
	});

	it('writes Couinaud segments in Roman numerals and joins a stored list in the reader language', () => {
		expect(regionLabel('couinaud_7', 'es')).toBe('Segmento VII');
		expect(regionsLabel('couinaud_7,right_lobe', 'es')).toBe('Segmento VII y Lóbulo derecho');
		expect(regionsLabel('couinaud_4, couinaud_8,caudate', 'en')).toBe('Segment IV, Segment VIII, and Caudate lobe');
		// a value this app does not know (a newer app wrote it) is shown rather than dropped
		expect(regionsLabel('segment_9')).toBe('segment_9');
		expect(regionsLabel('')).toBe('');
	});
});

describe('plurals through the message format', () => {
	it('says one case, one image, in both languages', () => {
		expect(m.browse_results({ count: 1 }, { locale: 'es' })).toBe('1 caso');
		expect(m.browse_results({ count: 0 }, { locale: 'es' })).toBe('0 casos');
		expect(m.browse_results({ count: 14 }, { locale: 'en' })).toBe('14 cases');
		expect(m.browse_results({ count: 1 }, { locale: 'en' })).toBe('1 case');
		expect(m.case_series_images({ count: 1 }, { locale: 'es' })).toBe('1 imagen');
		expect(m.case_series_images({ count: 2 }, { locale: 'es' })).toBe('2 imágenes');
		expect(m.case_series_images({ count: 1 }, { locale: 'en' })).toBe('1 image');
		expect(m.case_series_images({ count: 300 }, { locale: 'en' })).toBe('300 images');
	});
});
