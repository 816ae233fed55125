/** draftsDb: the app's one open drafts database, opened on first use and shared by every authoring page. */
import { openCassetteDb, type DraftsDb } from '$lib/db';

let opening: Promise<DraftsDb> | null = null;

/** draftsDb opens the drafts database once; a failed open is retried on the next call. */
export function draftsDb(): Promise<DraftsDb> {
	opening ??= openCassetteDb().catch((error: unknown) => {
		opening = null;
		throw error;
	});
	return opening;
}
