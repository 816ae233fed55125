/**
 * dropUnpublished deletes from this device the saved copies of cases that are no longer published
 * (hidden or removed by a moderator, hidden or deleted by their author, or written by a blocked
 * account): what is removed must be gone from readers' devices too, not only from the server.
 * `publishedIds` answers which of the given ids are still public; when it cannot answer (offline,
 * server down) it throws and nothing is dropped. Returns the titles of the dropped cases.
 */
import type { OfflineStore } from './offline-store';

export type PublishedIds = (ids: readonly string[]) => Promise<ReadonlySet<string>>;

export async function dropUnpublished(store: Pick<OfflineStore, 'saved' | 'remove'>, publishedIds: PublishedIds): Promise<string[]> {
	const saved = await store.saved();
	if (saved.length === 0) return [];
	const still = await publishedIds(saved.map((s) => s.id));
	const gone = saved.filter((s) => !still.has(s.id));
	for (const { id } of gone) await store.remove(id);
	return gone.map((s) => s.title);
}
