/**
 * network: telling "no answer from the server" apart from an answer that is an error. The
 * PocketBase SDK reports a request that never got a response (offline, DNS, server down) as a
 * ClientResponseError with status 0 (pocketbase js-sdk src/ClientResponseError.ts); an aborted
 * request also has status 0 but is flagged isAbort and is not the network's fault.
 */

/** isNoAnswer says whether err is a request that got no response from the server. */
export function isNoAnswer(err: unknown): boolean {
	const e = err as { status?: unknown; isAbort?: unknown } | null;
	return typeof e === 'object' && e !== null && e.status === 0 && e.isAbort !== true;
}

/** orOffline resolves to the request's value, or null when the server could not be reached; other errors still reject. */
export async function orOffline<T>(request: Promise<T>): Promise<T | null> {
	try {
		return await request;
	} catch (err) {
		if (isNoAnswer(err)) return null;
		throw err;
	}
}
