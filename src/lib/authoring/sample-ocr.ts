/**
 * sample-ocr: on-device OCR of a sample of slices (first, middle, last) of a DICOM series that is
 * not at risk by its header — a CT whose scanner burned the patient's name into an overlay says
 * nothing of it in Burned In Annotation (issue 17: "and on a sample of slices of every other
 * series"). What it finds is kept with the draft series (`DraftSeries.ocr`) and holds the series
 * back from publishing until the author boxes or vouches for each hit (cases/series-ocr.ts).
 * Runs in the background, one series at a time, in the app's one OCR worker.
 */
import type { DraftSeries } from '$lib/cases/types';
import type { OcrRegion, SeriesOcr, SeriesOcrHit } from '$lib/cases/series-ocr';
import { getImage, getPhi, listImageIds, type DraftsDb } from '$lib/db';
import { mergeBoxes, toRegion, unionOf } from '$lib/ocr/boxes';
import type { Box } from '$lib/ocr/types';
import { sampleFrames } from '$lib/ocr/frames';
import { proposalOf } from './burned-in-ocr';
import { otherFramesOf } from './cine-frames';
import { dicomImage } from './dicom-grid';
import { coverRect, intersect, type Size } from './rects';
import { findOnFrames, type FindText, type OtherFrames } from './review-list';

/** sampleIndices are the slices read: the first, the middle and the last (fewer for a shorter series), as a cine's frames are sampled. */
export const sampleIndices = sampleFrames;

/** SliceOcr is what OCR proposed on one sampled slice, in its own DICOM grid. */
export interface SliceOcr {
	index: number;
	grid: Size;
	hits: SeriesOcrHit[];
	regions: OcrRegion[];
	words: number;
}

/**
 * mergeSamples joins what the sampled slices gave into one proposal in the grid of the slice shown
 * (the one with most hits): the regions of all, overlapping ones merged (the same overlay text on
 * every slice gives one box), and each hit once — the same masked text of the same category in the
 * same place is one thing for the author to vouch for, not three.
 */
export function mergeSamples(samples: readonly SliceOcr[]): SeriesOcr {
	const sampled = samples.map((s) => s.index);
	const words = samples.reduce((n, s) => n + s.words, 0);
	const withHits = samples.filter((s) => s.hits.length > 0);
	if (withHits.length === 0) return { status: 'clear', sampled, words };
	const shown = withHits.reduce((a, b) => (b.hits.length > a.hits.length ? b : a));
	const toShown = (r: OcrRegion, grid: Size) => (grid.width === shown.grid.width && grid.height === shown.grid.height ? r : coverRect(r, grid, shown.grid));
	const hits: SeriesOcrHit[] = [];
	for (const s of withHits) {
		for (const hit of s.hits) {
			const region = toShown(hit.region, s.grid);
			if (!region) continue;
			const same = hits.find((h) => h.category === hit.category && h.masked === hit.masked && intersect(h.region, region) !== null);
			if (same) same.region = toRegion(unionOf([toBox(same.region), toBox(region)]));
			else hits.push({ category: hit.category, masked: hit.masked, region });
		}
	}
	const regions = samples.flatMap((s) => s.regions.map((r) => toShown(r, s.grid)).filter((r): r is OcrRegion => r !== null));
	const merged = mergeBoxes(regions.map(toBox)).map(toRegion);
	// a hit merged from several slices may outgrow every region: its union is a region too, so each hit stays covered
	for (const h of hits) if (!merged.some((r) => contains(r, h.region))) merged.push({ ...h.region });
	return { status: 'found', sampled, shown: shown.index, grid: shown.grid, hits, regions: merged, words };
}

/**
 * readSampledSlices reads the sampled slices of a stored series (their previews, against the
 * draft's PHI record) and returns what the series' review needs; an OCR failure is `failed`, so
 * the author looks by eye rather than the series going out unread. A multi-frame slice (an
 * enhanced CT stored as one instance) is read on its first and last frames too (`frames`).
 */
export async function readSampledSlices(
	db: DraftsDb,
	series: Pick<DraftSeries, 'clientId' | 'caseId'>,
	findText: FindText,
	frames: (bytes: ArrayBuffer, count: number) => OtherFrames | undefined = otherFramesOf
): Promise<SeriesOcr> {
	const phi = (await getPhi(db, series.caseId)) ?? { values: [] };
	// one image at a time for its index: a 300-slice series does not fit in a phone's memory at once
	const order: { id: string; index: number }[] = [];
	for (const id of await listImageIds(db, series.clientId)) {
		const image = await getImage(db, id);
		if (image?.dicom) order.push({ id, index: image.index });
	}
	order.sort((a, b) => a.index - b.index);
	const picked = sampleIndices(order.length).map((i) => order[i]);
	const samples: SliceOcr[] = [];
	try {
		for (const { id, index } of picked) {
			const image = await getImage(db, id);
			if (!image?.dicom) continue;
			const { grid, frames: count } = dicomImage(image.dicom);
			const finding = await findOnFrames(findText, { bytes: image.preview, type: image.previewType }, phi, frames(image.dicom, count));
			const proposal = proposalOf(finding, grid);
			if (proposal.status !== 'done') continue;
			samples.push({ index, grid, hits: proposal.hits, regions: proposal.regions, words: proposal.words });
		}
	} catch (error) {
		return { status: 'failed', sampled: picked.map((p) => p.index), message: error instanceof Error ? error.message : String(error) };
	}
	return mergeSamples(samples);
}

function contains(a: OcrRegion, b: OcrRegion): boolean {
	return a.x <= b.x && a.y <= b.y && a.x + a.width >= b.x + b.width && a.y + a.height >= b.y + b.height;
}

function toBox(r: OcrRegion): Box {
	return { x0: r.x, y0: r.y, x1: r.x + r.width, y1: r.y + r.height };
}
