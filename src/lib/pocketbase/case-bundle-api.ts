/**
 * The case page's one read, GET /api/cassette/cases/{id}/bundle (pocketbase/routes/case_bundle.go):
 * the case, its series, the first series' slice list and that series' first slice inline, under
 * the collections' own API rules. The type is written here because `npm run gen:types` only
 * covers collections; keep it in step with the Go structs.
 */
import type { TypedPocketBase } from './client';
import type { CasesRecord, SeriesRecord } from './types.generated';

/** CaseBundleResponse is the endpoint's JSON body. */
export interface CaseBundleResponse {
	case: CasesRecord;
	/** the author's public name; null when the account cannot be read */
	author: { id: string; name: string; username: string } | null;
	/** in display order (order, then created) */
	series: SeriesRecord[];
	/** the first series' images in slice order: never the DICOM */
	images: { id: string; index: number; preview: string }[];
	/** the first image's preview file, base64; null without images (or when the file could not be read) */
	firstSlice: { image: string; type: string; data: string } | null;
}

/** caseBundlePath is the endpoint's path for a case id. */
export function caseBundlePath(id: string): string {
	return `/api/cassette/cases/${encodeURIComponent(id)}/bundle`;
}

/** fetchCaseBundleResponse asks the server; an unreadable or missing case rejects with the SDK's 404. */
export function fetchCaseBundleResponse(pb: TypedPocketBase, id: string, signal?: AbortSignal): Promise<CaseBundleResponse> {
	return pb.send<CaseBundleResponse>(caseBundlePath(id), { method: 'GET', signal });
}
