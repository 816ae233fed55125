/**
 * series-review: the draft page's side of burned-in text on a DICOM series — starting (or
 * joining) the background OCR of its sampled slices, and applying the author's review: the boxes
 * blacked out in the DICOM pixel data of EVERY slice of the series (every frame; a slice of
 * another size gets the boxes scaled to its grid), its preview and CT values rendered again from
 * the redacted pixels, through the app's worker pool, on the device, offline. Plain functions.
 */
import { newClientId, type DraftImage, type DraftSeries } from '$lib/cases/types';
import type { OcrRegion, SeriesOcr } from '$lib/cases/series-ocr';
import { getImage, listImageIds, replaceImage, saveSeries, type DraftsDb } from '$lib/db';
import type { RedactRegion } from '$lib/dicom/deid';
import { appPool, type ProcessedInstance, type ProcessOptions } from '$lib/workers';
import { findBurnedInText } from '$lib/workers/app-pool';
import { dicomGrid } from './dicom-grid';
import { coverRect, type Size } from './rects';
import type { FindText } from './review-list';
import { readSampledSlices } from './sample-ocr';

/** needsSampleOcr is true for a series whose slices OCR should sample: DICOM (not photographs) and not checked yet. */
export function needsSampleOcr(series: Pick<DraftSeries, 'modality' | 'ocr'>): boolean {
	return series.modality !== '' && series.ocr === undefined;
}

const running = new Map<string, Promise<SeriesOcr>>();

/**
 * setSeriesOcr stores a series' OCR state as it is stored now, in one transaction: the author may
 * edit the series while OCR reads it, and a read and a write apart would undo such an edit.
 */
async function setSeriesOcr(db: DraftsDb, seriesId: string, ocr: SeriesOcr): Promise<void> {
	const tx = db.transaction('series', 'readwrite');
	const current = await tx.store.get(seriesId);
	if (current) await tx.store.put({ ...current, ocr });
	await tx.done;
}

/**
 * sampleSeriesText reads a series' sampled slices with OCR and stores the result with the series
 * (read again from the database first: the author may have edited it meanwhile). A series already
 * being read is joined, not read twice (the import starts it; the draft page, opened meanwhile or
 * after a reload, asks again).
 */
export function sampleSeriesText(db: DraftsDb, seriesId: string, findText: FindText = findBurnedInText): Promise<SeriesOcr> {
	const known = running.get(seriesId);
	if (known) return known;
	const task = (async (): Promise<SeriesOcr> => {
		const series = await db.get('series', seriesId);
		if (!series) return { status: 'clear', sampled: [], words: 0 };
		const ocr = await readSampledSlices(db, series, findText).catch((error): SeriesOcr => ({ status: 'failed', sampled: [], message: error instanceof Error ? error.message : String(error) }));
		await setSeriesOcr(db, seriesId, ocr);
		return ocr;
	})().finally(() => running.delete(seriesId));
	running.set(seriesId, task);
	return task;
}

/**
 * startSampleOcr marks every DICOM series of a draft not checked yet as being read (so none can be
 * published before it is), then reads them one after another in the background; it resolves once
 * they are marked, not read, with `read`: what OCR found on each, once all are read.
 */
export async function startSampleOcr(db: DraftsDb, caseId: string, findText: FindText = findBurnedInText): Promise<{ series: number; read: Promise<SeriesOcr[]> }> {
	const series = (await db.getAllFromIndex('series', 'by-case', caseId)).filter(needsSampleOcr);
	for (const s of series) await saveSeries(db, { ...s, ocr: { status: 'reading' } });
	const read = (async () => {
		const found: SeriesOcr[] = [];
		for (const s of series) found.push(await sampleSeriesText(db, s.clientId, findText));
		return found;
	})();
	return { series: series.length, read };
}

/** shownSlice is the slice index a series' review shows: the sampled slice with most hits, else the first sampled. */
export function shownSlice(ocr: SeriesOcr | undefined): number {
	if (ocr?.status === 'found') return ocr.shown;
	return ocr && 'sampled' in ocr ? (ocr.sampled[0] ?? 0) : 0;
}

/** ReviewSource is a slice as its review shows it: its preview and the DICOM grid regions are drawn in. */
export interface ReviewSource {
	preview: { bytes: ArrayBuffer; type: string; width: number; height: number };
	grid: Size;
	count: number;
}

/** reviewSource reads the slice `index` of a series for its review (null when the series has no such DICOM slice). */
export async function reviewSource(db: DraftsDb, seriesId: string, index: number): Promise<ReviewSource | null> {
	const ids = await listImageIds(db, seriesId);
	for (const id of ids) {
		const image = await getImage(db, id);
		if (image?.index !== index || !image.dicom) continue;
		const grid = dicomGrid(image.dicom);
		const { width, height } = await previewSize(image);
		return { preview: { bytes: image.preview, type: image.previewType, width, height }, grid, count: ids.length };
	}
	return null;
}

async function previewSize(image: DraftImage): Promise<Size> {
	const bitmap = await createImageBitmap(new Blob([image.preview], { type: image.previewType }));
	const size = { width: bitmap.width, height: bitmap.height };
	bitmap.close();
	return size;
}

/** Redact blacks out regions of a de-identified instance and previews it (the app pool's, injectable for tests). */
export type Redact = (bytes: ArrayBuffer, regions: readonly RedactRegion[], options: ProcessOptions) => Promise<ProcessedInstance>;

/**
 * applySeriesReview blacks out `regions` (in `grid`, the reviewed slice's pixels) on every slice of
 * the series and stores each under a new client id — the outbox matches server images by client
 * id, so a published case's old, unredacted image is deleted from the server on the next publish —
 * then records the review. With no region (every hit vouched for), no pixel changes. Returns the
 * old → new image ids. `onDone` counts the slices done.
 */
export async function applySeriesReview(
	db: DraftsDb,
	series: DraftSeries,
	review: { regions: readonly OcrRegion[]; grid: Size; vouched: number },
	redact: Redact = (bytes, regions, options) => appPool().redact(bytes, regions, options),
	onDone: (done: number, total: number) => void = () => {}
): Promise<Map<string, string>> {
	const renamed = new Map<string, string>();
	const ids = review.regions.length > 0 ? await listImageIds(db, series.clientId) : [];
	const window = series.windowCenter !== null && series.windowWidth !== null ? { center: series.windowCenter, width: series.windowWidth } : undefined;
	for (const [i, id] of ids.entries()) {
		const image = await getImage(db, id);
		if (!image?.dicom) continue;
		const grid = dicomGrid(image.dicom);
		const same = grid.width === review.grid.width && grid.height === review.grid.height;
		const regions = review.regions.map((r) => (same ? { ...r } : coverRect(r, review.grid, grid))).filter((r): r is OcrRegion => r !== null);
		// the worker receives a copy: the buffer is transferred
		const result = await redact(image.dicom.slice(0), regions, { ...(window && { window }) });
		if (!result.deidentified || !result.preview) throw new Error(result.previewError ?? 'the slice could not be redacted');
		// the old values were rendered from the unredacted pixels: only the new ones may stay
		const { values: _old, ...rest } = image;
		const redacted: DraftImage = { ...rest, clientId: newClientId(), previewType: 'image/jpeg', preview: result.preview.bytes, dicom: result.deidentified.bytes, ...(result.values && { values: result.values.bytes }) };
		if (await replaceImage(db, id, redacted)) renamed.set(id, redacted.clientId);
		onDone(i + 1, ids.length);
	}
	await setSeriesOcr(db, series.clientId, { status: 'reviewed', regions: review.regions.length, vouched: review.vouched });
	return renamed;
}
