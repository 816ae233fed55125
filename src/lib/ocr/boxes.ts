/** Box arithmetic for OCR hits: union of word boxes, padding, and the regions a black-out takes. Pure. */
import type { Box } from './types';

/** unionOf is the smallest box holding every box given (at least one). */
export function unionOf(boxes: readonly Box[]): Box {
	return {
		x0: Math.min(...boxes.map((b) => b.x0)),
		y0: Math.min(...boxes.map((b) => b.y0)),
		x1: Math.max(...boxes.map((b) => b.x1)),
		y1: Math.max(...boxes.map((b) => b.y1))
	};
}

/**
 * padBox grows a box by a quarter of its height (at least 2 pixels) on every side, clamped to
 * the image: OCR boxes hug the ink, and antialiasing and a slight rotation leave letter edges
 * just outside them.
 */
export function padBox(box: Box, size: { width: number; height: number }): Box {
	const pad = Math.max(2, Math.round((box.y1 - box.y0) / 4));
	return { x0: Math.max(0, box.x0 - pad), y0: Math.max(0, box.y0 - pad), x1: Math.min(size.width, box.x1 + pad), y1: Math.min(size.height, box.y1 + pad) };
}

/** scaleBox maps a box read on an image scaled by `factor` back to the original's pixels, rounding outwards. */
export function scaleBox(box: Box, factor: number): Box {
	return { x0: Math.floor(box.x0 / factor), y0: Math.floor(box.y0 / factor), x1: Math.ceil(box.x1 / factor), y1: Math.ceil(box.y1 / factor) };
}

/** overlaps is true when two boxes share at least one pixel. */
export function overlaps(a: Box, b: Box): boolean {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** toRegion turns a box into the `{x, y, width, height}` region the redaction and the CLI's `[x, y, w, h]` use. */
export function toRegion(box: Box): { x: number; y: number; width: number; height: number } {
	return { x: box.x0, y: box.y0, width: box.x1 - box.x0, height: box.y1 - box.y0 };
}

/** mergeBoxes joins boxes that overlap into one, so two hits on one label give one black box. */
export function mergeBoxes(boxes: readonly Box[]): Box[] {
	const out = [...boxes];
	// a merged box may reach boxes it did not touch before: merge until nothing overlaps
	for (let changed = true; changed; ) {
		changed = false;
		for (let i = 0; i < out.length && !changed; i++) {
			for (let j = i + 1; j < out.length; j++) {
				if (!overlaps(out[i], out[j])) continue;
				out[i] = unionOf([out[i], out[j]]);
				out.splice(j, 1);
				changed = true;
				break;
			}
		}
	}
	return out;
}
