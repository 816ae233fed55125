/**
 * Versioned upgrades of the drafts database, as data: MIGRATIONS[n - 1] takes a database from
 * version n - 1 to n. `upgrade` runs every step between the old and the new version, so a device
 * that skipped releases catches up in one open, and its drafts are carried over, never dropped.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

// Migrations see the database as it was at their version, not as CassetteDb describes it now.
type AnyDb = IDBPDatabase<unknown>;
type UpgradeTx = IDBPTransaction<unknown, StoreNames<unknown>[], 'versionchange'>;
type Migration = (db: AnyDb, tx: UpgradeTx) => Promise<void>;

/** v1: drafts (the PHI record kept inside the draft as `phi`), series, images, outbox. */
const v1: Migration = async (db) => {
	db.createObjectStore('drafts', { keyPath: 'clientId' });
	const series = db.createObjectStore('series', { keyPath: 'clientId' });
	series.createIndex('by-case', 'caseId');
	const images = db.createObjectStore('images', { keyPath: 'clientId' });
	images.createIndex('by-case', 'caseId');
	images.createIndex('by-series', 'seriesId');
	db.createObjectStore('outbox', { keyPath: 'caseId' });
};

/**
 * v2: the PHI record moves out of the draft into its own store (listing drafts no longer loads
 * identifying values into memory), a `usage` store keeps each draft's image bytes (computed here
 * from the images already stored), and drafts get a `by-saved` index for the drafts list.
 */
const v2: Migration = async (db, tx) => {
	db.createObjectStore('phi', { keyPath: 'caseId' });
	db.createObjectStore('usage', { keyPath: 'caseId' });
	tx.objectStore('drafts').createIndex('by-saved', 'savedAt');

	const drafts = tx.objectStore('drafts');
	const phi = tx.objectStore('phi');
	for (let cursor = await drafts.openCursor(); cursor; cursor = await cursor.continue()) {
		const { phi: record, ...draft } = cursor.value as { clientId: string; phi?: unknown };
		if (record) await phi.put({ caseId: draft.clientId, record });
		await cursor.update(draft);
	}

	const totals = new Map<string, { imageBytes: number; images: number }>();
	const images = tx.objectStore('images');
	for (let cursor = await images.openCursor(); cursor; cursor = await cursor.continue()) {
		const image = cursor.value as { caseId: string; preview: ArrayBuffer; dicom: ArrayBuffer | null };
		const t = totals.get(image.caseId) ?? { imageBytes: 0, images: 0 };
		t.imageBytes += image.preview.byteLength + (image.dicom?.byteLength ?? 0);
		t.images += 1;
		totals.set(image.caseId, t);
	}
	const usage = tx.objectStore('usage');
	for (const [caseId, t] of totals) await usage.put({ caseId, ...t });
};

/**
 * v3: a `summaries` store keeps each draft's de-identification summary (drafts made before it
 * have none: what the import did was not recorded), and every series gets `publish: true`, the
 * flag an unticked series now keeps instead of being deleted.
 */
const v3: Migration = async (db, tx) => {
	db.createObjectStore('summaries', { keyPath: 'caseId' });
	const series = tx.objectStore('series');
	for (let cursor = await series.openCursor(); cursor; cursor = await cursor.continue()) {
		const value = cursor.value as { publish?: boolean };
		if (value.publish === undefined) await cursor.update({ ...value, publish: true });
	}
};

/** MIGRATIONS are the upgrade steps, in version order. */
export const MIGRATIONS: readonly Migration[] = [v1, v2, v3];

/** DB_VERSION is the current schema version. */
export const DB_VERSION = MIGRATIONS.length;

/** upgrade is idb's upgrade callback: runs the steps after `oldVersion` up to `newVersion`. */
export async function upgrade(db: AnyDb, oldVersion: number, newVersion: number | null, tx: UpgradeTx): Promise<void> {
	const target = newVersion ?? DB_VERSION;
	for (let version = oldVersion + 1; version <= target; version++) {
		await MIGRATIONS[version - 1](db, tx);
	}
}
