import { orOffline } from '$lib/offline/network';
import { pb } from '$lib/pocketbase';
import { parseBrowseQuery } from './browse-query';
import { fetchCasePage } from './case-list';
import type { PageLoad } from './$types';

/**
 * Browse: the query lives in the URL, so a search is a link and the back button restores it.
 * With no answer from the server the page says it is offline (first is null) instead of failing.
 */
export const load = (async ({ url }) => {
	const query = parseBrowseQuery(url.searchParams);
	const first = await orOffline(fetchCasePage(pb, query, 1));
	return { query, first };
}) satisfies PageLoad;
