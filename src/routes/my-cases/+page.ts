import { redirect } from '@sveltejs/kit';
import { listDrafts } from '$lib/db';
import { auth, pb } from '$lib/pocketbase';
import { draftsDb } from '$lib/state/authoring/db';
import type { PageLoad } from './$types';

export const load = (async () => {
	const user = auth.user;
	if (!user) redirect(303, '/signin?next=/my-cases');
	// the server's list and the local drafts load together; offline, the list is null
	const [cases, drafts] = await Promise.all([
		pb
			.collection('cases')
			.getFullList({ filter: pb.filter('author = {:author}', { author: user.id }), sort: '-updated', requestKey: null })
			.catch(() => null),
		draftsDb().then(listDrafts)
	]);
	return { cases, localDrafts: new Set(drafts.map((d) => d.clientId)) };
}) satisfies PageLoad;
