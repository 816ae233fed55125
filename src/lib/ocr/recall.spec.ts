/**
 * Recall on the generated corpus (tests/ocr): invented patients' names, IDs and birth dates
 * drawn in DejaVu fonts at 8–24 px on ultrasound-like screens, dose-report secondary captures,
 * CT slices and tilted photos of a monitor, plus images with harmless text or none. Each image
 * goes through the app's pipeline (grey, scaled up, tesseract.js eng+spa in sparse-text mode,
 * the matcher, padded boxes) under Node; a field counts as found when the proposed boxes cover
 * it. The scores are printed; a regression below the floors fails. The large corpus and the
 * comparison with a peer are in the benchmark (tests/bench/ocr).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusRenderer, type CorpusRenderer } from '../../../tests/ocr/render';
import { recordOf, sceneOf } from '../../../tests/ocr/scenes';
import { formatScore, scoreImage, sumScores, type ImageScore } from '../../../tests/ocr/score';
import { startNodeRecogniser, type NodeRecogniser } from './engine-node';
import { findIdentifyingText } from './find-text';

/** IMAGES: ten images — two of each background with PHI, one with harmless text only, one blank — keep `npm test` short (about 15 s). */
const IMAGES = 10;
/** RECALL_FLOOR and FALSE_BOX_CEILING: the goals are ≥ 90 % and ≤ 0.1; the floor leaves room for one miss in this small sample. */
const RECALL_FLOOR = 0.9;
const FALSE_BOX_CEILING = 0.2;

let renderer: CorpusRenderer;
let recogniser: NodeRecogniser;

beforeAll(async () => {
	[renderer, recogniser] = await Promise.all([openCorpusRenderer(), startNodeRecogniser()]);
});

afterAll(async () => {
	await Promise.all([renderer?.close(), recogniser?.close()]);
});

describe('OCR of burned-in text on the generated corpus', () => {
	it('covers the identifying text with proposed boxes and proposes few boxes elsewhere', async () => {
		const scores: ImageScore[] = [];
		const started = performance.now();
		for (let i = 0; i < IMAGES; i++) {
			const image = await renderer.render(sceneOf(i));
			const finding = await findIdentifyingText(image, recordOf(image.scene), recogniser.recognise);
			scores.push(scoreImage(image.truth, finding.boxes));
			// the masked text is what a report may show: never the value itself
			for (const hit of finding.hits) expect(image.truth.some((t) => t.text.length > 2 && hit.masked.includes(t.text))).toBe(false);
		}
		const score = sumScores(scores);
		console.log(formatScore('OCR recall (Vitest sample)', score, (performance.now() - started) / IMAGES / 1000));
		expect(score.recall.all.total).toBeGreaterThanOrEqual(20);
		expect(score.recall.all.rate).toBeGreaterThanOrEqual(RECALL_FLOOR);
		expect(score.falseBoxesPerImage).toBeLessThanOrEqual(FALSE_BOX_CEILING);
	}, 180_000);
});
