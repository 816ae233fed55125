import { error } from '@sveltejs/kit';
import { m } from '$lib/i18n';
import { fetchCaseBundle, type CaseBundle } from '$lib/offline/case-bundle';
import { offlineStore } from '$lib/offline/offline-store';
import { pb } from '$lib/pocketbase';
import { fetchBlob } from '$lib/viewer/slice-loader';
import { SlicePrefetch } from '$lib/viewer/slice-prefetch';
import type { PageLoad } from './$types';

/** The case page: the bundle from the server (remembered for offline reading), or the saved copy when there is no network. */
export const load = (async ({ params }) => {
	let bundle: CaseBundle;
	// the first slice starts downloading as soon as its URL is known, while the page still loads
	const prefetch = new SlicePrefetch(offlineStore?.fetchSlice(params.id) ?? fetchBlob);
	try {
		bundle = await fetchCaseBundle(pb, params.id, { onFirstSlice: (url) => prefetch.start(url) });
	} catch (err) {
		const status = (err as { status?: number }).status;
		// Missing and not-readable (hidden, removed) cases look the same to a reader.
		if (status === 404) error(404);
		// status 0: the request never got an answer (offline, server unreachable)
		if (status !== 0) throw err;
		const saved = await offlineStore?.stored(params.id).catch(() => null);
		if (!saved) error(503, m.case_offline_unavailable());
		return { bundle: saved.bundle, offlineSince: saved.savedAt, fetchSlice: prefetch.fetchSlice };
	}
	if (bundle.case.status !== 'published') error(404);
	// best effort: a full disk or a private window must not break reading
	void offlineStore?.remember(bundle, 'opened').catch(() => {});
	return { bundle, offlineSince: null, fetchSlice: prefetch.fetchSlice };
}) satisfies PageLoad;
