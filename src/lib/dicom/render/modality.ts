/**
 * Modality LUT (PS3.3 C.11.1): stored values to modality units, by rescale slope and intercept
 * or by a Modality LUT Sequence table.
 */
import type { DecodedFrame, ImageInfo, LookupTable } from '../decode/image-info';

/** applyModalityLut returns slope × stored + intercept for every sample, as a new array. */
export function applyModalityLut(frame: Pick<DecodedFrame, 'pixels'>, slope: number, intercept: number): Float64Array {
	const rescale = rescaleOf({ rescaleSlope: slope, rescaleIntercept: intercept });
	const { pixels } = frame;
	const out = new Float64Array(pixels.length);
	for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] * rescale.slope + rescale.intercept;
	return out;
}

/** modalityFunction maps a stored value to modality units: the Modality LUT, else the rescale. */
export function modalityFunction(info: Pick<ImageInfo, 'modalityLut' | 'rescaleSlope' | 'rescaleIntercept'>): (stored: number) => number {
	if (info.modalityLut) return lookup(info.modalityLut);
	const { slope, intercept } = rescaleOf(info);
	return (stored) => stored * slope + intercept;
}

/** lookup maps a value through a LUT, clamping to the first and last entries (PS3.3 C.11.1.1.1). */
export function lookup(table: LookupTable): (value: number) => number {
	const last = table.entries - 1;
	return (value) => {
		const index = value - table.firstValue;
		return table.data[index < 0 ? 0 : index > last ? last : index];
	};
}

/** rescaleOf returns a usable slope and intercept (a missing or zero slope means 1). */
export function rescaleOf(info: Pick<ImageInfo, 'rescaleSlope' | 'rescaleIntercept'>): { slope: number; intercept: number } {
	const slope = Number.isFinite(info.rescaleSlope) && info.rescaleSlope !== 0 ? info.rescaleSlope : 1;
	const intercept = Number.isFinite(info.rescaleIntercept) ? info.rescaleIntercept : 0;
	return { slope, intercept };
}
