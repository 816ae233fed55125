/**
 * gestures: a pointer-event recogniser for the viewer, pure so it is unit-tested. It turns
 * pointerdown/move/up (mouse, pen, touch alike) into actions: one pointer scrubs slices when the
 * image is at fit zoom and pans when zoomed; two pointers pinch-zoom about their midpoint and pan
 * with it; a quick second tap near the first toggles zoom.
 */

/** GESTURE_TUNING is the policy, as data. */
export const GESTURE_TUNING = {
	/** a pointer that moved less than this (CSS px) was a tap */
	tapSlop: 10,
	/** the second tap must come within this many ms of the first */
	doubleTapMs: 300,
	/** and this close to it (CSS px) */
	doubleTapDistance: 30,
	/** drag scrubbing: a full-height drag crosses the stack, but a slice never takes fewer or more pixels than this */
	minPixelsPerSlice: 2,
	maxPixelsPerSlice: 12
} as const;

/** GesturePoint is a pointer event reduced to what the recogniser needs; x, y relative to the viewport centre. */
export interface GesturePoint {
	id: number;
	x: number;
	y: number;
	/** event time in ms */
	t: number;
}

/** GestureAction is what a pointer event means to the viewer. */
export type GestureAction =
	| { kind: 'scrub'; slices: number }
	| { kind: 'pan'; dx: number; dy: number }
	| { kind: 'zoom'; factor: number; x: number; y: number }
	| { kind: 'double-tap'; x: number; y: number };

/** pixelsPerSlice is the drag distance that moves one slice: a drag of the viewer's height crosses the stack, within the tuning limits. */
export function pixelsPerSlice(viewHeight: number, count: number): number {
	if (count <= 1) return GESTURE_TUNING.maxPixelsPerSlice;
	return Math.min(GESTURE_TUNING.maxPixelsPerSlice, Math.max(GESTURE_TUNING.minPixelsPerSlice, viewHeight / count));
}

interface Tracked {
	start: GesturePoint;
	last: GesturePoint;
	moved: boolean;
}

/** GestureRecognizer keeps the pointers that are down and reports actions for each event. */
export class GestureRecognizer {
	#pointers = new Map<number, Tracked>();
	#lastTap: GesturePoint | null = null;
	// a pinch that ends with one finger still down must not turn into a scrub or a tap
	#multi = false;

	/** active is the number of pointers down. */
	get active(): number {
		return this.#pointers.size;
	}

	/** down starts tracking a pointer. */
	down(p: GesturePoint): GestureAction[] {
		this.#pointers.set(p.id, { start: p, last: p, moved: false });
		if (this.#pointers.size > 1) this.#multi = true;
		return [];
	}

	/**
	 * move reports the actions for a pointer's move; zoomed says whether one pointer pans (zoomed)
	 * or scrubs (fit), and slicePixels is the drag distance per slice.
	 */
	move(p: GesturePoint, zoomed: boolean, slicePixels: number): GestureAction[] {
		const tracked = this.#pointers.get(p.id);
		if (!tracked) return [];
		const prev = tracked.last;
		tracked.last = p;
		if (Math.hypot(p.x - tracked.start.x, p.y - tracked.start.y) > GESTURE_TUNING.tapSlop) tracked.moved = true;
		if (this.#pointers.size === 1) {
			if (this.#multi) return [];
			const dy = p.y - prev.y;
			// dragging up (toward the top) goes forward through the stack, like a PACS scroll
			if (!zoomed) return dy === 0 ? [] : [{ kind: 'scrub', slices: -dy / slicePixels }];
			return [{ kind: 'pan', dx: p.x - prev.x, dy }];
		}
		if (this.#pointers.size !== 2) return [];
		const other = [...this.#pointers.values()].find((t) => t !== tracked);
		if (!other) return [];
		const o = other.last;
		const before = Math.hypot(prev.x - o.x, prev.y - o.y);
		const after = Math.hypot(p.x - o.x, p.y - o.y);
		const mid = { x: (p.x + o.x) / 2, y: (p.y + o.y) / 2 };
		const actions: GestureAction[] = [{ kind: 'pan', dx: (p.x - prev.x) / 2, dy: (p.y - prev.y) / 2 }];
		if (before > 0 && after > 0 && after !== before) actions.push({ kind: 'zoom', factor: after / before, x: mid.x, y: mid.y });
		return actions;
	}

	/** up ends a pointer (pointerup or pointercancel) and reports a double tap when it completes one. */
	up(p: GesturePoint): GestureAction[] {
		const tracked = this.#pointers.get(p.id);
		this.#pointers.delete(p.id);
		const wasMulti = this.#multi;
		if (this.#pointers.size === 0) this.#multi = false;
		if (!tracked || tracked.moved || wasMulti) {
			this.#lastTap = null;
			return [];
		}
		const last = this.#lastTap;
		if (
			last &&
			p.t - last.t <= GESTURE_TUNING.doubleTapMs &&
			Math.hypot(p.x - last.x, p.y - last.y) <= GESTURE_TUNING.doubleTapDistance
		) {
			this.#lastTap = null;
			return [{ kind: 'double-tap', x: p.x, y: p.y }];
		}
		this.#lastTap = p;
		return [];
	}

	/** cancelAll forgets every pointer (the viewer lost capture or was hidden). */
	cancelAll(): void {
		this.#pointers.clear();
		this.#multi = false;
		this.#lastTap = null;
	}
}
