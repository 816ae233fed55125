/**
 * Consistent UID replacement across a case (PS3.15 §E.1.1 action U). The new UID is derived from
 * the per-case secret alone, so independent workers in a pool agree without sharing a table:
 * "2.25." + the decimal value of the first 128 bits of HMAC-SHA-256(secret, uid) (a UUID-derived
 * UID as in PS3.5 §B.2).
 */
import { HmacSha256 } from './sha256';

/** WELL_KNOWN_ROOT prefixes the UIDs the standard defines (transfer syntaxes, SOP classes, coding schemes...); they are never replaced. */
const WELL_KNOWN_ROOT = '1.2.840.10008.';

const encoder = new TextEncoder();

/** isWellKnownUid is true for UIDs defined by DICOM itself (PS3.6 Annex A), which identify nobody. */
export function isWellKnownUid(uid: string): boolean {
	return uid.startsWith(WELL_KNOWN_ROOT);
}

/** secretBytes turns the per-case secret into HMAC key bytes (a string is taken as UTF-8). */
export function secretBytes(secret: string | Uint8Array): Uint8Array {
	return typeof secret === 'string' ? encoder.encode(secret) : secret;
}

/** derivedUid returns the replacement of `uid` under this key; well-known UIDs and empty values come back unchanged. */
export function derivedUid(key: Uint8Array | HmacSha256, uid: string): string {
	if (uid === '' || isWellKnownUid(uid)) return uid;
	const digest = (key instanceof HmacSha256 ? key : new HmacSha256(key)).digest(encoder.encode(uid));
	let value = 0n;
	for (let i = 0; i < 16; i++) value = (value << 8n) | BigInt(digest[i]);
	return `2.25.${value.toString(10)}`;
}

/**
 * UidMapper replaces UIDs for one case, remembering each answer so that a UID repeated within a
 * file, or across the files of a case (study, series, frame of reference), costs one HMAC.
 */
export class UidMapper {
	/** #last is the mapper of the most recent case: a worker or the CLI de-identifies one case's files one after another. */
	static #last: { key: string; mapper: UidMapper } | undefined;

	/** forCase returns the mapper of this secret, shared by every file of the case (one case is remembered at a time). */
	static forCase(secret: string | Uint8Array): UidMapper {
		const key = typeof secret === 'string' ? `s:${secret}` : `b:${Array.from(secret).join(',')}`;
		if (UidMapper.#last?.key !== key) UidMapper.#last = { key, mapper: new UidMapper(secret) };
		return UidMapper.#last.mapper;
	}

	readonly #key: HmacSha256;
	readonly #cache = new Map<string, string>();

	constructor(secret: string | Uint8Array) {
		this.#key = new HmacSha256(secretBytes(secret));
	}

	/** map returns the replacement of one UID (trailing NUL padding and spaces ignored). */
	map(uid: string): string {
		const clean = uid.replace(/[\0 ]+$/, '').trim();
		let out = this.#cache.get(clean);
		if (out === undefined) {
			out = derivedUid(this.#key, clean);
			this.#cache.set(clean, out);
		}
		return out;
	}
}
