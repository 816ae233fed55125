import { pb } from '$lib/pocketbase';
import { parseBrowseQuery } from './browse-query';
import { fetchCasePage } from './case-list';
import type { PageLoad } from './$types';

/** Browse: the query lives in the URL, so a search is a link and the back button restores it. */
export const load = (async ({ url }) => {
	const query = parseBrowseQuery(url.searchParams);
	const first = await fetchCasePage(pb, query, 1);
	return { query, first };
}) satisfies PageLoad;
