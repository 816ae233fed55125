import { error } from '@sveltejs/kit';
import { pb, type CasesRecord, type UsersRecord } from '$lib/pocketbase';
import type { PageLoad } from './$types';

export const load = (async ({ params }) => {
	const record = await pb
		.collection('cases')
		.getOne<CasesRecord & { expand?: { author?: UsersRecord } }>(params.id, { expand: 'author' })
		.catch((err: { status?: number }) => {
			// Missing and not-readable (hidden, removed) cases look the same to a reader.
			if (err.status === 404) error(404);
			throw err;
		});
	const headerUrl = record.header_image ? pb.files.getURL(record, record.header_image) : null;
	return { record, headerUrl };
}) satisfies PageLoad;
