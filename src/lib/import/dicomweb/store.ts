/**
 * The PACS connections, kept in this browser's localStorage only: they hold the archive's URL
 * and credentials, which Cassette's server must never see (nothing here is synced, and the
 * outbox never reads this key). A malformed entry is dropped rather than breaking the page.
 */
import type { PacsAuth, PacsConnection } from './connection';

/** PACS_STORAGE_KEY is the localStorage key; bump the suffix if the shape changes. */
export const PACS_STORAGE_KEY = 'cassette.pacs.connections.v1';

/** KeyValueStorage is the part of Storage used here (injectable for tests). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

function isAuth(value: unknown): value is PacsAuth {
	const auth = value as Record<string, unknown> | null;
	if (!auth || typeof auth !== 'object') return false;
	if (auth.kind === 'none') return true;
	if (auth.kind === 'basic') return typeof auth.username === 'string' && typeof auth.password === 'string';
	return auth.kind === 'bearer' && typeof auth.token === 'string';
}

function isConnection(value: unknown): value is PacsConnection {
	const c = value as Record<string, unknown> | null;
	return !!c && typeof c === 'object' && ['id', 'label', 'qidoUrl', 'wadoUrl', 'stowUrl'].every((k) => typeof c[k] === 'string') && isAuth(c.auth);
}

/** loadConnections reads the saved connections ([] when none or unreadable). */
export function loadConnections(storage: KeyValueStorage): PacsConnection[] {
	try {
		const parsed: unknown = JSON.parse(storage.getItem(PACS_STORAGE_KEY) ?? '[]');
		return Array.isArray(parsed) ? parsed.filter(isConnection) : [];
	} catch {
		return [];
	}
}

/** saveConnection adds a connection, or replaces the one with its id; returns the new list. */
export function saveConnection(storage: KeyValueStorage, connection: PacsConnection): PacsConnection[] {
	const list = loadConnections(storage).filter((c) => c.id !== connection.id);
	list.push(connection);
	storage.setItem(PACS_STORAGE_KEY, JSON.stringify(list));
	return list;
}

/** removeConnection forgets a connection (and its credentials); returns the new list. */
export function removeConnection(storage: KeyValueStorage, id: string): PacsConnection[] {
	const list = loadConnections(storage).filter((c) => c.id !== id);
	storage.setItem(PACS_STORAGE_KEY, JSON.stringify(list));
	return list;
}
