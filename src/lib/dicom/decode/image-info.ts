/**
 * Image pixel description (PS3.3 C.7.6.3 Image Pixel Module) and the decoded frame type.
 * Pure data: no parser, no codec. The codec layer takes encoded bytes plus an `ImageInfo`.
 */

/**
 * LookupTable is a LUT given by a descriptor and data: a Palette Color channel (PS3.3
 * C.7.6.3.1.5/6), a Modality LUT (C.11.1) or a VOI LUT (C.11.2).
 */
export interface LookupTable {
	/** Number of entries (a descriptor value of 0 means 65536, already resolved here). */
	readonly entries: number;
	/** First input value mapped by entry 0; inputs below take entry 0, above the last entry. */
	readonly firstValue: number;
	/** Bits per entry as declared (8 or 16 for palettes, 8 to 16 for Modality and VOI LUTs). */
	readonly bits: number;
	/** The entries, one per value. */
	readonly data: Uint16Array;
}

/** PaletteLut is one channel of a Palette Color Lookup Table. */
export type PaletteLut = LookupTable;

/** PaletteLuts holds the red, green and blue palette channels. */
export interface PaletteLuts {
	readonly red: PaletteLut;
	readonly green: PaletteLut;
	readonly blue: PaletteLut;
}

/** ImageInfo is what a decoder needs to know about a frame, taken from the Image Pixel Module. */
export interface ImageInfo {
	readonly rows: number;
	readonly columns: number;
	readonly samplesPerPixel: number;
	readonly bitsAllocated: number;
	readonly bitsStored: number;
	readonly highBit: number;
	/** 0 unsigned, 1 two's complement. */
	readonly pixelRepresentation: number;
	readonly photometricInterpretation: string;
	/** 0 interleaved (R1G1B1R2...), 1 planes (RRR...GGG...BBB...); only meaningful for native data. */
	readonly planarConfiguration: number;
	readonly numberOfFrames: number;
	readonly rescaleSlope: number;
	readonly rescaleIntercept: number;
	readonly windowCenters: readonly number[];
	readonly windowWidths: readonly number[];
	/** VOI LUT Function (0028,1056): LINEAR (default), LINEAR_EXACT or SIGMOID. */
	readonly voiLutFunction?: string;
	/** Modality LUT Sequence (0028,3000), which replaces rescale slope and intercept. */
	readonly modalityLut?: LookupTable;
	/** VOI LUT Sequence (0028,3010) tables, an alternative to the windows. */
	readonly voiLuts?: readonly LookupTable[];
	readonly palette?: PaletteLuts;
}

/** PixelArray is any typed array a decoded frame may hold. */
export type PixelArray = Int16Array | Uint16Array | Uint8Array | Int32Array | Uint32Array | Float32Array;

/**
 * DecodedFrame is one decoded frame: `pixels` has rows*columns*samplesPerPixel values with the
 * samples of a pixel next to each other (planar configuration 0), whatever the encoding was.
 *
 * `photometricInterpretation` says what the samples are after decoding: YBR_FULL and
 * YBR_FULL_422 (native or JPEG), YBR_RCT and YBR_ICT (JPEG 2000, where the codec undoes the
 * component transform) are always delivered as `RGB`. MONOCHROME1/2 and PALETTE COLOR are
 * delivered as stored (palette applied only in render). Monochrome values are the stored
 * values sign-extended from BitsStored (no modality LUT).
 */
export interface DecodedFrame {
	readonly rows: number;
	readonly columns: number;
	readonly samplesPerPixel: number;
	readonly photometricInterpretation: string;
	/** True when the stored values are two's complement (pixels is then a signed array). */
	readonly signed: boolean;
	readonly bitsStored: number;
	readonly pixels: PixelArray;
}
