/**
 * StackState: the reactive state of one stack viewer (current slice, zoom and pan, cine). The
 * viewer component owns one per series; controls and input handlers call its methods, the canvas
 * redraws from its getters.
 */
import { FIT_VIEW, clamp, clampIndex, panBy, zoomAbout, type View } from './view-math';

/** CINE_FPS bounds the cine speed the reader can choose. */
export const CINE_FPS = { min: 1, max: 30, initial: 10 } as const;

/** StackState manages the slice index, zoom, pan and cine of a stack of count slices. */
export class StackState {
	#count = $state(0);
	#index = $state(0);
	#view = $state<View>(FIT_VIEW);
	#playing = $state(false);
	#fps = $state<number>(CINE_FPS.initial);
	// the direction of the last move, so loading favours what the reader will see next
	#direction = $state<1 | -1>(1);
	#fitWidth = 0;
	#fitHeight = 0;

	constructor(count: number, index = 0) {
		this.#count = Math.max(0, Math.floor(count));
		this.#index = clampIndex(index, this.#count);
	}

	get count(): number {
		return this.#count;
	}
	get index(): number {
		return this.#index;
	}
	get zoom(): number {
		return this.#view.zoom;
	}
	get panX(): number {
		return this.#view.panX;
	}
	get panY(): number {
		return this.#view.panY;
	}
	get zoomed(): boolean {
		return this.#view.zoom > 1;
	}
	get playing(): boolean {
		return this.#playing;
	}
	get fps(): number {
		return this.#fps;
	}
	get direction(): 1 | -1 {
		return this.#direction;
	}

	/** goTo shows slice index (clamped to the stack). */
	goTo(index: number): void {
		const next = clampIndex(index, this.#count);
		if (next !== this.#index) this.#direction = next > this.#index ? 1 : -1;
		this.#index = next;
	}

	/** step moves by delta slices, stopping at the ends. */
	step(delta: number): void {
		this.goTo(this.#index + delta);
	}

	/** advanceCine moves one slice forward for cine, wrapping from the last slice to the first. */
	advanceCine(): void {
		if (this.#count === 0) return;
		this.#direction = 1;
		this.#index = (this.#index + 1) % this.#count;
	}

	/** setFitSize tells the state the fitted image size in CSS pixels, which bounds the pan. */
	setFitSize(width: number, height: number): void {
		if (width === this.#fitWidth && height === this.#fitHeight) return;
		this.#fitWidth = width;
		this.#fitHeight = height;
		const clamped = panBy(this.#view, 0, 0, width, height);
		// assign only on change: the canvas calls this every draw and a new object would redraw again
		if (clamped.panX !== this.#view.panX || clamped.panY !== this.#view.panY) this.#view = clamped;
	}

	/** zoomBy multiplies the zoom about (x, y), relative to the viewport centre (default: the centre). */
	zoomBy(factor: number, x = 0, y = 0): void {
		this.#view = zoomAbout(this.#view, factor, x, y, this.#fitWidth, this.#fitHeight);
	}

	/** pan moves a zoomed image by (dx, dy) CSS pixels. */
	pan(dx: number, dy: number): void {
		this.#view = panBy(this.#view, dx, dy, this.#fitWidth, this.#fitHeight);
	}

	/** toggleZoom is the double tap: zoom in about (x, y) from fit, or back to fit. */
	toggleZoom(x: number, y: number, target: number): void {
		if (this.zoomed) this.resetView();
		else this.zoomBy(target, x, y);
	}

	/** resetView returns to the fitted, centred image. */
	resetView(): void {
		this.#view = FIT_VIEW;
	}

	/** play starts cine (only ever on the reader's request: the viewer never autoplays). */
	play(): void {
		if (this.#count > 1) this.#playing = true;
	}

	pause(): void {
		this.#playing = false;
	}

	togglePlay(): void {
		if (this.#playing) this.pause();
		else this.play();
	}

	/** setFps sets the cine speed, clamped to CINE_FPS. */
	setFps(fps: number): void {
		if (Number.isFinite(fps)) this.#fps = clamp(Math.round(fps), CINE_FPS.min, CINE_FPS.max);
	}
}
