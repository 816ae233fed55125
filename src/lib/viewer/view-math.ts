/**
 * view-math: the pure arithmetic of the stack viewer (slice stepping, zoom about a point, pan
 * limits, the order slices load in, which decoded slices to keep). No DOM, so it is unit-tested.
 */

/** clamp bounds value to [min, max]. */
export function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}

/** clampIndex keeps a slice index inside a stack of count slices (0 when the stack is empty). */
export function clampIndex(index: number, count: number): number {
	return count <= 0 ? 0 : clamp(Math.round(index), 0, count - 1);
}

/** ZOOM_LIMITS: 1 is "fit to the viewport"; 8× is enough to count pixels of a 512² slice on a phone. */
export const ZOOM_LIMITS = { min: 1, max: 8, doubleTap: 2.5 } as const;

/** View is the zoom (1 = fit) and the pan of the image centre from the viewport centre, in CSS pixels. */
export interface View {
	zoom: number;
	panX: number;
	panY: number;
}

/** FIT_VIEW shows the whole slice centred. */
export const FIT_VIEW: View = Object.freeze({ zoom: 1, panX: 0, panY: 0 });

/**
 * clampPan keeps a zoomed image covering the viewport centre: at zoom z the image is z times the
 * fitted size, so its centre may move at most (z − 1) / 2 of the fitted size each way.
 */
export function clampPan(view: View, fitWidth: number, fitHeight: number): View {
	const maxX = ((view.zoom - 1) * fitWidth) / 2;
	const maxY = ((view.zoom - 1) * fitHeight) / 2;
	return { zoom: view.zoom, panX: clamp(view.panX, -maxX, maxX) || 0, panY: clamp(view.panY, -maxY, maxY) || 0 };
}

/**
 * zoomAbout multiplies the zoom by factor keeping the image point under (x, y) fixed; x and y are
 * relative to the viewport centre. The result is clamped to ZOOM_LIMITS and the pan limits.
 */
export function zoomAbout(view: View, factor: number, x: number, y: number, fitWidth: number, fitHeight: number): View {
	const zoom = clamp(view.zoom * factor, ZOOM_LIMITS.min, ZOOM_LIMITS.max);
	const k = zoom / view.zoom;
	return clampPan({ zoom, panX: x - (x - view.panX) * k, panY: y - (y - view.panY) * k }, fitWidth, fitHeight);
}

/** panBy moves the image by (dx, dy) CSS pixels within the pan limits. */
export function panBy(view: View, dx: number, dy: number, fitWidth: number, fitHeight: number): View {
	return clampPan({ zoom: view.zoom, panX: view.panX + dx, panY: view.panY + dy }, fitWidth, fitHeight);
}

/** fitSize is the largest size with the image's aspect ratio that fits the viewport. */
export function fitSize(imageWidth: number, imageHeight: number, viewWidth: number, viewHeight: number): { width: number; height: number } {
	if (imageWidth <= 0 || imageHeight <= 0 || viewWidth <= 0 || viewHeight <= 0) return { width: 0, height: 0 };
	const scale = Math.min(viewWidth / imageWidth, viewHeight / imageHeight);
	return { width: imageWidth * scale, height: imageHeight * scale };
}

/**
 * loadOrder lists every slice index, nearest to current first, favouring the scroll direction:
 * three slices ahead for each one behind, since a reader keeps scrolling the way they scroll.
 */
export function loadOrder(current: number, count: number, direction: 1 | -1, aheadPerBehind = 3): number[] {
	if (count <= 0) return [];
	const start = clampIndex(current, count);
	const order = [start];
	let ahead = 1;
	let behind = 1;
	while (order.length < count) {
		for (let i = 0; i < aheadPerBehind; i++) {
			const next = start + direction * ahead;
			if (next >= 0 && next < count) {
				order.push(next);
				ahead++;
			} else break;
		}
		const prev = start - direction * behind;
		if (prev >= 0 && prev < count) {
			order.push(prev);
			behind++;
		} else {
			// nothing left behind: take the rest ahead
			const next = start + direction * ahead;
			if (next >= 0 && next < count) {
				order.push(next);
				ahead++;
			}
		}
	}
	return order;
}

/** keepWindow is the inclusive range of slices whose decoded bitmaps stay in memory around current. */
export function keepWindow(current: number, count: number, radius: number): { lo: number; hi: number } {
	if (!Number.isFinite(radius)) return { lo: 0, hi: Math.max(0, count - 1) };
	return { lo: Math.max(0, current - radius), hi: Math.min(count - 1, current + radius) };
}

/** MemoryPolicy says how many decoded slices to keep each side of the current one. */
export interface MemoryPolicy {
	decodedRadius: number;
}

/**
 * memoryPolicy picks the decoded window from the device: a phone (coarse pointer or ≤ 4 GB, per
 * navigator.deviceMemory) keeps 24 slices each side (~50 MB of 512² RGBA); larger devices keep all.
 */
export function memoryPolicy(deviceMemoryGb: number | undefined, coarsePointer: boolean): MemoryPolicy {
	const small = coarsePointer || (deviceMemoryGb !== undefined && deviceMemoryGb <= 4);
	return { decodedRadius: small ? 24 : Number.POSITIVE_INFINITY };
}

/**
 * backingScale is the canvas pixels per CSS pixel: the device's ratio, but never more than the
 * slice has source pixels at this zoom. A 512² slice in a 350 px box is drawn 1:1 into ~512²
 * canvas pixels instead of being upscaled to 2.6× (software canvases pay per pixel every frame).
 */
export function backingScale(devicePixelRatio: number, imageWidth: number, fitWidth: number, zoom: number): number {
	const dpr = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
	if (imageWidth <= 0 || fitWidth <= 0) return Math.min(dpr, 1);
	return Math.min(dpr, Math.max(1, (imageWidth * zoom) / fitWidth));
}
