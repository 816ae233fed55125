import PocketBase, { type RecordService } from 'pocketbase';
import type { CasesRecord, ImagesRecord, ReportsRecord, SeriesRecord, UsersRecord } from './types.generated';

/** TypedPocketBase is the SDK client with Cassette's collections typed from the server schema. */
export interface TypedPocketBase extends PocketBase {
	collection(idOrName: 'users'): RecordService<UsersRecord>;
	collection(idOrName: 'cases'): RecordService<CasesRecord>;
	collection(idOrName: 'series'): RecordService<SeriesRecord>;
	collection(idOrName: 'images'): RecordService<ImagesRecord>;
	collection(idOrName: 'reports'): RecordService<ReportsRecord>;
	collection(idOrName: string): RecordService;
}

/**
 * serverUrl is where the API lives: the page's own origin in production (the Go server serves
 * app and API on one port), or VITE_PB_URL when the app runs from `vite dev`.
 */
export function serverUrl(configured: string | undefined, origin: string): string {
	return configured && configured.length > 0 ? configured : origin;
}

/** pb is the one PocketBase client of the app; the SDK keeps the session in localStorage. */
export const pb = new PocketBase(
	serverUrl(import.meta.env.VITE_PB_URL as string | undefined, typeof location === 'undefined' ? 'http://127.0.0.1:8090' : location.origin)
) as TypedPocketBase;

// Pages start several requests at once and navigate away mid-flight; the SDK's auto-cancellation
// of "duplicate" requests would abort legitimate parallel loads.
pb.autoCancellation(false);
