import { redirect } from '@sveltejs/kit';
import { auth, pb } from '$lib/pocketbase';
import type { PageLoad } from './$types';

export const load = (async () => {
	const user = auth.user;
	if (!user) redirect(303, '/signin?next=/profile');
	// The stored session may be older than edits made on another device.
	const fresh = await pb.collection('users').getOne(user.id).catch(() => user);
	return { user: fresh };
}) satisfies PageLoad;
