/**
 * frames: OCR of a multi-frame image (an ultrasound cine, an angiography run) where the text may
 * change from frame to frame — a clock, a frame counter, a name shown only at the start. A few
 * frames are read (first, middle, last: issue 17's sample) and what they give is joined: every
 * hit, once (the same masked text of the same category in the same place, read on several frames,
 * is one hit), and every box, merged where boxes overlap (the same region holding text on several
 * frames gives one box). The boxes are then blacked out on every frame: a region that holds text
 * on one frame read may hold it on the frames between. Pure but for the recogniser passed in.
 */
import type { PhiRecord } from '$lib/dicom/deid';
import type { RenderedImage } from '$lib/dicom/render/render-frame';
import { mergeBoxes, overlaps, unionOf } from './boxes';
import { findIdentifyingText, type OcrFinding, type Recognise } from './find-text';
import type { OcrHit } from './types';

/** sampleFrames are the frames read of `count`: the first, the middle and the last (fewer when there are fewer). */
export function sampleFrames(count: number): number[] {
	return [...new Set([0, Math.floor((count - 1) / 2), count - 1])].filter((i) => i >= 0 && i < count);
}

/** FramesFinding is a finding joined over several frames of one image, with the frames read. */
export type FramesFinding = OcrFinding & { frames: number[] };

/** mergeFindings joins findings on frames of one image (all of one size); `words` counts every word read. */
export function mergeFindings(findings: readonly OcrFinding[], frames: readonly number[]): FramesFinding {
	if (findings.length === 0) throw new Error('mergeFindings needs at least one finding');
	const hits: OcrHit[] = [];
	for (const hit of findings.flatMap((f) => f.hits)) {
		const same = hits.find((h) => h.category === hit.category && h.masked === hit.masked && overlaps(h.box, hit.box));
		if (same) same.box = unionOf([same.box, hit.box]);
		else hits.push({ ...hit, words: [...hit.words] });
	}
	const boxes = mergeBoxes([...findings.flatMap((f) => f.boxes), ...hits.map((h) => h.box)]);
	const { width, height } = findings[0];
	return { width, height, hits, boxes, words: findings.reduce((n, f) => n + f.words, 0), frames: [...frames] };
}

/** findInFrames reads the sampled frames of an image of `count` frames (`frame(i)` renders frame i) and joins what they show. */
export async function findInFrames(count: number, frame: (index: number) => Promise<RenderedImage>, record: PhiRecord, recognise: Recognise): Promise<FramesFinding> {
	const frames = sampleFrames(Math.max(1, count));
	const findings: OcrFinding[] = [];
	for (const index of frames) findings.push(await findIdentifyingText(await frame(index), record, recognise));
	return mergeFindings(findings, frames);
}
