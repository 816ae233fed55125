/**
 * seriesEntries: a retrieved series as the import pipeline's input, the same RawEntry a file
 * picker yields, one File per instance as it arrives. Names are neutral (`pacs-00001.dcm`): the
 * archive's own identifiers never become a name.
 */
import { fileEntry } from '../browser-sources';
import type { RawEntry } from '../types';
import type { PacsConnection } from './connection';
import { readAhead } from './read-ahead';
import { retrieveSeries, type RetrieveOptions } from './wado';

/**
 * READ_AHEAD is how many retrieved instances may wait for the import: enough to keep the network
 * busy while the workers de-identify (`npm run bench`, PACS section), a few MB for a CT series.
 */
export const READ_AHEAD = 8;

/** neutralName is the file name of the n-th retrieved instance (1-based). */
export function neutralName(n: number): string {
	return `pacs-${String(n).padStart(5, '0')}.dcm`;
}

/** seriesEntries yields the series' instances as RawEntry, streaming. */
export async function* seriesEntries(connection: PacsConnection, studyUid: string, seriesUid: string, options: RetrieveOptions = {}): AsyncGenerator<RawEntry> {
	let n = 0;
	for await (const bytes of readAhead(retrieveSeries(connection, studyUid, seriesUid, options), READ_AHEAD)) {
		const file = new File([bytes as Uint8Array<ArrayBuffer>], neutralName(++n), { type: 'application/dicom' });
		yield fileEntry(file, file.name);
	}
}
