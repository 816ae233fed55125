/**
 * browse-query: the browse page's search and filters as URL query parameters (shareable, and the
 * back button restores them) and as a PocketBase filter with bound parameters, never user input
 * concatenated into the filter text.
 */
import { CasesCategoryValues, type CasesCategoryOptions } from '$lib/pocketbase/types.generated';

/** MODALITIES offered as a filter (DICOM Modality codes, PS3.3 C.7.3.1.1.1). */
export const MODALITIES = ['CT', 'MR', 'US', 'CR', 'DX', 'MG', 'NM', 'PT', 'XA', 'RF'] as const;

/** BrowseQuery is what the reader searched for; empty strings mean "any". */
export interface BrowseQuery {
	q: string;
	category: CasesCategoryOptions | '';
	modality: string;
	icd: string;
	/** only this author's cases (the author page) */
	author: string;
}

/** EMPTY_QUERY matches every published case. */
export const EMPTY_QUERY: BrowseQuery = Object.freeze({ q: '', category: '', modality: '', icd: '', author: '' });

const MAX_QUERY = 200;

function text(value: string | null): string {
	return (value ?? '').trim().slice(0, MAX_QUERY);
}

/** parseBrowseQuery reads the query from URL parameters, dropping unknown categories and modalities. */
export function parseBrowseQuery(params: URLSearchParams): BrowseQuery {
	const category = text(params.get('category'));
	const modality = text(params.get('modality')).toUpperCase();
	return {
		q: text(params.get('q')),
		category: (CasesCategoryValues as readonly string[]).includes(category) ? (category as CasesCategoryOptions) : '',
		modality: (MODALITIES as readonly string[]).includes(modality) ? modality : '',
		icd: text(params.get('icd')).toUpperCase(),
		author: text(params.get('author'))
	};
}

/** browseSearchParams writes the query back, leaving out what is empty so URLs stay short. */
export function browseSearchParams(query: BrowseQuery): URLSearchParams {
	const params = new URLSearchParams();
	for (const key of ['q', 'category', 'modality', 'icd', 'author'] as const) if (query[key]) params.set(key, query[key]);
	return params;
}

/** browseFilter is the PocketBase filter (published cases only) and its bound parameters. */
export function browseFilter(query: BrowseQuery): { filter: string; params: Record<string, string> } {
	const clauses = ['status = "published"'];
	const params: Record<string, string> = {};
	if (query.q) {
		clauses.push('(title ~ {:q} || content ~ {:q})');
		params.q = query.q;
	}
	if (query.category) {
		clauses.push('category = {:category}');
		params.category = query.category;
	}
	if (query.modality) {
		// any of the case's series has the modality (back-relation, "?=" means "at least one")
		clauses.push('series_via_case.modality ?= {:modality}');
		params.modality = query.modality;
	}
	if (query.icd) {
		// a code or the start of one: "DB9" finds DB90 to DB99.x, "D" all of chapter 13; in the
		// research label (consented liver CT) or in the diagnosis any case may carry
		clauses.push('(icd11_code ~ {:icd} || diagnosis_icd11 ~ {:icd})');
		params.icd = `${query.icd.replace(/[%_]/g, '')}%`;
	}
	if (query.author) {
		clauses.push('author = {:author}');
		params.author = query.author;
	}
	return { filter: clauses.join(' && '), params };
}
