import { pb } from '$lib/pocketbase';
import { latestCases } from '$lib/pocketbase/cases-feed';
import type { PageLoad } from './$types';

export const load = (async () => {
	// Offline or a server hiccup still shows the page; the cards section says why it is empty.
	const cases = await latestCases(pb, 12).catch(() => null);
	return { cases };
}) satisfies PageLoad;
