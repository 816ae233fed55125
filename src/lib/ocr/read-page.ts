/**
 * Tesseract's side of OCR, without Tesseract itself: the settings every recogniser uses and the
 * conversion of its page (blocks → paragraphs → lines → words) into `OcrWord`s in the pixels
 * of the original image. The recognisers (browser worker, Node) live in `engine-*.ts`.
 */
import { scaleBox } from './boxes';
export { OCR_LANGUAGES } from './lang-path';
import type { OcrWord } from './types';

/**
 * OCR_PARAMETERS: sparse-text page segmentation (Tesseract PSM 11, "find as much text as
 * possible in no particular order"): annotation text sits in corners of a picture, and photos
 * of a screen are tilted; in the default page mode both give no words at all. Inter-word spaces
 * are kept so a date or a name reads as written. Tesseract's diagnostics ("Estimating resolution
 * as …") go to /dev/null: under Node they were printed among the CLI's output.
 */
export const OCR_PARAMETERS = { tessedit_pageseg_mode: '11', preserve_interword_spaces: '1', debug_file: '/dev/null' } as const;

/** PageLike is the part of tesseract.js's `Page` read here (with the `blocks` output on). */
export interface PageLike {
	blocks: { paragraphs: { lines: { words: { text: string; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number } }[] }[] }[] }[] | null;
}

/** wordsOf lists a page's words, numbering its lines, with boxes mapped back from an image scaled by `factor`. */
export function wordsOf(page: PageLike, factor: number): OcrWord[] {
	const words: OcrWord[] = [];
	let line = 0;
	for (const block of page.blocks ?? []) {
		for (const paragraph of block.paragraphs) {
			for (const l of paragraph.lines) {
				for (const w of l.words) {
					const text = w.text.trim();
					// every word is kept, however unsure: Tesseract gives a name it has no dictionary for a confidence of 0 ("HALLORAN" on the corpus's CT 030); the generic rules, which know no value, set their own floor
					if (text) words.push({ text, confidence: w.confidence, line, box: scaleBox(w.bbox, factor) });
				}
				line++;
			}
		}
	}
	return words;
}
