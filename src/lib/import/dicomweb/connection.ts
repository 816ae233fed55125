/**
 * A DICOMweb connection as the contributor enters it: the QIDO-RS, WADO-RS and STOW-RS roots
 * (one base URL for most archives: Orthanc, dcm4chee and most others serve the three services
 * under one root, PS3.18 §8.2) and how to authenticate. It lives on this device only.
 */

/** PacsAuth is how requests authenticate: nothing, HTTP Basic, or a bearer token. */
export type PacsAuth = { kind: 'none' } | { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

/** PacsConnection is one archive the contributor can query and retrieve from. */
export interface PacsConnection {
	id: string;
	label: string;
	qidoUrl: string;
	wadoUrl: string;
	stowUrl: string;
	auth: PacsAuth;
}

/** normaliseRoot trims a root URL's trailing slashes; it must be http(s), since the browser calls it. */
export function normaliseRoot(url: string): string {
	const parsed = new URL(url.trim());
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError(`not an http(s) URL: ${url}`);
	if (parsed.username || parsed.password) throw new TypeError('credentials belong in the authentication fields, not in the URL');
	return parsed.href.replace(/\/+$/, '');
}

/** connectionFromBase makes a connection whose three services share one root. */
export function connectionFromBase(id: string, label: string, baseUrl: string, auth: PacsAuth): PacsConnection {
	const root = normaliseRoot(baseUrl);
	return { id, label: label.trim() || new URL(root).host, qidoUrl: root, wadoUrl: root, stowUrl: root, auth };
}

/** authHeaders are the request headers the connection's authentication needs. */
export function authHeaders(auth: PacsAuth): Record<string, string> {
	switch (auth.kind) {
		case 'basic': {
			// RFC 7617: user-id ":" password, UTF-8, base64
			const bytes = new TextEncoder().encode(`${auth.username}:${auth.password}`);
			return { Authorization: `Basic ${btoa(String.fromCharCode(...bytes))}` };
		}
		case 'bearer':
			return { Authorization: `Bearer ${auth.token}` };
		default:
			return {};
	}
}

/** FetchLike is `fetch`, injectable for tests. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
