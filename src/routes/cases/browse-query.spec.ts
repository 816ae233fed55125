import PocketBase from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { browseFilter, browseSearchParams, EMPTY_QUERY, parseBrowseQuery } from './browse-query';

describe('browse query', () => {
	it('round-trips through the URL, leaving out empty fields', () => {
		const query = parseBrowseQuery(new URLSearchParams('q=%20h%C3%ADgado%20&category=abdomen&modality=ct&icd=db92'));
		expect(query).toEqual({ q: 'hígado', category: 'abdomen', modality: 'CT', icd: 'DB92', author: '' });
		expect(browseSearchParams(query).toString()).toBe('q=h%C3%ADgado&category=abdomen&modality=CT&icd=DB92');
		expect(browseSearchParams(EMPTY_QUERY).toString()).toBe('');
	});

	it('drops unknown categories and modalities and bounds long text', () => {
		const query = parseBrowseQuery(new URLSearchParams(`category=nope&modality=XX&q=${'a'.repeat(500)}`));
		expect(query.category).toBe('');
		expect(query.modality).toBe('');
		expect(query.q).toHaveLength(200);
	});

	it('filters published cases only, with every value bound as a parameter', () => {
		expect(browseFilter(EMPTY_QUERY)).toEqual({ filter: 'status = "published"', params: {} });
		const hostile = '" || status = "hidden';
		const { filter, params } = browseFilter({ q: hostile, category: 'abdomen', modality: 'CT', icd: 'DB9%', author: 'u1' });
		expect(filter).not.toContain(hostile);
		expect(filter).toBe(
			'status = "published" && (title ~ {:q} || content ~ {:q}) && category = {:category} && series_via_case.modality ?= {:modality} && (icd11_code ~ {:icd} || diagnosis_icd11 ~ {:icd}) && author = {:author}'
		);
		expect(params).toEqual({ q: hostile, category: 'abdomen', modality: 'CT', icd: 'DB9%', author: 'u1' });
		// the SDK escapes the bound value: the quote cannot close the string
		expect(new PocketBase('http://x').filter(filter, params)).toContain('title ~ "\\" || status = \\"hidden"');
	});
});
