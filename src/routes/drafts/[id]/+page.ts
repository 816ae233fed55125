import { error } from '@sveltejs/kit';
import { draftsDb } from '$lib/state/authoring/db';
import { DraftEditor } from '$lib/state/authoring/draft-editor.svelte';
import type { PageLoad } from './$types';

export const load = (async ({ params }) => {
	const db = await draftsDb();
	const editor = await DraftEditor.open(db, params.id);
	if (!editor) error(404, 'draft not found');
	return { db, editor };
}) satisfies PageLoad;
