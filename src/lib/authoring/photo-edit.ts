/**
 * What an author does to a photograph before it leaves the device: black out regions (a patient
 * label on a film, a name on a screen) and crop. Pure: the steps as data, and the plan a canvas
 * follows to apply them (photo.ts#applyPhotoEdit). Rectangles are in the stored image's pixels.
 */
import { intersect, type Rect, type Size } from './rects';

/** EditStep is one thing the author did, in order; undo drops the last one. */
export type EditStep = { kind: 'blackout'; rect: Rect } | { kind: 'crop'; rect: Rect };

/** PhotoEdit is the effect of the steps: the crop (the last one drawn wins) and every black-out. */
export interface PhotoEdit {
	crop: Rect | null;
	blackouts: Rect[];
}

/** editOf folds the steps into what they do. */
export function editOf(steps: readonly EditStep[]): PhotoEdit {
	const crops = steps.filter((s) => s.kind === 'crop');
	return { crop: crops.at(-1)?.rect ?? null, blackouts: steps.filter((s) => s.kind === 'blackout').map((s) => s.rect) };
}

/**
 * EditPlan is how to draw the edited photograph: a `width × height` canvas receives the `source`
 * part of the image at (0, 0), then black `fills` in the canvas's own coordinates.
 */
export interface EditPlan {
	width: number;
	height: number;
	source: Rect;
	fills: Rect[];
}

/**
 * planEdit turns an edit into drawing steps for an `image`-sized photograph. The crop is clamped
 * to the image (the whole image without one); black-outs were drawn on the whole image, so each is
 * clipped to the crop and moved into the cropped canvas's coordinates, and one lying wholly
 * outside the crop is dropped (the crop already removes it). Returns null when the crop misses the image.
 */
export function planEdit(image: Size, edit: PhotoEdit): EditPlan | null {
	const whole = { x: 0, y: 0, width: image.width, height: image.height };
	const source = edit.crop ? intersect(edit.crop, whole) : whole;
	if (!source) return null;
	const fills: Rect[] = [];
	for (const blackout of edit.blackouts) {
		const inside = intersect(blackout, source);
		if (inside) fills.push({ ...inside, x: inside.x - source.x, y: inside.y - source.y });
	}
	return { width: source.width, height: source.height, source, fills };
}

/** changesNothing is true for an edit that would re-encode the same picture (no crop smaller than the image, no black-out). */
export function changesNothing(image: Size, edit: PhotoEdit): boolean {
	const plan = planEdit(image, edit);
	return plan !== null && plan.fills.length === 0 && plan.width === image.width && plan.height === image.height;
}
