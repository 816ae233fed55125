import { error } from '@sveltejs/kit';
import { m } from '$lib/i18n';
import { openCaseBundle, type FileUrl, type OpenedCase } from '$lib/offline/case-bundle';
import { offlineStore } from '$lib/offline/offline-store';
import { pb } from '$lib/pocketbase';
import { predecoded, withInlineSlices } from '$lib/viewer/inline-slices';
import { fetchBlob } from '$lib/viewer/slice-loader';
import type { PageLoad } from './$types';

const publicFileUrl: FileUrl = (record, name) => pb.files.getURL(record, name);

/**
 * The case page: one request for the case with its first slice inline, or the saved copy when
 * there is no network. Once the first slice is on screen the page asks for the other series'
 * lists and remembers the case for offline reading.
 */
export const load = (async ({ params }) => {
	const fetchSlice = offlineStore?.fetchSlice(params.id) ?? fetchBlob;
	// the Markdown renderer (marked + DOMPurify, the page's largest module) loads and initialises
	// while the request waits on the network, not before it starts
	const markdown = import('$lib/cases/markdown');
	let opened: OpenedCase;
	try {
		opened = await openCaseBundle(pb, params.id, publicFileUrl);
	} catch (err) {
		const status = (err as { status?: number }).status;
		// Missing and not-readable (hidden, removed) cases look the same to a reader.
		if (status === 404) error(404);
		// status 0: the request never got an answer (offline, server unreachable)
		if (status !== 0) throw err;
		const saved = await offlineStore?.stored(params.id).catch(() => null);
		if (!saved) error(503, m.case_offline_unavailable());
		return {
			bundle: saved.bundle,
			inline: [],
			offlineSince: saved.savedAt,
			authorView: false,
			fileUrl: publicFileUrl,
			fetchSlice,
			decodeSlice: undefined,
			renderMarkdown: (await markdown).renderMarkdown
		};
	}
	const { bundle, firstSlice } = opened;
	const inline = firstSlice ? [firstSlice] : [];
	if (bundle.case.status !== 'published') {
		// Only the author (and admins, on the dashboard) gets an unpublished case: the author sees it
		// with the moderators' reason. Its files are served only with a file token, and never kept offline.
		if (!pb.authStore.record || pb.authStore.record.id !== bundle.case.author) error(404);
		const token = await pb.files.getToken();
		const fileUrl: FileUrl = (record, name) => pb.files.getURL(record, name, { token });
		return {
			bundle,
			inline: [],
			offlineSince: null,
			authorView: true,
			fileUrl,
			fetchSlice: fetchBlob,
			decodeSlice: undefined,
			renderMarkdown: (await markdown).renderMarkdown
		};
	}
	// the page remembers the case for offline reading once the first slice is drawn
	return {
		bundle,
		inline,
		offlineSince: null,
		authorView: false,
		fileUrl: publicFileUrl,
		fetchSlice: withInlineSlices(fetchSlice, inline),
		// the first slice decodes while the page renders
		decodeSlice: predecoded(inline),
		renderMarkdown: (await markdown).renderMarkdown
	};
}) satisfies PageLoad;
