/**
 * SeriesOcr: what on-device OCR found on the sampled slices (first, middle, last) of a DICOM
 * series not at risk by its header — a CT whose overlay text was burned into its pixels — kept
 * with the draft series. Plain data: masked texts and regions only, never a value read.
 * `seriesOcrBlock` is the publish gate: a series still being read, or whose hits the author has
 * neither boxed nor vouched for, cannot be published (issue 17: "a series with unresolved hits
 * cannot be published").
 */

/** OcrRegion is a rectangle in the DICOM image's pixels (columns × rows). */
export interface OcrRegion {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** SeriesOcrHit is one identifying text found: its category, its masked text ("N••••• G•••••") and where it is. */
export interface SeriesOcrHit {
	category: 'name' | 'id' | 'date' | 'text' | 'labelled' | 'digits';
	masked: string;
	region: OcrRegion;
}

/**
 * SeriesOcr is the state of a series' burned-in text check: `reading` (in the background),
 * `clear` (nothing identifying on the sampled slices), `found` (hits to review, shown on the slice
 * `shown` of a `grid` columns × rows), `failed` (not readable: the author must look), `reviewed`
 * (boxes applied to every slice, or each hit vouched not identifying).
 */
export type SeriesOcr =
	| { status: 'reading' }
	| { status: 'clear'; sampled: number[]; words: number }
	| { status: 'found'; sampled: number[]; shown: number; grid: { width: number; height: number }; hits: SeriesOcrHit[]; regions: OcrRegion[]; words: number }
	| { status: 'failed'; sampled: number[]; message: string }
	| { status: 'reviewed'; regions: number; vouched: number };

/** seriesOcrBlock is the validation code that holds a series back from publishing, or null. */
export function seriesOcrBlock(ocr: SeriesOcr | undefined): 'ocr_reading' | 'ocr_unresolved' | null {
	if (!ocr) return null;
	if (ocr.status === 'reading') return 'ocr_reading';
	return ocr.status === 'found' || ocr.status === 'failed' ? 'ocr_unresolved' : null;
}
