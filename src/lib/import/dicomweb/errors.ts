/**
 * DicomWebError: why talking to a PACS failed, as a kind the UI turns into a message in the
 * user's language (src/lib/ui/pacs/messages.ts) — never the raw status line.
 */

/**
 * DicomWebErrorKind: unreachable (no answer at all), cors (it answered, the browser hid it), csp
 * (this page's Content-Security-Policy forbids the address: the request never left), unauthorized
 * (401), forbidden (403), not-dicomweb (answers, but not QIDO/WADO), http (any other status),
 * malformed (a broken response).
 */
export type DicomWebErrorKind = 'unreachable' | 'cors' | 'csp' | 'unauthorized' | 'forbidden' | 'not-dicomweb' | 'http' | 'malformed';

export class DicomWebError extends Error {
	override name = 'DicomWebError';
	readonly kind: DicomWebErrorKind;
	readonly status?: number;

	constructor(kind: DicomWebErrorKind, message: string, status?: number) {
		super(message);
		this.kind = kind;
		this.status = status;
	}
}

/** errorForStatus turns a failed HTTP status into a DicomWebError. */
export function errorForStatus(status: number, url: string): DicomWebError {
	if (status === 401) return new DicomWebError('unauthorized', `${url}: 401, the credentials were refused`, status);
	if (status === 403) return new DicomWebError('forbidden', `${url}: 403, this account may not do that`, status);
	// 404/405 on a QIDO or WADO path: the URL is not a DICOMweb root
	if (status === 404 || status === 405) return new DicomWebError('not-dicomweb', `${url}: ${status}, no DICOMweb service at this URL`, status);
	return new DicomWebError('http', `${url}: HTTP ${status}`, status);
}

/**
 * corsRequirements lists what the PACS (or its proxy) must send so that a page served from
 * `origin` can call it: browsers preflight every DICOMweb request (an Authorization header, or
 * an Accept of multipart/related, is not CORS-safelisted: Fetch standard §3.2.2).
 */
export function corsRequirements(origin: string): string[] {
	return [
		`OPTIONS → 204, with:`,
		`Access-Control-Allow-Origin: ${origin}`,
		'Access-Control-Allow-Methods: GET, POST, OPTIONS',
		'Access-Control-Allow-Headers: Authorization, Accept, Content-Type',
		`GET/POST responses (errors included) → Access-Control-Allow-Origin: ${origin}`,
		'Access-Control-Expose-Headers: Content-Type, Content-Length'
	];
}
