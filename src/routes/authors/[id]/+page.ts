import { error } from '@sveltejs/kit';
import { orOffline } from '$lib/offline/network';
import { pb } from '$lib/pocketbase';
import { EMPTY_QUERY } from '../../cases/browse-query';
import { fetchCasePage } from '../../cases/case-list';
import type { PageLoad } from './$types';

/** An author's public profile and their published cases, loaded together; offline, both are null. */
export const load = (async ({ params }) => {
	const query = { ...EMPTY_QUERY, author: params.id };
	const [author, first] = await orOffline(Promise.all([
		pb
			.collection('users')
			.getOne(params.id, { fields: 'id,name,username,academic_year,specialty,work_location' })
			.catch((err: { status?: number }) => {
				if (err.status === 404) error(404);
				throw err;
			}),
		fetchCasePage(pb, query, 1)
	])).then((both) => both ?? [null, null]);
	return { author, query, first };
}) satisfies PageLoad;
