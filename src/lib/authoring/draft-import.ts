/**
 * draft-import: the work of one import into a new draft, as a plain class (no runes): the series
 * it creates, the slices it stores and puts in order, instances met twice, the PHI record saved
 * before any image that could carry it, images at risk of burned-in text held until reviewed and
 * then redacted in the app's worker pool, and the de-identification summary per series. The UI
 * state (ImportSession) hears of changes through `ImportEvents` and keeps what it shows.
 */
import { emptyDraft, newClientId, type DraftSeries } from '$lib/cases/types';
import { mergePhi, type DeidContext, type Outcome, type PhiRecord, type RedactRegion } from '$lib/dicom/deid';
import { sortSlices, type InstanceSummary } from '$lib/dicom/organise';
import { deleteDraft, getImage, putImage, putPhi, putSummary, saveDraft, saveSeries, type DraftsDb } from '$lib/db';
import type { RawEntry, SkippedFile } from '$lib/import';
import { appPool, type ProcessedInstance } from '$lib/workers';
import { findBurnedInText } from '$lib/workers/app-pool';
import { otherFramesOf } from './cine-frames';
import { applyPhotoEdit, reencodePhoto, type ReencodedPhoto } from './photo';
import { ReviewList, type AtRiskSeries, type FindText } from './review-list';
export type { AtRiskSeries, FindText } from './review-list';
import { addOutcomes, addReasons, emptyReport, planeOf, summaryOf, type SeriesReport } from './series-report';

/** PHI_SAVE_EVERY: the PHI record is saved this often during a long import, so a crash never leaves images without it. */
const PHI_SAVE_EVERY = 20;

/** SkippedItem is a file left out, by its original name (shown on the device only) and a reason code the UI translates. */
export interface SkippedItem {
	path: string;
	reason: SkippedFile['reason'] | 'not-image' | 'unreadable-dicom' | 'duplicate-instance';
}

interface HeldInstance {
	bytes: ArrayBuffer;
	summary: InstanceSummary;
	/** counts is what de-identification did to it (reported once the image joins the case). */
	counts: Partial<Record<Outcome, number>>;
}

interface SeriesState {
	report: SeriesReport;
	series: DraftSeries | null;
	/** slices pairs each stored image with its summary, for the final slice order (no pixels kept). */
	slices: { imageId: string; summary: InstanceSummary }[];
}

/** ImportEvents tell the UI what changed: copies it may keep. */
export interface ImportEvents {
	reports(reports: SeriesReport[]): void;
	atRisk(series: AtRiskSeries[]): void;
	skipped(item: SkippedItem): void;
	photoStored(): void;
}

/** DraftImport stores one import's results into a new draft; create one per import. */
export class DraftImport {
	readonly #db: DraftsDb;
	readonly #context: DeidContext;
	readonly #events: ImportEvents;
	#caseId = '';
	#series = new Map<string, SeriesState>();
	#phi: PhiRecord = { values: [] };
	#unsavedPhi = 0;
	#queue: Promise<void> = Promise.resolve();
	#held = new Map<string, HeldInstance[]>();
	readonly #review: ReviewList;
	/** #photos holds photographs on which OCR found identifying text, re-encoded, until reviewed. */
	#photos = new Map<string, ReencodedPhoto>();
	#photoCount = 0;
	/** #paths knows each item's original path until it is stored (device only). */
	#paths = new Map<string, string>();
	/** #instances holds the SOP Instance UIDs imported: one instance picked twice (a folder and its ZIP, a CD with copies) is stored once. */
	#instances = new Set<string>();

	constructor(db: DraftsDb, context: DeidContext, events: ImportEvents, findText: FindText = findBurnedInText) {
		this.#db = db;
		this.#context = context;
		this.#events = events;
		this.#review = new ReviewList((items) => events.atRisk(items), findText);
	}

	/** caseId is the new draft's client id once created ('' before, and after an empty import was discarded). */
	get caseId(): string {
		return this.#caseId;
	}

	/** create saves the new, empty draft. */
	async create(now = Date.now()): Promise<string> {
		this.#caseId = (await saveDraft(this.#db, emptyDraft(now))).clientId;
		return this.#caseId;
	}

	/** notePath remembers an item's original path, to name it if it is skipped. */
	notePath(id: string, path: string): void {
		this.#paths.set(id, path);
	}

