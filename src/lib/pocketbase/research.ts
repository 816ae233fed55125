/**
 * research: the client side of the server's research endpoints (pocketbase/research/routes.go):
 * the summary a selection would export, the export's URL for a browser download, and the
 * researcher's personal API tokens (pocketbase/tokens/).
 */
import type PocketBase from 'pocketbase';
import { selectionParams, type ResearchSelection } from '$lib/research/selection';
import type { ApiTokensRecord } from './types.generated';

/** ResearchTotals are the counts of a selection (bytes: the stored DICOM files). */
export interface ResearchTotals {
	cases: number;
	series: number;
	instances: number;
	bytes: number;
}

/** ResearchSummary mirrors research.Summary (pocketbase/research/summary.go). */
export interface ResearchSummary {
	totals: ResearchTotals;
	codes: (ResearchTotals & { code: string; title: string })[];
	cases: (ResearchTotals & { id: string; title: string; code: string; category: string; region: string; created: string })[];
	/** the case list stops at 500; the totals count every case */
	truncated: boolean;
}

export const SUMMARY_PATH = '/api/cassette/research/summary';
export const EXPORT_PATH = '/api/cassette/research/export';

/** fetchResearchSummary asks the server what the selection would export. */
export function fetchResearchSummary(pb: PocketBase, selection: ResearchSelection, signal?: AbortSignal): Promise<ResearchSummary> {
	return pb.send<ResearchSummary>(SUMMARY_PATH, {
		query: Object.fromEntries(selectionParams(selection)),
		signal,
		requestKey: null
	});
}

/**
 * researchExportUrl is the export's URL with a fresh file token: a plain link download cannot
 * send the Authorization header, and the browser then streams the ZIP to disk instead of the
 * page holding it in memory. File tokens are short-lived, so ask for the URL on each click.
 */
export async function researchExportUrl(pb: PocketBase, selection: ResearchSelection): Promise<string> {
	const params = selectionParams(selection);
	params.set('token', await pb.files.getToken());
	return pb.buildURL(`${EXPORT_PATH}?${params}`);
}

/** TOKEN_DAYS are the lifetimes offered for a personal API token (the server accepts 1–365). */
export const TOKEN_DAYS = [7, 30, 90, 365] as const;

/** NewToken is the answer to a token's creation: the only time its secret is ever sent. */
export interface NewToken {
	id: string;
	name: string;
	expires: string;
	hint: string;
	token: string;
}

/** listTokens lists the signed-in user's API tokens, newest first (the server never sends their hashes). */
export function listTokens(pb: PocketBase): Promise<ApiTokensRecord[]> {
	return pb.collection('api_tokens').getFullList<ApiTokensRecord>({ sort: '-created', requestKey: null });
}

/** createToken makes a personal API token (pocketbase/tokens/routes.go). */
export function createToken(pb: PocketBase, name: string, days: number): Promise<NewToken> {
	return pb.send<NewToken>('/api/cassette/tokens', { method: 'POST', body: { name, days }, requestKey: null });
}

/** revokeToken revokes one of the signed-in user's tokens at once. */
export async function revokeToken(pb: PocketBase, id: string): Promise<void> {
	await pb.send(`/api/cassette/tokens/${encodeURIComponent(id)}/revoke`, { method: 'POST', requestKey: null });
}
