/**
 * viewer-input: binds wheel and pointer events of the viewer to a StackState. The wheel listener
 * is non-passive and cancels the event, and the stage has `touch-action: none`, so the page never
 * scrolls while the pointer or a finger is on the viewer. Wheel and drag moves only accumulate
 * here; the component applies whole slices once per animation frame, so a burst of trackpad
 * events costs one draw.
 */
import { GestureRecognizer, type GesturePoint } from './gestures';
import type { StackState } from './stack.svelte';
import { ZOOM_LIMITS } from './view-math';
import { SliceAccumulator, wheelSlices } from './wheel';

/** ViewerInputTarget is what the input needs from the viewer. */
export interface ViewerInputTarget {
	state: StackState;
	/** pending slice moves, applied once per frame */
	moves: SliceAccumulator;
	/** drag distance per slice, for the current viewer size */
	slicePixels(): number;
	/** ask for a frame (to apply moves and redraw) */
	requestFrame(): void;
	/** true while a one-finger drag sets the window instead of moving through the slices */
	windowDrag?(): boolean;
	/** the drag so far in CSS pixels since the finger landed (first: it just landed) */
	adjustWindow?(dx: number, dy: number, first: boolean): void;
}

/**
 * attachViewerInput listens on root (wheel: the whole viewer, controls included) and stage
 * (pointers: the image) and returns a function that removes every listener.
 */
export function attachViewerInput(root: HTMLElement, stage: HTMLElement, target: ViewerInputTarget): () => void {
	const gestures = new GestureRecognizer();
	// the stage's box is read once per gesture, when the first finger lands: reading it on every
	// move would force a layout right after the frame that changed the counter and the slider (the
	// page cannot scroll during a gesture, so the box does not move)
	let box: DOMRect | null = null;
	const point = (e: PointerEvent): GesturePoint => {
		const r = (box ??= stage.getBoundingClientRect());
		return { id: e.pointerId, x: e.clientX - r.left - r.width / 2, y: e.clientY - r.top - r.height / 2, t: e.timeStamp };
	};

	const onWheel = (e: WheelEvent) => {
		e.preventDefault();
		if (e.ctrlKey) {
			// trackpad pinch arrives as ctrl+wheel in Chromium, Firefox and Safari
			const r = stage.getBoundingClientRect();
			target.state.zoomBy(Math.exp(-e.deltaY / 100), e.clientX - r.left - r.width / 2, e.clientY - r.top - r.height / 2);
		} else {
			target.moves.add(wheelSlices(e.deltaY, e.deltaMode));
		}
		target.requestFrame();
	};

	// a window drag follows one pointer from where it landed
	let windowPointer: { id: number; x: number; y: number } | null = null;

	const onDown = (e: PointerEvent) => {
		if (e.pointerType === 'mouse' && e.button !== 0) return;
		stage.setPointerCapture?.(e.pointerId);
		if (target.windowDrag?.() && gestures.active === 0 && !windowPointer) {
			windowPointer = { id: e.pointerId, x: e.clientX, y: e.clientY };
			target.adjustWindow?.(0, 0, true);
			return;
		}
		if (gestures.active === 0) {
			target.moves.reset();
			box = null;
		}
		gestures.down(point(e));
	};

	const onMove = (e: PointerEvent) => {
		if (windowPointer) {
			if (e.pointerId === windowPointer.id) {
				target.adjustWindow?.(e.clientX - windowPointer.x, e.clientY - windowPointer.y, false);
				target.requestFrame();
			}
			return;
		}
		for (const action of gestures.move(point(e), target.state.zoomed, target.slicePixels())) {
			if (action.kind === 'scrub') target.moves.add(action.slices);
			else if (action.kind === 'pan') target.state.pan(action.dx, action.dy);
			else if (action.kind === 'zoom') target.state.zoomBy(action.factor, action.x, action.y);
		}
		target.requestFrame();
	};

	const onUp = (e: PointerEvent) => {
		if (windowPointer) {
			if (e.pointerId === windowPointer.id) windowPointer = null;
			return;
		}
		for (const action of gestures.up(point(e))) {
			if (action.kind === 'double-tap') target.state.toggleZoom(action.x, action.y, ZOOM_LIMITS.doubleTap);
		}
		target.requestFrame();
	};

	// iOS Safari ignores touch-action for some gestures (double-tap zoom, pinch on the page)
	const onTouchMove = (e: TouchEvent) => e.preventDefault();

	root.addEventListener('wheel', onWheel, { passive: false });
	stage.addEventListener('pointerdown', onDown);
	stage.addEventListener('pointermove', onMove);
	stage.addEventListener('pointerup', onUp);
	stage.addEventListener('pointercancel', onUp);
	stage.addEventListener('touchmove', onTouchMove, { passive: false });
	return () => {
		root.removeEventListener('wheel', onWheel);
		stage.removeEventListener('pointerdown', onDown);
		stage.removeEventListener('pointermove', onMove);
		stage.removeEventListener('pointerup', onUp);
		stage.removeEventListener('pointercancel', onUp);
		stage.removeEventListener('touchmove', onTouchMove);
		gestures.cancelAll();
	};
}
