/**
 * findIdentifyingText: one image through OCR and the matcher, to the black boxes it proposes.
 * The recogniser is passed in (a browser worker or Node's), so this runs the same in the app, the
 * CLI and the tests.
 */
import type { PhiRecord } from '$lib/dicom/deid';
import { encodePng } from '$lib/dicom/render/png';
import type { RenderedImage } from '$lib/dicom/render/render-frame';
import { mergeBoxes, padBox } from './boxes';
import { matchWords } from './match';
import { greyUpscaled, upscaleFactor } from './prepare';
import { wordsOf, type PageLike } from './read-page';
import type { Box, OcrHit } from './types';

/** Recognise reads an encoded image (PNG) and returns Tesseract's page. */
export type Recognise = (png: Uint8Array) => Promise<PageLike>;

/** OcrFinding is what OCR found on one image: the hits (masked text, padded boxes) and the boxes to black out, merged. */
export interface OcrFinding {
	width: number;
	height: number;
	hits: OcrHit[];
	boxes: Box[];
	/** words is how many words were read, identifying or not. */
	words: number;
}

/** findingOf matches the words read on an image and pads and merges their boxes. */
export function findingOf(words: Parameters<typeof matchWords>[0], record: PhiRecord, size: { width: number; height: number }): OcrFinding {
	const hits = matchWords(words, record).map((h) => ({ ...h, box: padBox(h.box, size) }));
	return { ...size, hits, boxes: mergeBoxes(hits.map((h) => h.box)), words: words.length };
}

/** findIdentifyingText prepares an RGBA image (grey, scaled up), reads it and returns what identifies, in the image's own pixels. */
export async function findIdentifyingText(image: RenderedImage, record: PhiRecord, recognise: Recognise): Promise<OcrFinding> {
	const factor = upscaleFactor(image.width, image.height);
	const page = await recognise(encodePng(greyUpscaled(image, factor)));
	return findingOf(wordsOf(page, factor), record, { width: image.width, height: image.height });
}

/**
 * findInEncodedImage reads an encoded photo (PNG, JPEG) as it is, not scaled: the CLI has no
 * image decoder, and a photo is usually large enough (a phone's camera) for its text to be read.
 */
export async function findInEncodedImage(bytes: Uint8Array, size: { width: number; height: number }, record: PhiRecord, recognise: Recognise): Promise<OcrFinding> {
	return findingOf(wordsOf(await recognise(bytes), 1), record, size);
}
