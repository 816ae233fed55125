/** Modality LUT by rescale slope and intercept (PS3.3 C.11.1.1.2): stored values to modality units. */
import type { DecodedFrame } from '../decode/image-info';
import { rescaleOf } from './window';

/** applyModalityLut returns slope × stored + intercept for every sample, as a new array. */
export function applyModalityLut(frame: Pick<DecodedFrame, 'pixels'>, slope: number, intercept: number): Float64Array {
	const rescale = rescaleOf({ rescaleSlope: slope, rescaleIntercept: intercept });
	const { pixels } = frame;
	const out = new Float64Array(pixels.length);
	for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] * rescale.slope + rescale.intercept;
	return out;
}
