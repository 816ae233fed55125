/**
 * The IndexedDB schema of Cassette's drafts, as idb's typed DBSchema. Everything a draft owns is
 * keyed or indexed by the case's client id, so deleting a draft can free all of it in one
 * transaction. Binary data is stored as ArrayBuffers, never Blobs (Blob storage fails in several
 * Safari versions).
 */
import type { DBSchema } from 'idb';
import type { DraftCase, DraftImage, DraftSeries, SeriesDeidSummary } from '../cases/types';
import type { PhiRecord } from '../dicom/deid/phi-types';

/** DB_NAME is the production database name. */
export const DB_NAME = 'cassette';

/** PhiEntry is the PHI record of one draft: kept on the device only, deleted with the draft. */
export interface PhiEntry {
	caseId: string;
	record: PhiRecord;
	/**
	 * dateOffsetDays is the case's date shift, kept beside the original dates it protects: the
	 * firewall uses it to recognise a date the de-identifier wrote (an original moved by exactly
	 * this offset) that happens to equal another recorded date. Absent in drafts made before v3.
	 */
	dateOffsetDays?: number;
}

/** UsageEntry is the bytes a draft's images take, kept up to date by every image write so listing drafts never reads image bytes. */
export interface UsageEntry {
	caseId: string;
	imageBytes: number;
	images: number;
}

/** SummaryEntry is a draft's de-identification summary, one entry per imported series (counts and codes only). */
export interface SummaryEntry {
	caseId: string;
	series: SeriesDeidSummary[];
}

/** OutboxPhase is where a case is in publishing. */
export type OutboxPhase = 'queued' | 'running' | 'paused' | 'blocked' | 'failed' | 'done';

/**
 * OutboxEntry is the per-case sync state. The server ids the outbox learned are kept so a
 * resumed upload does not look them up again; the server stays the source of truth (a retry
 * still finds records by client id).
 */
export interface OutboxEntry {
	caseId: string;
	phase: OutboxPhase;
	/** serverCaseId is the `cases` record id once created or found. */
	serverCaseId: string;
	/** serverSeries maps a series client id to its `series` record id. */
	serverSeries: Record<string, string>;
	/** uploaded lists the client ids of images the server has acknowledged. */
	uploaded: string[];
	/** error is a code the UI translates (`phi_found`, `network`, `server_rejected`...), or ''. */
	error: string;
	/** errorDetail is the server's message for `server_rejected`; never contains PHI values. */
	errorDetail: string;
	attempts: number;
	updatedAt: number;
}

/** CassetteDb is the current (version 3) schema. */
export interface CassetteDb extends DBSchema {
	drafts: { key: string; value: DraftCase; indexes: { 'by-saved': number } };
	series: { key: string; value: DraftSeries; indexes: { 'by-case': string } };
	images: { key: string; value: DraftImage; indexes: { 'by-case': string; 'by-series': string } };
	phi: { key: string; value: PhiEntry };
	usage: { key: string; value: UsageEntry };
	outbox: { key: string; value: OutboxEntry };
	summaries: { key: string; value: SummaryEntry };
}

/** STORES lists every store; a draft's data is in all of them under its case id. */
export const STORES = ['drafts', 'series', 'images', 'phi', 'usage', 'outbox', 'summaries'] as const;
