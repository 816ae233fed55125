/**
 * cases-feed: the one query behind every case card (home page, browse, an author's page): a page
 * of cases, newest first, each with its author's public name and a thumbnail — the header image,
 * else the first slice of its first series, fetched for the whole page in one request. Only the
 * fields a card shows are asked for.
 */
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

/** CardQuery selects the cases: a PocketBase filter with its `{:name}` parameters. */
export interface CardQuery {
	filter: string;
	params?: Record<string, unknown>;
}

/** CardPage is one page of cards and whether there are more. */
export interface CardPage {
	cards: CaseCard[];
	page: number;
	totalItems: number;
	hasMore: boolean;
}

type CaseWithAuthor = CasesRecord & { expand?: { author?: UsersRecord } };
type ImageWithSeries = Pick<ImagesRecord, 'id' | 'collectionId' | 'collectionName' | 'preview' | 'series'> & { expand?: { series?: SeriesRecord } };

/** caseCards loads page `page` (from 1) of `perPage` cards of the cases matching `query`. */
export async function caseCards(pb: TypedPocketBase, query: CardQuery, page: number, perPage: number, signal?: AbortSignal): Promise<CardPage> {
	const result = await pb.collection('cases').getList<CaseWithAuthor>(page, perPage, {
		filter: pb.filter(query.filter, query.params ?? {}),
		// the id breaks ties between cases created in the same second, so pages never overlap
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

/** latestCases lists the newest published cases. */
export async function latestCases(pb: TypedPocketBase, count: number, signal?: AbortSignal): Promise<CaseCard[]> {
	return (await caseCards(pb, { filter: 'status = "published"' }, 1, count, signal)).cards;
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
