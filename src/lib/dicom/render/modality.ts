/** Modality LUT by rescale slope and intercept (PS3.3 C.11.1.1.2): stored values to modality units. */
import type { DecodedFrame } from '../decode/image-info';

/** applyModalityLut returns slope × stored + intercept for every sample, as a new array. */
export function applyModalityLut(frame: Pick<DecodedFrame, 'pixels'>, slope: number, intercept: number): Float64Array {
	const s = Number.isFinite(slope) && slope !== 0 ? slope : 1;
	const b = Number.isFinite(intercept) ? intercept : 0;
	const { pixels } = frame;
	const out = new Float64Array(pixels.length);
	for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] * s + b;
	return out;
}
