/**
 * export: `cassette export --server URL --token TOKEN [--icd DB93] [--category abdomen]
 * [--region TEXT] [--q TEXT] [--from DATE --to DATE] --out dataset.zip` downloads a research
 * export from the same endpoint as the Research page, with a progress line on stderr. The
 * token is a researcher's personal API token (cst_…, sent as a Bearer token) or a session
 * token. The file is written as <out>.part and renamed when complete, so an interrupted
 * download never looks like a dataset.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ExportOptions {
	server: string;
	token: string;
	out: string;
	selection: Record<string, string | undefined>;
	progress?: (received: number, total: number) => void;
}

/** exportUrl builds the endpoint's URL with the non-empty selection parameters. */
export function exportUrl(server: string, path: string, selection: Record<string, string | undefined>): string {
	const url = new URL(path, server.endsWith('/') ? server : `${server}/`);
	for (const [k, v] of Object.entries(selection)) if (v) url.searchParams.set(k, v);
	return url.toString();
}

/** serverError turns an error response into one clear line. */
async function serverError(res: Response): Promise<Error> {
	let message = '';
	try {
		message = ((await res.json()) as { message?: string }).message ?? '';
	} catch {
		/* not JSON */
	}
	if (res.status === 401 || res.status === 403)
		return new Error(`the server refused the token (${res.status}): use a researcher's token. ${message}`.trim());
	if (res.status === 404) return new Error(message || 'the selection is empty');
	return new Error(`the server answered ${res.status}${message ? `: ${message}` : ''}`);
}

/** exportDataset downloads the ZIP; returns its size. */
export async function exportDataset(o: ExportOptions): Promise<number> {
	// API tokens go as Bearer (pocketbase/tokens/token.go); a PocketBase session token as it is.
	const headers = { Authorization: o.token.startsWith('cst_') ? `Bearer ${o.token}` : o.token };
	const summary = await fetch(exportUrl(o.server, 'api/cassette/research/summary', o.selection), { headers });
	if (!summary.ok) throw await serverError(summary);
	const totals = ((await summary.json()) as { totals: { cases: number; bytes: number } }).totals;
	if (totals.cases === 0) throw new Error('the selection is empty: no published, consented case with DICOM matches it');
	const res = await fetch(exportUrl(o.server, 'api/cassette/research/export', o.selection), { headers });
	if (!res.ok || !res.body) throw await serverError(res);
	const part = `${o.out}.part`;
	let received = 0;
	const file = createWriteStream(part);
	const counter = new Writable({
		write(chunk: Buffer, _enc, done) {
			received += chunk.length;
			o.progress?.(received, totals.bytes);
			file.write(chunk, done);
		},
		final(done) {
			file.end(done);
		}
	});
	try {
		await pipeline(res.body as unknown as NodeJS.ReadableStream, counter);
	} catch (error) {
		await rm(part, { force: true });
		throw error;
	}
	await rename(part, o.out);
	return received;
}

/** progressLine: "42% 120.5 MB" (the total is the DICOM payload, so it ends near 100%). */
export function progressLine(received: number, total: number): string {
	const pct = total > 0 ? Math.min(100, Math.floor((received / total) * 100)) : 0;
	return `${pct}% ${(received / 1e6).toFixed(1)} MB`;
}
