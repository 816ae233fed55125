/**
 * The PACS bench page: one worker pool imports a series either from the files chosen in its input
 * (the file picker) or streamed over WADO-RS from a DICOMweb root (the PACS page's retrieve), through
 * the same pipeline (importItems → importStudy), and reports time and what came out.
 */
import { fromFiles, importItems, type RawEntry } from '$lib/import';
import { connectionFromBase, seriesEntries } from '$lib/import/dicomweb';
import { DicomWorkerPool, importStudy } from '$lib/workers';

/** PacsRun is what one import reports. */
export interface PacsRun {
	ms: number;
	instances: number;
	previews: number;
	dicomBytes: number;
	failures: string[];
}

/** Source: the chosen files, or a series retrieved from `url` (no authentication, loopback). */
export type Source =
	| { kind: 'files' }
	| {
			kind: 'pacs';
			url: string;
			study: string;
			series: string;
			/** drain collects every retrieved entry before the import starts, as the app did before its import took a streamed source (1af121c). */
			drain: boolean;
	  };

declare global {
	interface Window {
		pacsBench: { run(source: Source): Promise<PacsRun> };
	}
}

const input = document.querySelector<HTMLInputElement>('#files')!;
let pool: DicomWorkerPool | undefined;

async function drained(entries: AsyncIterable<RawEntry>): Promise<RawEntry[]> {
	const all: RawEntry[] = [];
	for await (const entry of entries) all.push(entry);
	return all;
}

window.pacsBench = {
	async run(source) {
		// one pool for both sources, kept warm between runs as in the app
		pool ??= new DicomWorkerPool();
		const run: PacsRun = { ms: 0, instances: 0, previews: 0, dicomBytes: 0, failures: [] };
		const start = performance.now();
		let entries: AsyncIterable<RawEntry> | Iterable<RawEntry>;
		if (source.kind === 'files') {
			entries = fromFiles(Array.from(input.files ?? []));
		} else {
			const connection = connectionFromBase('bench', 'bench', source.url, { kind: 'none' });
			const streamed = seriesEntries(connection, source.study, source.series);
			entries = source.drain ? await drained(streamed) : streamed;
		}
		// a PACS answer goes in as the PACS page hands it to ImportSession.run: streamed, scanned as it comes
		const streamed = source.kind === 'pacs' && !source.drain;
		await importStudy(importItems(entries, () => {}, undefined, { streamed }), { secret: 'bench-case', dateOffsetDays: -400, timeOffsetSeconds: 45_296 }, {
			pool,
			onInstance: (_id, result) => {
				run.instances++;
				run.dicomBytes += result.deidentified?.bytes.byteLength ?? 0;
				if (result.preview) run.previews++;
			},
			onFailure: (_id, message) => run.failures.push(message)
		});
		run.ms = performance.now() - start;
		return run;
	}
};
