/**
 * cine-frames: the other frames OCR reads of a multi-frame image held for burned-in text (an
 * ultrasound cine): its first and last, rendered like its preview (the middle frame) in the app's
 * worker pool, so their boxes join the preview's ($lib/ocr/frames: a clock or a name shown on some
 * frames only is boxed too).
 */
import { sampleFrames } from '$lib/ocr/frames';
import { appPool } from '$lib/workers';
import type { OtherFrames } from './review-list';

/** otherFramesOf renders, when asked, the sampled frames of a `frames`-frame instance other than its preview's; undefined for a single frame. */
export function otherFramesOf(bytes: ArrayBuffer, frames: number, render = (copy: ArrayBuffer, frame: number) => appPool().renderPreview(copy, undefined, undefined, frame)): OtherFrames | undefined {
	if (frames <= 1) return undefined;
	// processInstance previews the middle frame: it is read already
	const middle = Math.floor((frames - 1) / 2);
	return async () => {
		const out: { bytes: ArrayBuffer; type: string }[] = [];
		for (const frame of sampleFrames(frames).filter((f) => f !== middle)) {
			// the worker receives a copy: the buffer is transferred, and the held bytes are redacted later
			const preview = await render(bytes.slice(0), frame);
			out.push({ bytes: preview.bytes, type: preview.type });
		}
		return out;
	};
}
