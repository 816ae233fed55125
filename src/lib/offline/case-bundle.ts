/**
 * case-bundle: everything the case page needs about one case (the case with its author's name,
 * its series in order, each series' images in order) and the preview URLs the viewer loads. The
 * page opens a case with one request that also carries the first series' list and its first
 * slice (openCaseBundle), and asks for the other series' lists once that slice is on screen
 * (completeCaseBundle). The same bundle is what offline reading stores.
 */
import { fetchCaseBundleResponse, type CaseBundleResponse } from '$lib/pocketbase/case-bundle-api';
import type { TypedPocketBase } from '$lib/pocketbase/client';
import type { CasesRecord, ImagesRecord, SeriesRecord } from '$lib/pocketbase/types.generated';
import type { InlineSlice } from '$lib/viewer/inline-slices';

/** BundleAuthor is the public part of the author's account. */
export interface BundleAuthor {
	id: string;
	name: string;
	username: string;
}

/** BundleImage is the part of an image record the viewer needs. */
export type BundleImage = Pick<ImagesRecord, 'id' | 'collectionId' | 'collectionName' | 'series' | 'index' | 'preview'>;

/** CaseBundle is one case as the reader sees it. */
export interface CaseBundle {
	case: CasesRecord;
	author: BundleAuthor | null;
	series: SeriesRecord[];
	/** images per series id, sorted by index; a series whose list has not arrived yet has no entry */
	images: Partial<Record<string, BundleImage[]>>;
}

/** FileUrl builds a file URL (pb.files.getURL). */
export type FileUrl = (record: { id: string; collectionId: string; collectionName: string }, filename: string) => string;

/** OpenedCase is a bundle as first opened, with the slice that came inline. */
export interface OpenedCase {
	bundle: CaseBundle;
	firstSlice: InlineSlice | null;
}

/** openCaseBundle asks for the case in one request; a missing or unreadable case rejects with the SDK's 404. */
export async function openCaseBundle(pb: TypedPocketBase, id: string, fileUrl: FileUrl, signal?: AbortSignal): Promise<OpenedCase> {
	return bundleFromResponse(await fetchCaseBundleResponse(pb, id, signal), fileUrl);
}

/** bundleFromResponse turns the endpoint's answer into a bundle holding the first series' list, and the inline slice. */
export function bundleFromResponse(response: CaseBundleResponse, fileUrl: FileUrl): OpenedCase {
	const first = response.series[0];
	const images: CaseBundle['images'] = {};
	if (first) images[first.id] = groupImages([first], response.images.map((image) => toBundleImage({ ...image, series: first.id })))[first.id];
	const bundle: CaseBundle = { case: response.case, author: response.author, series: response.series, images };
	const inline = response.firstSlice;
	const image = inline && first ? images[first.id]?.find((i) => i.id === inline.image) : undefined;
	return { bundle, firstSlice: image && inline ? { url: fileUrl(image, image.preview), blob: base64Blob(inline.data, inline.type) } : null };
}

/** missingSeries lists the series whose image lists the bundle does not hold yet. */
export function missingSeries(bundle: CaseBundle): string[] {
	return bundle.series.filter((s) => !bundle.images[s.id]).map((s) => s.id);
}

/** completeCaseBundle adds the missing series' lists in one request (the bundle itself when nothing is missing). */
export async function completeCaseBundle(pb: TypedPocketBase, bundle: CaseBundle, signal?: AbortSignal): Promise<CaseBundle> {
	const missing = missingSeries(bundle);
	if (missing.length === 0) return bundle;
	const images = await pb.collection('images').getFullList<Omit<BundleImage, 'collectionId' | 'collectionName'>>({
		filter: pb.filter(missing.map((_, i) => `series = {:s${i}}`).join(' || '), Object.fromEntries(missing.map((id, i) => [`s${i}`, id]))),
		sort: 'index',
		// the bare minimum: on a slow network a 300-slice list is the largest answer the page waits for
		fields: 'id,series,index,preview',
		signal
	});
	const grouped = groupImages(
		bundle.series.filter((s) => missing.includes(s.id)),
		images.map(toBundleImage)
	);
	return { ...bundle, images: { ...bundle.images, ...grouped } };
}

function toBundleImage(image: Omit<BundleImage, 'collectionId' | 'collectionName'>): BundleImage {
	return { id: image.id, collectionId: '', collectionName: 'images', series: image.series, index: image.index, preview: image.preview };
}

/** groupImages sorts images into their series by index (input arrays are not modified). */
export function groupImages(series: readonly SeriesRecord[], images: readonly BundleImage[]): Record<string, BundleImage[]> {
	const grouped: Record<string, BundleImage[]> = Object.fromEntries(series.map((s) => [s.id, []]));
	for (const image of images) grouped[image.series]?.push(image);
	for (const list of Object.values(grouped)) list.sort((a, b) => a.index - b.index);
	return grouped;
}

/** base64Blob decodes the inline slice (atob: Uint8Array.fromBase64 is too new for older Safari). */
export function base64Blob(data: string, type: string): Blob {
	const binary = atob(data);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return new Blob([bytes], { type });
}

/** previewUrls lists one series' preview URLs in slice order. */
export function previewUrls(bundle: CaseBundle, seriesId: string, fileUrl: FileUrl): string[] {
	return (bundle.images[seriesId] ?? []).filter((image) => image.preview).map((image) => fileUrl(image, image.preview));
}

/** allPreviewUrls lists every preview of the case, series by series. */
export function allPreviewUrls(bundle: CaseBundle, fileUrl: FileUrl): string[] {
	return bundle.series.flatMap((s) => previewUrls(bundle, s.id, fileUrl));
}
