/**
 * The parsed-DICOM model shared by parse, values, write, deid, decode and organise.
 *
 * Zero-copy: a parsed element is a record of offsets into the caller's `bytes`; no value is
 * decoded until someone asks for it (see `values.ts`). Nothing here is ever mutated after
 * `parseDicom` returns.
 */

/** DicomFragment is one item of encapsulated Pixel Data (PS3.5 §A.4): `offset`/`length` of its value in `bytes`. */
export interface DicomFragment {
	offset: number;
	length: number;
}

/** DicomElement is one data element, as offsets into its dataset's `bytes`. */
export interface DicomElement {
	/** tag is `group << 16 | element`, unsigned 32-bit. */
	tag: number;
	/** vr is the VR as read (explicit VR) or from the dictionary (implicit VR; 'UN' if unknown). */
	vr: string;
	/** start is the offset of the element header in `bytes`. */
	start: number;
	/** valueOffset is where the value starts in `bytes`. */
	valueOffset: number;
	/**
	 * length is the real byte length of the value, even when the element was encoded with
	 * undefined length (then it spans the items/fragments up to, not including, the
	 * Sequence Delimitation Item).
	 */
	length: number;
	/** undefinedLength is true when the element was encoded with length 0xFFFFFFFF. */
	undefinedLength: boolean;
	/** items holds the parsed items of an SQ (or of a UN holding an implicit-VR sequence, PS3.5 §6.2.2). */
	items?: DicomDataset[];
	/** fragments holds encapsulated Pixel Data items; the first is the Basic Offset Table (maybe empty). */
	fragments?: DicomFragment[];
}

/** DicomDataset is a parsed dataset (top level, file meta, or a sequence item). */
export interface DicomDataset {
	/** bytes is the buffer every offset refers to (the input, or the inflated body for Deflate). */
	bytes: Uint8Array;
	littleEndian: boolean;
	explicitVR: boolean;
	/** elements are in file order. */
	elements: DicomElement[];
	/** get returns the element with this tag at this level, or undefined. */
	get(tag: number): DicomElement | undefined;
	/** characterSet is the Specific Character Set in force (inherited into items); [] means the default repertoire. */
	characterSet: string[];
}

/** DicomFile is a parsed Part 10 file (or a bare dataset without preamble/meta). */
export interface DicomFile {
	/** hasPreamble is true when the 128-byte preamble and "DICM" were present. */
	hasPreamble: boolean;
	/** meta is the File Meta Information (group 0002), or null when absent. */
	meta: DicomDataset | null;
	dataset: DicomDataset;
	/** transferSyntaxUID comes from the meta header, or is guessed when it is missing. */
	transferSyntaxUID: string;
	/**
	 * truncated is true when the input ended inside the dataset and `dataset` holds the
	 * elements read before the cut (only with `allowPartial`; otherwise parsing throws).
	 */
	truncated: boolean;
}

/** ParseOptions tune `parseDicom`. */
export interface ParseOptions {
	/** stopAtPixelData stops before (7FE0,0010) at the top level: headers only. */
	stopAtPixelData?: boolean;
	/** maxDepth bounds sequence nesting (default 64); deeper input throws `too-deep`. */
	maxDepth?: number;
	/**
	 * allowPartial returns what was read before a truncation (with `truncated: true`) instead of
	 * throwing `truncated`: the top-level elements before the cut, and the whole elements of a
	 * sequence or item declared longer than the file (as some DICOMDIR writers do). Errors other
	 * than truncation, and truncation inside the meta header, still throw.
	 */
	allowPartial?: boolean;
	/**
	 * maxInflatedBytes bounds a Deflated dataset once inflated (default DEFAULT_MAX_INFLATED_BYTES):
	 * deflate reaches ratios near 1000:1, so a 1 MB "deflate bomb" would otherwise claim a gigabyte
	 * of a phone's memory. Larger throws `too-large`.
	 */
	maxInflatedBytes?: number;
}

/** DEFAULT_MAX_INFLATED_BYTES: 512 MiB, far above any real Deflated dataset (structured reports, waveforms, small images). */
export const DEFAULT_MAX_INFLATED_BYTES = 512 * 1024 * 1024;

/** TransferSyntax holds the well-known transfer syntax UIDs (PS3.6 Annex A). */
export const TransferSyntax = {
	ImplicitVRLittleEndian: '1.2.840.10008.1.2',
	ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
	DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
	ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
	JPEGBaseline: '1.2.840.10008.1.2.4.50',
	JPEGExtended: '1.2.840.10008.1.2.4.51',
	JPEGLossless: '1.2.840.10008.1.2.4.57',
	JPEGLosslessSV1: '1.2.840.10008.1.2.4.70',
	JPEGLSLossless: '1.2.840.10008.1.2.4.80',
	JPEGLSNearLossless: '1.2.840.10008.1.2.4.81',
	JPEG2000Lossless: '1.2.840.10008.1.2.4.90',
	JPEG2000: '1.2.840.10008.1.2.4.91',
	HTJ2KLossless: '1.2.840.10008.1.2.4.201',
	HTJ2KLosslessRPCL: '1.2.840.10008.1.2.4.202',
	HTJ2K: '1.2.840.10008.1.2.4.203',
	RLELossless: '1.2.840.10008.1.2.5'
} as const;

/** isEncapsulatedSyntax is true for transfer syntaxes whose Pixel Data is encapsulated (PS3.5 §A.4). */
export function isEncapsulatedSyntax(uid: string): boolean {
	return !(
		uid === TransferSyntax.ImplicitVRLittleEndian ||
		uid === TransferSyntax.ExplicitVRLittleEndian ||
		uid === TransferSyntax.DeflatedExplicitVRLittleEndian ||
		uid === TransferSyntax.ExplicitVRBigEndian
	);
}
