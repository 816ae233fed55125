/**
 * research-pacs: the client side of the server's research archive routes (pocketbase/pacs/routes.go).
 * The server holds the archive's address and credentials and does the STOW-RS itself; the app only
 * learns whether an archive is configured, asks for a send and reads the server's report, one JSON
 * line per case as each is stored.
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { selectionParams, type ResearchSelection } from '$lib/research/selection';

export const ARCHIVE_STATUS_PATH = '/api/cassette/research/pacs';
export const ARCHIVE_SEND_PATH = '/api/cassette/research/pacs/send';

/** ArchiveErrorKind mirrors errorLine.Kind (pocketbase/pacs/report_lines.go). */
export type ArchiveErrorKind = 'unauthorized' | 'forbidden' | 'busy' | 'refused' | 'unreachable' | 'incomplete' | 'not_exportable' | 'server' | 'cancelled';

/** SentCase is one case of a send, as the start line lists it. */
export interface SentCase {
	id: string;
	title: string;
	code: string;
}

/** CaseReport is what the archive did with one case (caseLine in report_lines.go). */
export interface CaseReport {
	type: 'case';
	case: string;
	/** images sent, the SR apart */
	images: number;
	imagesStored: number;
	sr: 'stored' | 'failed' | 'not_sent';
	/** instances the archive refused, with their Failure Reason (DICOM PS3.18 Table 10.5.3-1) */
	failed: { uid: string; sr: boolean; reason: number }[];
	attempts: number;
	error?: { kind: ArchiveErrorKind; status?: number };
}

/** SendLine is one line of a send's answer. */
export type SendLine = { type: 'start'; cases: SentCase[] } | CaseReport | { type: 'done'; cases: number; complete: number };

/** fetchArchiveConfigured asks whether the server has a research archive to send to. */
export async function fetchArchiveConfigured(pb: PocketBase, signal?: AbortSignal): Promise<boolean> {
	const status = await pb.send<{ configured: boolean }>(ARCHIVE_STATUS_PATH, { signal, requestKey: null });
	return status.configured === true;
}

/**
 * sendToArchive asks the server to send the selection's exportable cases (only `caseIds` when
 * given: a retry of those that failed) and hands on each line of its report as it arrives. A
 * refusal before the first line (403, 404 nothing to send, 409 a send running, 503 no archive)
 * is thrown as the SDK's ClientResponseError, so the app's one error path names it.
 */
export async function sendToArchive(
	pb: PocketBase,
	selection: ResearchSelection,
	caseIds: readonly string[],
	onLine: (line: SendLine) => void,
	signal?: AbortSignal
): Promise<void> {
	const params = selectionParams(selection);
	if (caseIds.length > 0) params.set('cases', caseIds.join(','));
	const url = pb.buildURL(`${ARCHIVE_SEND_PATH}?${params}`);
	// fetch, not pb.send: the SDK parses the whole body at the end, the page shows each case as it is stored
	let response: Response;
	try {
		response = await fetch(url, { method: 'POST', headers: { Authorization: pb.authStore.token }, signal });
	} catch (err) {
		throw new ClientResponseError({ url, status: 0, isAbort: signal?.aborted === true, originalError: err });
	}
	if (!response.ok || !response.body) {
		const data = await response.json().catch(() => ({}));
		throw new ClientResponseError({ url, status: response.status, response: data });
	}
	for await (const line of jsonLines(response.body)) onLine(line as SendLine);
}

/** jsonLines reads a stream of newline-delimited JSON, one object per line, as the lines arrive. */
export async function* jsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
	const reader = body.getReader();
	// stream: a character split between two chunks is decoded when its last byte arrives
	const decoder = new TextDecoder();
	let pending = '';
	try {
		for (;;) {
			const { value, done } = await reader.read();
			pending += done ? decoder.decode() : decoder.decode(value, { stream: true });
			let newline: number;
			while ((newline = pending.indexOf('\n')) >= 0) {
				const line = pending.slice(0, newline).trim();
				pending = pending.slice(newline + 1);
				if (line) yield JSON.parse(line);
			}
			if (done) break;
		}
		if (pending.trim()) yield JSON.parse(pending);
	} finally {
		reader.releaseLock();
	}
}
