/**
 * selection: what a researcher selects on the Research page, as URL query parameters (so the
 * back button and a shared link restore it) and as the parameters of the server's research
 * endpoints (pocketbase/research/selection.go reads the same names and checks the same rules:
 * the page drops what the server would answer 400 to, instead of showing an error).
 */
import { CasesCategoryValues, type CasesCategoryOptions } from '$lib/pocketbase/types.generated';

/** ResearchSelection is what to count and export; empty strings mean "any". */
export interface ResearchSelection {
	/** an ICD-11 code or prefix: DB93 also selects DB93.1 and its children */
	icd: string;
	category: CasesCategoryOptions | '';
	/** a region of interest value (src/lib/cases/types.ts REGIONS), matched within the stored list */
	region: string;
	/** words of the title, ICD-11 title or other label */
	q: string;
	/** case creation dates, YYYY-MM-DD, inclusive */
	from: string;
	to: string;
}

export const EMPTY_SELECTION: ResearchSelection = Object.freeze({ icd: '', category: '', region: '', q: '', from: '', to: '' });

const KEYS = ['icd', 'category', 'region', 'q', 'from', 'to'] as const;

// The server's own limits (selection.go): a code like DB93 or DB93.1, texts of 200 characters.
const ICD_PATTERN = /^[0-9A-Z]{1,4}(\.[0-9A-Z]{1,4})?$/;
const MAX_TEXT = 200;

function text(value: string | null): string {
	return (value ?? '').trim().slice(0, MAX_TEXT);
}

/** isDate accepts a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const d = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** parseSelection reads a selection from URL parameters, leaving out values the server would refuse. */
export function parseSelection(params: URLSearchParams): ResearchSelection {
	const icd = text(params.get('icd')).toUpperCase();
	const category = text(params.get('category'));
	const from = text(params.get('from'));
	const to = text(params.get('to'));
	return {
		icd: ICD_PATTERN.test(icd) ? icd : '',
		category: (CasesCategoryValues as readonly string[]).includes(category) ? (category as CasesCategoryOptions) : '',
		region: text(params.get('region')),
		q: text(params.get('q')),
		from: isDate(from) ? from : '',
		to: isDate(to) ? to : ''
	};
}

/** selectionParams writes a selection back, leaving out what is empty so URLs stay short. */
export function selectionParams(selection: ResearchSelection): URLSearchParams {
	const params = new URLSearchParams();
	for (const key of KEYS) if (selection[key]) params.set(key, selection[key]);
	return params;
}

/** ResearchAccess is what the Research page shows a visitor. */
export type ResearchAccess = 'guest' | 'not-researcher' | 'researcher';

/**
 * researchAccess: the role is granted by an administrator (pocketbase/hooks/users_role.go); the
 * server also refuses unverified and blocked accounts (research/routes.go), which the page then
 * reports from the server's 403.
 */
export function researchAccess(user: { role?: string } | null): ResearchAccess {
	if (!user) return 'guest';
	return user.role === 'researcher' ? 'researcher' : 'not-researcher';
}
