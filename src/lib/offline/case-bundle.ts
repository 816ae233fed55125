/**
 * case-bundle: everything the case page needs about one published case (the case with its
 * author, its series in order, each series' images in order), fetched in parallel, and the
 * preview URLs the viewer loads. The same bundle is what offline reading stores.
 */
import type { TypedPocketBase } from '$lib/pocketbase/client';
import type { CasesRecord, ImagesRecord, SeriesRecord, UsersRecord } from '$lib/pocketbase/types.generated';

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
	/** images per series id, sorted by index */
	images: Record<string, BundleImage[]>;
}

/** BundleOptions: an abort signal, and a callback told the first slice's URL as soon as it is known. */
export interface BundleOptions {
	signal?: AbortSignal;
	/** called with the preview URL of the first series' first slice, before the whole image list arrives */
	onFirstSlice?: (url: string) => void;
}

/**
 * fetchCaseBundle loads case, series and images with parallel requests; a missing or unreadable
 * case rejects with the SDK's 404. A fourth small request finds each series' first slice, so the
 * first image can start downloading while the (large) image list is still on its way.
 */
export async function fetchCaseBundle(pb: TypedPocketBase, id: string, options: BundleOptions = {}): Promise<CaseBundle> {
	const { signal, onFirstSlice } = options;
	const seriesRequest = pb.collection('series').getFullList({ filter: pb.filter('case = {:id}', { id }), sort: 'order,created', signal });
	if (onFirstSlice) {
		const firsts = pb.collection('images').getFullList<Pick<BundleImage, 'id' | 'series' | 'preview'>>({
			filter: pb.filter('series.case = {:id} && index = 0', { id }),
			fields: 'id,series,preview',
			signal
		});
		Promise.all([seriesRequest, firsts]).then(
			([series, images]) => {
				const first = images.find((image) => image.series === series[0]?.id);
				if (first?.preview) onFirstSlice(pb.files.getURL({ id: first.id, collectionId: '', collectionName: 'images' }, first.preview));
			},
			// only a head start: the bundle request reports any failure
			() => {}
		);
	}
	const [record, series, images] = await Promise.all([
		pb.collection('cases').getOne<CasesRecord & { expand?: { author?: UsersRecord } }>(id, { expand: 'author', signal }),
		seriesRequest,
		pb.collection('images').getFullList<Omit<BundleImage, 'collectionId' | 'collectionName'>>({
			filter: pb.filter('series.case = {:id}', { id }),
			sort: 'index',
			// the bare minimum: on a slow network a 300-slice list is the largest answer the page waits for
			fields: 'id,series,index,preview',
			signal
		})
	]);
	const { expand, ...caseRecord } = record;
	const author = expand?.author;
	return {
		case: caseRecord,
		author: author ? { id: author.id, name: author.name, username: author.username } : null,
		series,
		images: groupImages(
			series,
			images.map((image) => ({ ...image, collectionId: '', collectionName: 'images' }))
		)
	};
}

/** groupImages sorts images into their series by index (input arrays are not modified). */
export function groupImages(series: readonly SeriesRecord[], images: readonly BundleImage[]): Record<string, BundleImage[]> {
	const grouped: Record<string, BundleImage[]> = Object.fromEntries(series.map((s) => [s.id, []]));
	for (const image of images) grouped[image.series]?.push(image);
	for (const list of Object.values(grouped)) list.sort((a, b) => a.index - b.index);
	return grouped;
}

/** FileUrl builds a file URL (pb.files.getURL). */
export type FileUrl = (record: { id: string; collectionId: string; collectionName: string }, filename: string) => string;

/** previewUrls lists one series' preview URLs in slice order. */
export function previewUrls(bundle: CaseBundle, seriesId: string, fileUrl: FileUrl): string[] {
	return (bundle.images[seriesId] ?? []).filter((image) => image.preview).map((image) => fileUrl(image, image.preview));
}

/** allPreviewUrls lists every preview of the case, series by series. */
export function allPreviewUrls(bundle: CaseBundle, fileUrl: FileUrl): string[] {
	return bundle.series.flatMap((s) => previewUrls(bundle, s.id, fileUrl));
}
