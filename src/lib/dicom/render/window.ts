/**
 * VOI windowing (PS3.3 C.11.2.1.2): window presets, the default window of an image, and the
 * window function mapping modality values to display intensities in 0..1.
 */
import type { DecodedFrame, ImageInfo } from '../decode/image-info';
import { modalityFunction } from './modality';

/** Window is a VOI window in modality units (e.g. Hounsfield units for CT). */
export interface Window {
	readonly center: number;
	readonly width: number;
	/** VOI LUT Function: LINEAR when absent. */
	readonly function?: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';
}

/** WINDOW_PRESETS are the usual CT windows offered next to the file's own. */
export const WINDOW_PRESETS = {
	softTissue: { center: 40, width: 400 },
	liver: { center: 30, width: 150 },
	lung: { center: -600, width: 1500 },
	bone: { center: 400, width: 1800 },
	brain: { center: 40, width: 80 }
} as const satisfies Record<string, Window>;

/** WindowPreset names a preset. */
export type WindowPreset = keyof typeof WINDOW_PRESETS;

/**
 * defaultWindow returns the file's first window (Window Center/Width, with its VOI LUT
 * Function), else a window spanning the minimum to maximum modality value of the frame.
 */
export function defaultWindow(
	info: Pick<ImageInfo, 'windowCenters' | 'windowWidths' | 'voiLutFunction' | 'rescaleSlope' | 'rescaleIntercept' | 'modalityLut'>,
	frame: Pick<DecodedFrame, 'pixels'>
): Window {
	const center = info.windowCenters[0];
	const width = info.windowWidths[0];
	if (Number.isFinite(center) && Number.isFinite(width) && width > 0) {
		return { center, width, function: voiFunctionOf(info.voiLutFunction) };
	}
	const { pixels } = frame;
	const modality = modalityFunction(info);
	let low = Infinity;
	let high = -Infinity;
	for (let i = 0; i < pixels.length; i++) {
		const v = modality(pixels[i]);
		if (v < low) low = v;
		if (v > high) high = v;
	}
	if (!Number.isFinite(low)) return { center: 0, width: 1 };
	// With the LINEAR function this maps the lowest value to 0 and the highest to full intensity.
	return { center: (low + high) / 2, width: Math.max(high - low, 1) };
}

function voiFunctionOf(value: string | undefined): Window['function'] {
	const name = value?.trim().toUpperCase();
	return name === 'LINEAR_EXACT' || name === 'SIGMOID' ? name : 'LINEAR';
}

/**
 * windowFunction returns x ↦ intensity in [0, 1] for a window, per PS3.3 C.11.2.1.2.1 (LINEAR,
 * where width < 1 is treated as 1, a threshold), C.11.2.1.3.1 (LINEAR_EXACT) and
 * C.11.2.1.3.2 (SIGMOID).
 */
export function windowFunction(window: Window): (x: number) => number {
	const { center } = window;
	if (window.function === 'SIGMOID') {
		const width = Math.max(window.width, Number.EPSILON);
		return (x) => 1 / (1 + Math.exp((-4 * (x - center)) / width));
	}
	const exact = window.function === 'LINEAR_EXACT';
	const c = exact ? center : center - 0.5;
	const w = exact ? Math.max(window.width, Number.EPSILON) : Math.max(window.width, 1) - 1;
	const low = c - w / 2;
	const high = c + w / 2;
	if (w === 0) return (x) => (x <= low ? 0 : 1);
	return (x) => (x <= low ? 0 : x > high ? 1 : (x - c) / w + 0.5);
}
