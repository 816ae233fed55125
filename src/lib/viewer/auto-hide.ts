/**
 * auto-hide: when the viewer fills the screen its controls lie over the image, so they fade out
 * after a quiet moment and come back on any touch, pointer move or key. While focus is inside
 * the controls (a keyboard or screen-reader user) they stay: hiding a focused control loses it.
 */

/** AUTO_HIDE_MS is how long controls stay after the last interaction (long enough to reach one). */
export const AUTO_HIDE_MS = 2500;

type Timers = {
	set: (fn: () => void, ms: number) => unknown;
	clear: (handle: unknown) => void;
};

const realTimers: Timers = {
	set: (fn, ms) => setTimeout(fn, ms),
	clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/** AutoHide decides when overlaid controls are visible; onChange reports every change. */
export class AutoHide {
	#visible = true;
	#enabled = false;
	#pinned = false;
	#timer: unknown = undefined;
	readonly #onChange: (visible: boolean) => void;
	readonly #timers: Timers;
	readonly #delay: number;

	constructor(onChange: (visible: boolean) => void, timers: Timers = realTimers, delay = AUTO_HIDE_MS) {
		this.#onChange = onChange;
		this.#timers = timers;
		this.#delay = delay;
	}

	get visible(): boolean {
		return this.#visible;
	}

	/** enable starts hiding (entering fullscreen); disable shows the controls for good (leaving it). */
	setEnabled(enabled: boolean): void {
		this.#enabled = enabled;
		this.activity();
	}

	/** pin keeps the controls while focus is inside them. */
	setPinned(pinned: boolean): void {
		this.#pinned = pinned;
		this.activity();
	}

	/** activity shows the controls and restarts the countdown. */
	activity(): void {
		this.#set(true);
		this.#timers.clear(this.#timer);
		this.#timer = undefined;
		if (this.#enabled && !this.#pinned) this.#timer = this.#timers.set(() => this.#set(false), this.#delay);
	}

	destroy(): void {
		this.#timers.clear(this.#timer);
	}

	#set(visible: boolean): void {
		if (visible === this.#visible) return;
		this.#visible = visible;
		this.#onChange(visible);
	}
}
