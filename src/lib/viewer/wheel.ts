/**
 * wheel: turns WheelEvent deltas into whole slices. A mouse notch (about 100 px, 3 lines) moves one
 * slice; trackpads send many small pixel deltas, which move a slice every 20 px so a swipe crosses
 * a stack; a large delta in one event (a fast flick) is accelerated.
 */

/** WHEEL_TUNING is the policy, as data. */
export const WHEEL_TUNING = {
	/** pixels of a notch-sized event per slice */
	notchPixels: 100,
	/** events smaller than this are from a trackpad or a smooth wheel */
	smallDelta: 30,
	/** pixels per slice for small deltas */
	smoothPixels: 20,
	/** lines per slice (DOM_DELTA_LINE, Firefox: 3 lines a notch) */
	notchLines: 3,
	/** slices per page (DOM_DELTA_PAGE) */
	pageSlices: 10,
	/** beyond one notch in one event, each extra notch counts this much more */
	acceleration: 0.5
} as const;

/** wheelSlices converts one event's deltaY and deltaMode (0 pixel, 1 line, 2 page) to a signed, possibly fractional, slice count. */
export function wheelSlices(deltaY: number, deltaMode: number): number {
	if (!Number.isFinite(deltaY) || deltaY === 0) return 0;
	const size = Math.abs(deltaY);
	let notches: number;
	if (deltaMode === 1) notches = size / WHEEL_TUNING.notchLines;
	else if (deltaMode === 2) return Math.sign(deltaY) * size * WHEEL_TUNING.pageSlices;
	else if (size < WHEEL_TUNING.smallDelta) return deltaY / WHEEL_TUNING.smoothPixels;
	else notches = size / WHEEL_TUNING.notchPixels;
	// 53, 100 and 120 px are all one notch on some platform: one slice each
	const boosted = notches <= 1.5 ? 1 : notches + (notches - 1) * WHEEL_TUNING.acceleration;
	return Math.sign(deltaY) * boosted;
}

/** SliceAccumulator adds fractional slice moves and hands out whole ones, keeping the remainder. */
export class SliceAccumulator {
	#pending = 0;

	/** add records a fractional move. */
	add(slices: number): void {
		this.#pending += slices;
	}

	/** take returns the whole slices accumulated (toward zero) and keeps the fraction. */
	take(): number {
		const whole = Math.trunc(this.#pending);
		this.#pending -= whole;
		return whole;
	}

	/** reset forgets a pending fraction (a new gesture starts clean). */
	reset(): void {
		this.#pending = 0;
	}
}
