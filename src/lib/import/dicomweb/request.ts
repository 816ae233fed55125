/**
 * pacsRequest: one DICOMweb request with the connection's credentials, and a failure turned
 * into a DicomWebError kind. A browser reports a CORS refusal and an unreachable host the same
 * way (a TypeError, Fetch standard "network error"), so on a network error a second, simple
 * `no-cors` request tells them apart: it needs no preflight and resolves (with an opaque
 * response) whenever the server answers at all.
 */
import { authHeaders, type FetchLike, type PacsAuth } from './connection';
import { DicomWebError, errorForStatus } from './errors';

/** RequestOptions: what every DICOMweb call accepts. */
export interface RequestOptions {
	signal?: AbortSignal;
	fetch?: FetchLike;
	/** violations is where `securitypolicyviolation` events arrive (the page's document by default). */
	violations?: EventTarget;
}

/**
 * watchCsp notes whether this page's CSP blocked a request to `url`'s origin: such a request
 * fails like an unreachable host, but the document receives a `securitypolicyviolation` event
 * (CSP Level 3 §5.3) naming the directive and the blocked URL.
 */
function watchCsp(url: string, target: EventTarget | undefined): { blocked(): Promise<boolean>; stop(): void } {
	if (!target) return { blocked: async () => false, stop: () => undefined };
	const origin = new URL(url).origin;
	let blocked = false;
	const onViolation = (event: Event) => {
		const { effectiveDirective, blockedURI } = event as Event & { effectiveDirective?: string; blockedURI?: string };
		if (effectiveDirective === 'connect-src' && (blockedURI ?? '').startsWith(origin)) blocked = true;
	};
	target.addEventListener('securitypolicyviolation', onViolation);
	return {
		// the event is queued as a task: let it arrive before deciding
		blocked: () => new Promise((resolve) => setTimeout(() => resolve(blocked), 0)),
		stop: () => target.removeEventListener('securitypolicyviolation', onViolation)
	};
}

function isAbort(error: unknown): boolean {
	return error instanceof Error && error.name === 'AbortError';
}

/** pacsRequest fetches `url` and returns the response when it is 2xx; it throws a DicomWebError otherwise. */
export async function pacsRequest(url: string, auth: PacsAuth, accept: string, options: RequestOptions = {}): Promise<Response> {
	const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
	let response: Response;
	const csp = watchCsp(url, options.violations ?? globalThis.document);
	try {
		response = await fetchFn(url, { headers: { Accept: accept, ...authHeaders(auth) }, signal: options.signal, credentials: 'omit', cache: 'no-store' });
	} catch (error) {
		if (isAbort(error)) throw error;
		if (await csp.blocked()) throw new DicomWebError('csp', `this page's Content-Security-Policy (connect-src) does not allow ${new URL(url).origin}`);
		throw await classifyNetworkError(url, fetchFn, options.signal);
	} finally {
		csp.stop();
	}
	if (!response.ok) {
		// the body of an error is not needed; drop it so the connection is freed
		await response.body?.cancel().catch(() => undefined);
		throw errorForStatus(response.status, new URL(url).origin);
	}
	return response;
}

async function classifyNetworkError(url: string, fetchFn: FetchLike, signal?: AbortSignal): Promise<DicomWebError> {
	const origin = new URL(url).origin;
	try {
		await fetchFn(url, { mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal });
		return new DicomWebError('cors', `${origin} answered, but without the CORS headers this page needs`);
	} catch (error) {
		if (isAbort(error)) throw error;
		return new DicomWebError('unreachable', `${origin} did not answer`);
	}
}

/** readJsonArray reads a QIDO-RS answer: a DICOM JSON array (PS3.18 F.2), or nothing (204). */
export async function readJsonArray(response: Response, url: string): Promise<unknown[]> {
	if (response.status === 204) return [];
	const type = response.headers.get('Content-Type') ?? '';
	const text = await response.text();
	if (text.trim() === '') return [];
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new DicomWebError('not-dicomweb', `${new URL(url).origin} answered ${type || 'something'} that is not DICOM JSON`);
	}
	if (!Array.isArray(parsed)) throw new DicomWebError('not-dicomweb', `${new URL(url).origin} answered JSON that is not a QIDO-RS result`);
	return parsed;
}
