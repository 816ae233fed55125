/**
 * case-list: one page of published cases for the browse and author pages, newest first, as the
 * home page's card model, each with a thumbnail (the header image, else the first slice of its
 * first series, fetched for the whole page in one request).
 */
import type { TypedPocketBase } from '$lib/pocketbase/client';
import type { CaseCard } from '$lib/pocketbase/cases-feed';
import type { CasesRecord, ImagesRecord, SeriesRecord, UsersRecord } from '$lib/pocketbase/types.generated';
import { browseFilter, type BrowseQuery } from './browse-query';

/** PAGE_SIZE cases are fetched per page (one infinite-scroll step). */
export const PAGE_SIZE = 12;

/** CasePage is one page of cards and whether there are more. */
export interface CasePage {
	cards: CaseCard[];
	page: number;
	totalItems: number;
	hasMore: boolean;
}

type CaseWithAuthor = CasesRecord & { expand?: { author?: UsersRecord } };
type ImageWithSeries = Pick<ImagesRecord, 'id' | 'collectionId' | 'collectionName' | 'preview' | 'series'> & { expand?: { series?: SeriesRecord } };

/** fetchCasePage loads page (from 1) of the cases matching query. */
export async function fetchCasePage(pb: TypedPocketBase, query: BrowseQuery, page: number, signal?: AbortSignal): Promise<CasePage> {
	const { filter, params } = browseFilter(query);
	const result = await pb.collection('cases').getList<CaseWithAuthor>(page, PAGE_SIZE, {
		filter: pb.filter(filter, params),
		sort: '-created,-id',
		expand: 'author',
		fields: 'id,collectionId,collectionName,title,category,created,header_image,author,expand.author.id,expand.author.name,expand.author.username',
		signal
	});
	const thumbs = await firstSliceThumbs(pb, result.items.filter((c) => !c.header_image).map((c) => c.id), signal);
	return {
		cards: result.items.map((c) => ({
			id: c.id,
			title: c.title,
			category: c.category,
			created: c.created,
			author: c.expand?.author?.name || c.expand?.author?.username || '',
			imageUrl: c.header_image ? pb.files.getURL(c, c.header_image, { thumb: '480x270' }) : (thumbs.get(c.id) ?? null)
		})),
		page: result.page,
		totalItems: result.totalItems,
		hasMore: result.page < result.totalPages
	};
}

async function firstSliceThumbs(pb: TypedPocketBase, caseIds: string[], signal?: AbortSignal): Promise<Map<string, string>> {
	if (caseIds.length === 0) return new Map();
	const filter = pb.filter(
		`index = 0 && (${caseIds.map((_, i) => `series.case = {:c${i}}`).join(' || ')})`,
		Object.fromEntries(caseIds.map((id, i) => [`c${i}`, id]))
	);
	const images = await pb.collection('images').getFullList<ImageWithSeries>({
		filter,
		expand: 'series',
		fields: 'id,collectionId,collectionName,preview,series,expand.series.case,expand.series.order',
		signal
	});
	const best = new Map<string, ImageWithSeries>();
	for (const image of images) {
		const series = image.expand?.series;
		if (!series || !image.preview) continue;
		const seen = best.get(series.case)?.expand?.series;
		if (!seen || series.order < seen.order) best.set(series.case, image);
	}
	// the preview's 160×160 thumbnail is plenty for a card and a fraction of the bytes
	return new Map([...best].map(([caseId, image]) => [caseId, pb.files.getURL(image, image.preview, { thumb: '160x160' })]));
}
