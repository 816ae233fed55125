/**
 * series-thumbs: the pictures of the case page's series strip. Each is the series' middle slice
 * (more telling than the first, often an empty edge of the volume), fetched with the viewer's own
 * fetch so that offline it comes from the saved copy and online it is the same request the viewer
 * makes when the reader opens that series.
 */
import type { CaseBundle, FileUrl } from '$lib/offline/case-bundle';
import { previewUrls } from '$lib/offline/case-bundle';
import type { FetchSlice } from '$lib/viewer/slice-loader';

/** middlePreview is the URL of the middle slice of a series whose list the bundle holds, else null. */
export function middlePreview(bundle: CaseBundle, seriesId: string, fileUrl: FileUrl): string | null {
	const urls = previewUrls(bundle, seriesId, fileUrl);
	return urls.length ? urls[Math.floor((urls.length - 1) / 2)] : null;
}

/**
 * seriesThumbs returns `have` plus object URLs for the series that have a list but no picture yet,
 * or null when there is nothing new (so a caller's state does not change for nothing). A slice
 * that cannot be fetched leaves its series with the label alone.
 */
export async function seriesThumbs(
	bundle: CaseBundle,
	fileUrl: FileUrl,
	fetchSlice: FetchSlice,
	have: Readonly<Record<string, string>>,
	signal: AbortSignal
): Promise<Record<string, string> | null> {
	const added: Record<string, string> = {};
	for (const series of bundle.series) {
		const url = series.id in have ? null : middlePreview(bundle, series.id, fileUrl);
		if (!url) continue;
		try {
			const blob = await fetchSlice(url, signal);
			if (signal.aborted) break;
			added[series.id] = URL.createObjectURL(blob);
		} catch {
			if (signal.aborted) break;
		}
	}
	return Object.keys(added).length ? { ...have, ...added } : null;
}