	/** storeFile stores an imported file's instance, unless the same instance came in another file; writes run one after another. */
	storeFile(id: string, result: ProcessedInstance): Promise<void> {
		return this.#serially(async () => {
			const path = this.#paths.get(id) ?? '';
			this.#paths.delete(id);
			const uid = result.summary.sopInstanceUID;
			if (uid) {
				if (this.#instances.has(uid)) {
					this.#events.skipped({ path, reason: 'duplicate-instance' });
					return;
				}
				this.#instances.add(uid);
			}
			await this.#store(result);
		});
	}

	/** discardIfEmpty deletes the draft when nothing usable was found, so no empty draft is left behind. */
	async discardIfEmpty(): Promise<void> {
		if ([...this.#series.values()].some((state) => state.series) || this.#held.size > 0 || this.#photos.size > 0) return;
		await deleteDraft(this.#db, this.#caseId);
		this.#caseId = '';
	}

	/**
	 * includeRedacted blacks out `regions` (DICOM pixel coordinates) on every held image of a
	 * series at risk, renders them again and adds them to the draft; the unredacted bytes are dropped.
	 */
	async includeRedacted(key: string, regions: readonly RedactRegion[]): Promise<void> {
		const photo = this.#photos.get(key);
		if (photo) return this.#includePhoto(key, photo, regions);
		const held = this.#held.get(key);
		if (!held || regions.length === 0) return;
		for (const instance of held) {
			// the held bytes are de-identified already: redacted and previewed in a worker as they are, their UIDs and dates stay those of their study
			const result = await appPool().redact(instance.bytes.slice(0), regions);
			const deidentified = result.deidentified && { ...result.deidentified, counts: instance.counts };
			await this.#serially(() => this.#storeReviewed(key, { ...result, deidentified, burnedIn: { atRisk: false, reasons: [] } }));
		}
		const state = this.#series.get(key);
		if (state) {
			state.report.redactedImages += held.length;
			state.report.redactedRegions += regions.length;
			this.#publishReports();
			// reviewed here: the draft page does not ask OCR of its slices again
			if (state.series) await this.#serially(() => saveSeries(this.#db, (state.series = { ...state.series!, ocr: { status: 'reviewed', regions: regions.length, vouched: 0 } })));
		}
		this.#held.delete(key);
		this.#review.remove(key);
		await this.#serially(() => this.finish());
	}

	/**
	 * includePhoto adds a held photograph to the draft: with `regions` blacked out (re-encoded, the
	 * covered pixels gone), or unchanged when the author confirmed that nothing OCR found on it
	 * identifies anyone (the review allows that only then).
	 */
	async #includePhoto(key: string, photo: ReencodedPhoto, regions: readonly RedactRegion[]): Promise<void> {
		const edited = regions.length === 0 ? photo : await applyPhotoEdit(photo.bytes, photo.type, { crop: null, blackouts: regions.map((r) => ({ ...r })) });
		await this.#storeReencoded(edited);
		this.#photos.delete(key);
		this.#review.remove(key);
		await this.#serially(() => this.finish());
	}

	/** #serially runs writes one after another: the pool hands results over from several slots at once, and two instances of a new series must not both create it. */
	#serially(task: () => Promise<void>): Promise<void> {
		const run = this.#queue.then(task);
		this.#queue = run.catch(() => undefined);
		return run;
	}

	#stateOf(key: string, modality: string, description: string): SeriesState {
		let state = this.#series.get(key);
		if (!state) {
			state = { report: emptyReport(modality, description), series: null, slices: [] };
			this.#series.set(key, state);
		}
		return state;
	}

	async #ensureSeries(state: SeriesState, modality: string, orientation: readonly number[] | undefined): Promise<DraftSeries> {
		if (state.series) return state.series;
		const series: DraftSeries = {
			clientId: newClientId(),
			caseId: this.#caseId,
			plane: planeOf(orientation),
			description: '',
			modality,
			windowCenter: null,
			windowWidth: null,
			sliceRange: null,
			order: [...this.#series.values()].filter((s) => s.series).length,
			headerImage: null,
			publish: true
		};
		await saveSeries(this.#db, series);
		state.series = series;
		state.report.seriesId = series.clientId;
		return series;
	}

	async #store(result: ProcessedInstance): Promise<void> {
		const { summary } = result;
		const state = this.#stateOf(summary.seriesInstanceUID, summary.modality, summary.seriesDescription ?? '');
		const report = state.report;
		report.instances++;
		this.#phi = mergePhi(this.#phi, result.phi);
		if (++this.#unsavedPhi >= PHI_SAVE_EVERY) await this.#savePhi();
		if (result.burnedIn.atRisk) {
			report.excluded++;
			report.reasons = addReasons(report.reasons, result.burnedIn.reasons);
			if (result.deidentified && result.preview) this.#hold(summary.seriesInstanceUID, { bytes: result.deidentified.bytes, summary, counts: result.deidentified.counts }, result.preview);
		} else if (!result.preview || !result.deidentified) {
			report.noPreview++;
		} else {
			const series = await this.#ensureSeries(state, summary.modality, summary.imageOrientation);
			const imageId = newClientId();
			// the PHI record must be on disk before any image that could carry it
			await this.#savePhi();
			await putImage(this.#db, {
				clientId: imageId,
				caseId: this.#caseId,
				seriesId: series.clientId,
				index: state.slices.length,
				previewType: result.preview.type === 'image/png' ? 'image/png' : 'image/jpeg',
				preview: result.preview.bytes,
				dicom: result.deidentified.bytes,
				...(result.values && { values: result.values.bytes })
			});
			state.slices.push({ imageId, summary });
			report.stored++;
			report.outcomes = addOutcomes(report.outcomes, result.deidentified.counts);
		}
		this.#publishReports();
	}

	#hold(key: string, instance: HeldInstance, preview: NonNullable<ProcessedInstance['preview']>): void {
		const held = this.#held.get(key) ?? [];
		held.push(instance);
		this.#held.set(key, held);
		const { summary } = instance;
		this.#review.hold({ key, photo: false, modality: summary.modality, count: 1, preview: { ...preview }, columns: summary.columns ?? preview.width, rows: summary.rows ?? preview.height, ocr: { status: 'reading' } }, this.#phi, otherFramesOf(instance.bytes, summary.frames));
	}

	async #storeReviewed(key: string, result: ProcessedInstance): Promise<void> {
		const state = this.#series.get(key);
		if (state) {
			state.report.instances--;
			state.report.excluded--;
		}
		// nothing identifying is read back from de-identified bytes: recording their shifted dates would flag harmless ones
		await this.#store({ ...result, phi: { values: [] }, summary: { ...result.summary, seriesInstanceUID: key } });
	}

	/**
	 * storePhoto re-encodes a photograph (no metadata survives) and reads it with OCR: with no
	 * identifying text on it, it joins the draft's photo series; with some (or when it could not be
	 * read) it is held for review, so a photo of a monitor showing a name never reaches the draft,
	 * and so never the server, before the author blacks it out or vouches for it.
	 */
	async storePhoto(entry: RawEntry): Promise<void> {
		let photo;
		try {
			photo = await reencodePhoto(new Blob([await entry.read()]));
		} catch {
			this.#events.skipped({ path: entry.path, reason: 'not-image' });
			return;
		}
		const held: AtRiskSeries = { key: `photo:${++this.#photoCount}`, photo: true, modality: '', count: 1, preview: { ...photo }, columns: photo.width, rows: photo.height, ocr: { status: 'reading' } };
		held.ocr = await this.#review.read(held, this.#phi);
		if (held.ocr.status === 'done' && held.ocr.hits.length === 0) return this.#storeReencoded(photo);
		this.#photos.set(held.key, photo);
		this.#review.hold(held, this.#phi);
	}

	/** #storeReencoded stores a re-encoded photograph in the draft's photo series. */
	async #storeReencoded(photo: ReencodedPhoto): Promise<void> {
		const state = this.#stateOf('photos', '', '');
		state.report.instances++;
		const series = await this.#ensureSeries(state, '', undefined);
		await putImage(this.#db, {
			clientId: newClientId(),
			caseId: this.#caseId,
			seriesId: series.clientId,
			index: state.report.stored,
			previewType: photo.type,
			preview: photo.bytes,
			dicom: null
		});
		state.report.stored++;
		this.#events.photoStored();
		this.#publishReports();
	}

	#publishReports(): void {
		this.#events.reports([...this.#series.values()].map((s) => ({ ...s.report, reasons: [...s.report.reasons], outcomes: { ...s.report.outcomes } })));
	}

	async #savePhi(): Promise<void> {
		if (this.#unsavedPhi === 0 || !this.#caseId) return;
		this.#unsavedPhi = 0;
		await putPhi(this.#db, this.#caseId, this.#phi, this.#context.dateOffsetDays);
	}

	/** finish saves the PHI record and the de-identification summary, and puts each DICOM series' images in slice order (arrival order is the workers'). */
	async finish(): Promise<void> {
		await this.#savePhi();
		if (this.#caseId) await putSummary(this.#db, this.#caseId, [...this.#series.values()].map((s) => summaryOf(s.report)));
		for (const state of this.#series.values()) {
			const ordered = sortSlices(state.slices.map((s) => ({ ...s.summary, imageId: s.imageId })));
			for (const [index, { imageId }] of ordered.entries()) {
				const image = await getImage(this.#db, imageId);
				if (image && image.index !== index) await putImage(this.#db, { ...image, index });
			}
		}
	}
}
