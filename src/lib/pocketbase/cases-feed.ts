import type { TypedPocketBase } from './client';
import type { CasesRecord, ImagesRecord, SeriesRecord, UsersRecord } from './types.generated';

/** CaseCard is what a case card shows: the case, its author's public name and a key image URL. */
export interface CaseCard {
	id: string;
	title: string;
	category: CasesRecord['category'];
	created: string;
	author: string;
	imageUrl: string | null;
}

type CaseWithAuthor = CasesRecord & { expand?: { author?: UsersRecord } };
type ImageWithSeries = ImagesRecord & { expand?: { series?: SeriesRecord } };

/**
 * latestCases lists the newest published cases. A case without a header image shows the first
 * slice of its first series, fetched for all cards in one request.
 */
export async function latestCases(pb: TypedPocketBase, count: number, signal?: AbortSignal): Promise<CaseCard[]> {
	const page = await pb.collection('cases').getList<CaseWithAuthor>(1, count, {
		filter: 'status = "published"',
		sort: '-created',
		expand: 'author',
		signal
	});
	const needPreview = page.items.filter((c) => !c.header_image).map((c) => c.id);
	const firstSlices = needPreview.length > 0 ? await firstSlicePreviews(pb, needPreview, signal) : new Map<string, string>();
	return page.items.map((c) => ({
		id: c.id,
		title: c.title,
		category: c.category,
		created: c.created,
		author: c.expand?.author?.name || c.expand?.author?.username || '',
		imageUrl: c.header_image ? pb.files.getURL(c, c.header_image, { thumb: '480x0' }) : (firstSlices.get(c.id) ?? null)
	}));
}

async function firstSlicePreviews(pb: TypedPocketBase, caseIds: string[], signal?: AbortSignal): Promise<Map<string, string>> {
	const filter = pb.filter(
		`index = 0 && (${caseIds.map((_, i) => `series.case = {:c${i}}`).join(' || ')})`,
		Object.fromEntries(caseIds.map((id, i) => [`c${i}`, id]))
	);
	const images = await pb.collection('images').getFullList<ImageWithSeries>({ filter, expand: 'series', signal });
	const best = new Map<string, ImageWithSeries>();
	for (const image of images) {
		const series = image.expand?.series;
		if (!series || !image.preview) continue;
		const seen = best.get(series.case)?.expand?.series;
		if (!seen || series.order < seen.order) best.set(series.case, image);
	}
	return new Map([...best].map(([caseId, image]) => [caseId, pb.files.getURL(image, image.preview)]));
}
