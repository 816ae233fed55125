/**
 * The import pipeline's input side (browser): files, folders and ZIP archives to a stream of
 * anonymous items. Original names stay here, in the on-device skipped list.
 */
import { scanEntries } from './scan';
import { configureZip } from './zip-config';
import type { ImportItem, RawEntry, SkippedFile } from './types';

export { canPickDirectory, fileEntry, fromDataTransfer, fromDirectoryHandle, fromFiles, pickDirectory, type DirectoryHandle } from './browser-sources';
export { configureZip } from './zip-config';
export type { ImportItem, RawEntry, SkipReason, SkippedFile } from './types';

/**
 * importItems yields the DICOM candidates of a source as `{ id, size, read }`; files left out
 * go to `onSkip` with their original path, for display on the device only, and `onLocated` learns
 * each item's path (device only too: the items themselves carry none). A `streamed` source (a
 * PACS's answer) is scanned entry by entry as it arrives (scanEntries).
 */
export async function* importItems(
	entries: AsyncIterable<RawEntry> | Iterable<RawEntry>,
	onSkip: (skipped: SkippedFile) => void,
	onLocated?: (id: string, path: string) => void,
	source: { streamed?: boolean } = {}
): AsyncGenerator<ImportItem> {
	configureZip();
	for await (const { id, size, read, path } of scanEntries(entries, { onSkip, streamed: source.streamed })) {
		onLocated?.(id, path);
		yield { id, size, read };
	}
}
