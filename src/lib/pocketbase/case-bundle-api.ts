/**
 * The case page's one read, GET /api/cassette/cases/{id}/bundle (pocketbase/routes/case_bundle.go):
 * the case, its series, the first series' slice list and that series' first slice inline, under
 * the collections' own API rules. The type is written here because `npm run gen:types` only
 * covers collections; keep it in step with the Go structs.
 */
import { ClientResponseError } from 'pocketbase';
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

/** EarlyRequest is the bundle request src/app.html starts with the document when it opens on a case page. */
export interface EarlyRequest {
	id: string;
	response: Promise<Response>;
}

type EarlyWindow = { __cassetteCaseBundle?: EarlyRequest };

/** caseBundlePath is the endpoint's path for a case id. */
export function caseBundlePath(id: string): string {
	return `/api/cassette/cases/${encodeURIComponent(id)}/bundle`;
}

/**
 * fetchCaseBundleResponse asks the server, or takes over the request the document started for
 * this case (once: a later visit asks again). That one is a guest's request, which is all a
 * reader's page needs (published cases); only a signed-in author's own unpublished case needs
 * their token, and gets a request of its own. It rejects like the SDK: status 404 for a missing
 * or unreadable case, status 0 when no answer came.
 */
export async function fetchCaseBundleResponse(pb: TypedPocketBase, id: string, signal?: AbortSignal, scope: EarlyWindow = globalThis as EarlyWindow): Promise<CaseBundleResponse> {
	const early = scope.__cassetteCaseBundle;
	// the document's request went to its own origin: only that server's answer will do
	const sameServer = typeof location !== 'undefined' && new URL(pb.baseURL, location.href).origin === location.origin;
	if (!early || early.id !== id || !sameServer) return pb.send<CaseBundleResponse>(caseBundlePath(id), { method: 'GET', signal });
	delete scope.__cassetteCaseBundle;
	let response: Response;
	try {
		response = await early.response;
	} catch (err) {
		throw new ClientResponseError({ url: caseBundlePath(id), status: 0, originalError: err });
	}
	// The document's request is a guest's: a case that is not public is a 404 to it. Its author
	// (signed in on this device) may still read it, with the moderators' reason, so a signed-in
	// reader asks again with their token rather than take the guest's answer.
	if (response.status === 404 && pb.authStore.isValid) return pb.send<CaseBundleResponse>(caseBundlePath(id), { method: 'GET', signal });
	const body: unknown = await response.json().catch(() => ({}));
	if (!response.ok) throw new ClientResponseError({ url: response.url, status: response.status, response: body });
	return body as CaseBundleResponse;
}
