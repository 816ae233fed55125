/**
 * series-values: where a CT series' windowing values are (images.values, one companded-HU JPEG
 * per slice; src/lib/viewer/hu-encoding.ts). Asked only when the reader opens the window bar, so
 * a reader who never windows pays nothing. A series with any slice missing its values has none.
 */
import type { FileUrl } from '$lib/offline/case-bundle';
import type { TypedPocketBase } from '$lib/pocketbase/client';

interface ValuesImage {
	id: string;
	collectionId: string;
	collectionName: string;
	index: number;
	// the field is newer than the generated record types (migrations/1763769660_images_values.go)
	values?: string;
}

/** seriesValueUrls lists the values file URL of every slice in order, or null when any is missing. */
export async function seriesValueUrls(pb: TypedPocketBase, seriesId: string, fileUrl: FileUrl): Promise<string[] | null> {
	const images = await pb.collection('images').getFullList<ValuesImage>({
		filter: pb.filter('series = {:series}', { series: seriesId }),
		sort: 'index',
		fields: 'id,collectionId,collectionName,index,values'
	});
	return valueUrls(images, fileUrl);
}

/** valueUrls maps images to their values URLs, or null when a slice has none (the series is read with its previews). */
export function valueUrls(images: readonly ValuesImage[], fileUrl: FileUrl): string[] | null {
	if (images.length === 0 || images.some((i) => !i.values)) return null;
	return images.map((i) => fileUrl(i, i.values!));
}
