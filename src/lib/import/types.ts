/** The import pipeline's input types: what a source yields and what it skips. */

/**
 * ImportItem is one candidate DICOM file as the rest of the app sees it. `id` is generated:
 * the original file name never leaves src/lib/import (names carry PHI: "DOE_JOHN_CT.dcm").
 */
export interface ImportItem {
	readonly id: string;
	readonly size: number;
	read(): Promise<ArrayBuffer>;
}

/**
 * RawEntry is a file found in a source before it is sniffed: a path relative to what the user
 * picked ("/"-separated), its size, and how to read it (whole, or only its first bytes).
 */
export interface RawEntry {
	readonly path: string;
	readonly size: number;
	read(): Promise<ArrayBuffer>;
	/** head reads the first `length` bytes (or fewer, for a shorter file). */
	head(length: number): Promise<Uint8Array>;
	/** blob is the entry as a Blob when the source has one (a File): a ZIP is read from it without loading it whole. */
	blob?(): Promise<Blob>;
}

/** SkipReason is why a file was not imported (a stable code the UI translates). */
export type SkipReason = 'not-dicom' | 'empty' | 'dicomdir' | 'not-in-dicomdir' | 'bad-zip' | 'unreadable' | 'too-large';

/** SkippedFile is one file left out, by its original path: shown on the device only. */
export interface SkippedFile {
	readonly path: string;
	readonly reason: SkipReason;
}

/** LocatedItem is an ImportItem that still knows its path: for the CLI's report and the on-device skipped list only. */
export interface LocatedItem extends ImportItem {
	readonly path: string;
}
