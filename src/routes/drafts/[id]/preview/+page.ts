import { error } from '@sveltejs/kit';
import { inSliceRange, seriesToPublish } from '$lib/cases/outgoing';
import { getImage, listImageIds, loadDraft } from '$lib/db';
import { draftsDb } from '$lib/state/authoring/db';
import type { PageLoad } from './$types';

/** A slice of the preview: its image's id in the device's database, behind a `draft-slice:` URL the viewer fetches. */
const sliceUrl = (imageId: string) => `draft-slice:${imageId}`;

/**
 * "Preview as reader": the draft as it will be published (the ticked series, each within its
 * slice range, in order), in the readers' viewer. Everything comes from this device's database;
 * slices are read one at a time as the viewer asks for them, so a 300-slice series with its
 * DICOM never sits in memory at once.
 */
export const load = (async ({ params }) => {
	const db = await draftsDb();
	const loaded = await loadDraft(db, params.id);
	if (!loaded) error(404, 'draft not found');
	const series = [];
	for (const s of seriesToPublish(loaded.series).sort((a, b) => a.order - b.order)) {
		const kept: { id: string; index: number }[] = [];
		for (const id of await listImageIds(db, s.clientId)) {
			const image = await getImage(db, id);
			if (image && inSliceRange(s, image)) kept.push({ id, index: image.index });
		}
		if (kept.length === 0) continue;
		kept.sort((a, b) => a.index - b.index);
		series.push({
			id: s.clientId,
			plane: s.plane,
			description: s.description,
			slice_count: kept.length,
			urls: kept.map((k) => sliceUrl(k.id))
		});
	}
	const fetchSlice = async (url: string): Promise<Blob> => {
		const image = await getImage(db, url.slice('draft-slice:'.length));
		if (!image) throw new Error('slice not found');
		return new Blob([image.preview], { type: image.previewType });
	};
	return { draft: loaded.draft, series, fetchSlice, renderMarkdown: (await import('$lib/cases/markdown')).renderMarkdown };
}) satisfies PageLoad;
