/**
 * scan: from the raw files of a source to the candidate DICOM files. ZIP archives are opened
 * (nested ones too), DICOMDIRs are followed when they can be trusted, and each remaining file is
 * sniffed by its first bytes, not its name: a CD's "IM000001" without extension, a file without
 * preamble or meta header are DICOM; a PDF or a viewer's .exe is skipped and listed.
 */
import { sniffDicom } from '../dicom/sniff';
import { isDicomdirPath, planFromDicomdirs } from './dicomdir-plan';
import type { LocatedItem, RawEntry, SkippedFile, SkipReason } from './types';

/** ZIP_SIGNATURE is the local file header signature "PK\x03\x04" (APPNOTE §4.3.7): an archive is recognised by content, not only by name. */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/** SNIFF_BYTES covers the preamble, "DICM" and the first element header (PS3.10 §7.1). */
const SNIFF_BYTES = 132 + 12;

/** ScanOptions: where skipped files are reported and how ids are made. */
export interface ScanOptions {
	/** onSkip receives each file left out, by its original path (device only). */
	onSkip: (skipped: SkippedFile) => void;
	/** newId makes the generated id of an item (random UUIDs by default). */
	newId?: () => string;
	/** maxFileBytes: a DICOM file larger than this is skipped as too large (default MAX_FILE_BYTES). */
	maxFileBytes?: number;
	/**
	 * streamed: the entries arrive over the network (a PACS's WADO-RS answer) and hold their
	 * bytes. No DICOMDIR can steer them, so each is scanned as it arrives instead of the source
	 * being listed first, which would hold a whole study in memory before the first file is read.
	 */
	streamed?: boolean;
}

/**
 * MAX_FILE_BYTES: 1 GiB. Every DICOM file is read whole (parsed, de-identified, previewed), and a
 * phone's browser tab cannot hold much more; no CT or MR slice and no ultrasound cine a resident
 * exports comes near it. Larger is skipped with its own reason rather than crashing the tab.
 */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

function startsLikeZip(bytes: Uint8Array): boolean {
	return ZIP_SIGNATURE.every((b, i) => bytes[i] === b);
}

async function zipBlob(entry: RawEntry): Promise<Blob> {
	return entry.blob ? entry.blob() : new Blob([await entry.read()]);
}

/**
 * scanEntries yields the DICOM candidates among `entries`, one at a time, each read only when
 * the consumer asks. The entries are listed first (names and sizes only) so that a DICOMDIR
 * anywhere in the source can decide about its folder; a streamed source is scanned as it comes.
 */
export async function* scanEntries(entries: AsyncIterable<RawEntry> | Iterable<RawEntry>, options: ScanOptions): AsyncGenerator<LocatedItem> {
	const newId = options.newId ?? (() => crypto.randomUUID());
	if (options.streamed) {
		for await (const entry of entries) yield* scanOne(entry, options, newId);
		return;
	}
	const listed: RawEntry[] = [];
	for await (const entry of entries) listed.push(entry);
	const plan = await planFromDicomdirs(listed);
	for (let i = 0; i < listed.length; i++) {
		const entry = listed[i];
		// Drop our reference as we go: an archive entry may hold its inflated bytes until released.
		listed[i] = undefined as unknown as RawEntry;
		if (isDicomdirPath(entry.path)) {
			options.onSkip({ path: entry.path, reason: 'dicomdir' });
		} else if (plan.excluded.has(entry)) {
			options.onSkip({ path: entry.path, reason: 'not-in-dicomdir' });
		} else {
			yield* scanOne(entry, options, newId);
		}
	}
}

/** scanOne yields the DICOM candidates of one entry: itself, or what an archive holds. */
async function* scanOne(entry: RawEntry, options: ScanOptions, newId: () => string): AsyncGenerator<LocatedItem> {
	if (entry.size === 0) {
		options.onSkip({ path: entry.path, reason: 'empty' });
	} else if (/\.zip$/i.test(entry.path)) {
		yield* scanZip(entry, options);
	} else {
		const sniffed = await sniff(entry, options.maxFileBytes ?? MAX_FILE_BYTES);
		if (sniffed === 'zip') yield* scanZip(entry, options);
		else if (typeof sniffed === 'string') options.onSkip({ path: entry.path, reason: sniffed });
		else yield { id: newId(), path: entry.path, size: entry.size, read: sniffed.read };
	}
}

async function* scanZip(entry: RawEntry, options: ScanOptions): AsyncGenerator<LocatedItem> {
	let inner: AsyncGenerator<LocatedItem>;
	try {
		// zip.js is loaded only when an archive turns up.
		const { zipEntries } = await import('./zip');
		// an archive is listed whole whatever its source: a DICOMDIR inside may steer it
		inner = scanEntries(zipEntries(await zipBlob(entry), entry.path), { ...options, streamed: false });
		// The first step lists the archive: a broken central directory fails here.
		const first = await inner.next();
		if (first.done) return;
		yield first.value;
	} catch {
		options.onSkip({ path: entry.path, reason: 'bad-zip' });
		return;
	}
	yield* inner;
}

/**
 * WHOLE_READ_LIMIT: a file up to this size is read whole to be sniffed and the bytes are handed
 * to the consumer, which pulls an item only when it is about to read it: one read per file
 * instead of two. A larger file (a video on the same CD) is sniffed by its head only.
 */
const WHOLE_READ_LIMIT = 64 * 1024 * 1024;

/** sniff returns how to read a DICOM entry, 'zip' for an archive whatever its name, or why the entry is skipped. */
async function sniff(entry: RawEntry, maxFileBytes: number): Promise<{ read: () => Promise<ArrayBuffer> } | 'zip' | Exclude<SkipReason, 'empty' | 'dicomdir' | 'not-in-dicomdir'>> {
	try {
		if (entry.size > Math.min(WHOLE_READ_LIMIT, maxFileBytes)) {
			const head = await entry.head(SNIFF_BYTES);
			if (startsLikeZip(head)) return 'zip';
			if (!sniffDicom(head)) return 'not-dicom';
			return entry.size > maxFileBytes ? 'too-large' : { read: () => entry.read() };
		}
		let bytes: ArrayBuffer | undefined = await entry.read();
		const head = new Uint8Array(bytes, 0, Math.min(SNIFF_BYTES, bytes.byteLength));
		if (startsLikeZip(head)) return 'zip';
		if (!sniffDicom(head)) return 'not-dicom';
		return {
			read: async () => {
				// The sniffed bytes serve the first read only, so the scanner never keeps them.
				const once = bytes ?? (await entry.read());
				bytes = undefined;
				return once;
			}
		};
	} catch (error) {
		// An archive entry that inflates past its declared size (zip.ts; matched by name so that
		// zip.js loads only when an archive turns up).
		return error instanceof Error && error.name === 'ZipEntrySizeError' ? 'bad-zip' : 'unreadable';
	}
}
