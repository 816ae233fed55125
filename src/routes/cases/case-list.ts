/**
 * case-list: one page of published cases for the browse and author pages, newest first, with
 * the browse filters (`browse-query.ts`), through the one case-card query (`cases-feed.ts`).
 */
import type { TypedPocketBase } from '$lib/pocketbase/client';
import { caseCards, type CardPage } from '$lib/pocketbase/cases-feed';
import { browseFilter, type BrowseQuery } from './browse-query';

/** PAGE_SIZE cases are fetched per page (one infinite-scroll step). */
export const PAGE_SIZE = 12;

/** CasePage is one page of cards and whether there are more. */
export type CasePage = CardPage;

/** fetchCasePage loads page (from 1) of the cases matching query, through the one case-card query. */
export function fetchCasePage(pb: TypedPocketBase, query: BrowseQuery, page: number, signal?: AbortSignal): Promise<CasePage> {
	return caseCards(pb, browseFilter(query), page, PAGE_SIZE, signal);
}
