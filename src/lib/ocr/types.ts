/** Types shared by the OCR matcher, the tesseract glue and the review: plain data, JSON-safe. */

/** Box is an axis-aligned pixel box of the image the words were read from: x0, y0 inclusive, x1, y1 exclusive. */
export interface Box {
	x0: number;
	y0: number;
	x1: number;
	y1: number;
}

/** OcrWord is one word the recogniser read: its text, its confidence (0–100), its box and the line it belongs to. */
export interface OcrWord {
	text: string;
	confidence: number;
	box: Box;
	/** line numbers the lines of the page; words of one line share it, in reading order. */
	line: number;
}

/**
 * HitCategory says why text was flagged: a value of the PHI record (its kind) or a generic
 * identifier (`labelled`: the text after "Name:", "Nombre:", "ID:", "NHC:"…; `date`: any date;
 * `digits`: a long run of digits).
 */
export type HitCategory = 'name' | 'id' | 'date' | 'text' | 'labelled' | 'digits';

/** OcrHit is one piece of identifying text found on an image. */
export interface OcrHit {
	category: HitCategory;
	/** source: matched against the device's PHI record, or flagged by its form alone. */
	source: 'record' | 'generic';
	/** masked is the text read, masked ("N••••• G•••••"): the only form of it that reaches a screen or a report. */
	masked: string;
	/** words are the indices of the matched words in the list given to the matcher. */
	words: number[];
	/** box covers the matched words, unpadded. */
	box: Box;
}
