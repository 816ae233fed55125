/**
 * What on-device OCR proposes for an image held for review: its finding (from the app's OCR
 * worker) turned into regions of the image the black-out applies to, and the hits the review
 * lists — category and masked text only, never the value. Plain functions: no runes, no UI.
 */
import type { RedactRegion } from '$lib/dicom/deid';
import type { OcrFinding } from '$lib/ocr/find-text';
import type { HitCategory } from '$lib/ocr/types';
import { coverRect, type Size } from './rects';

/** ProposedHit is one identifying text OCR found, as the review may show it. */
export interface ProposedHit {
	category: HitCategory;
	/** masked is the text with all but each word's first character hidden ("N••••• G•••••"). */
	masked: string;
	/** region is where it is, in the held image's grid (DICOM columns × rows, or the photo's pixels). */
	region: RedactRegion;
}

/** OcrProposal is the state of OCR on one held image: reading, done (with what it proposes), or failed. */
export type OcrProposal = { status: 'reading' } | { status: 'done'; hits: ProposedHit[]; regions: RedactRegion[]; words: number } | { status: 'failed'; message: string };

/**
 * proposalOf maps a finding on a preview (its pixels) to the image's grid, rounding outwards:
 * a preview may be smaller than the DICOM image, and a box that loses a pixel row to rounding
 * could leave the edge of a letter.
 */
export function proposalOf(finding: OcrFinding, grid: Size): OcrProposal {
	const shown = { width: finding.width, height: finding.height };
	const toGrid = (box: OcrFinding['boxes'][number]) => coverRect({ x: box.x0, y: box.y0, width: box.x1 - box.x0, height: box.y1 - box.y0 }, shown, grid);
	const hits = finding.hits.flatMap((h) => {
		const region = toGrid(h.box);
		return region ? [{ category: h.category, masked: h.masked, region }] : [];
	});
	const regions = finding.boxes.map(toGrid).filter((r): r is RedactRegion => r !== null);
	return { status: 'done', hits, regions, words: finding.words };
}

/** unresolvedHits is how many hits of a proposal are neither under a region the author keeps nor confirmed as not identifying. */
export function unresolvedHits(proposal: OcrProposal | undefined, regions: readonly RedactRegion[], confirmed: ReadonlySet<number>): number {
	if (!proposal || proposal.status !== 'done') return 0;
	return proposal.hits.filter((hit, i) => !confirmed.has(i) && !regions.some((r) => covers(r, hit.region))).length;
}

/** covers is true when region `a` holds all of `b`. */
function covers(a: RedactRegion, b: RedactRegion): boolean {
	return a.x <= b.x && a.y <= b.y && a.x + a.width >= b.x + b.width && a.y + a.height >= b.y + b.height;
}
