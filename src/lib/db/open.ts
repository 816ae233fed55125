/** openCassetteDb: the one way the app opens its drafts database. */
import { openDB, type IDBPDatabase } from 'idb';
import { DB_VERSION, upgrade } from './migrations';
import { DB_NAME, type CassetteDb } from './schema';

/** DraftsDb is an open drafts database. */
export type DraftsDb = IDBPDatabase<CassetteDb>;

/**
 * openCassetteDb opens (creating or upgrading) the drafts database. `version` exists for tests
 * that build an older database; the app always opens the current one. A failed migration aborts
 * the upgrade, which leaves the database at its old version with its data intact.
 */
export function openCassetteDb(name: string = DB_NAME, version: number = DB_VERSION): Promise<DraftsDb> {
	return openDB<CassetteDb>(name, version, {
		upgrade(db, oldVersion, newVersion, tx) {
			const anyDb = db as unknown as Parameters<typeof upgrade>[0];
			const anyTx = tx as unknown as Parameters<typeof upgrade>[3];
			upgrade(anyDb, oldVersion, newVersion, anyTx).catch(() => {
				// an aborted versionchange transaction rejects openDB with the abort error
				try {
					tx.abort();
				} catch {
					// already finished or aborted
				}
			});
		},
		blocking(_current, _blocked, event) {
			// another tab runs a newer release and wants to upgrade: step aside (it reloads us)
			(event.target as IDBDatabase).close();
		}
	});
}
