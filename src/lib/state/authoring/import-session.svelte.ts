/**
 * ImportSession: one import, from the files a contributor picked to a new IndexedDB draft.
 *
 * DICOM goes through the worker pool (`importStudy`), which streams: each de-identified instance
 * is written to the draft (preview and DICOM as ArrayBuffers) as soon as it arrives and
 * forgotten, so a study is never held whole. Photographs are re-encoded through a canvas. The
 * PHI record of everything read (kept and excluded instances alike) goes to its own store, for
 * the firewall. Original names and descriptions stay in this object, on the device.
 */
import { emptyDraft, newClientId, type DraftSeries } from '$lib/cases/types';
import { CASE_KEY_BYTES, contextFromKey, mergePhi, type DeidContext, type Outcome, type PhiRecord, type RedactRegion } from '$lib/dicom/deid';
import { sortSlices, type InstanceSummary } from '$lib/dicom/organise';
import { deleteDraft, getImage, putImage, putPhi, putSummary, requestPersistence, saveDraft, saveSeries, StorageFullError, type DraftsDb } from '$lib/db';
import { importItems, type RawEntry, type SkippedFile } from '$lib/import';
import { appPool, importStudy, type ImportProgress, type ProcessedInstance } from '$lib/workers';
import { looksLikePhotoName, PHOTO_SNIFF_BYTES, photoTypeOf, reencodePhoto } from './photo';
import { addOutcomes, addReasons, emptyReport, planeOf, summaryOf, type SeriesReport } from './series-report';

/** ImportPhase is where the import is. */
export type ImportPhase = 'idle' | 'running' | 'done' | 'cancelled' | 'storage_full' | 'failed';

/** SkippedItem is a file left out, by its original name (shown on the device only) and a reason code the UI translates. */
export interface SkippedItem {
	path: string;
	reason: SkippedFile['reason'] | 'not-image' | 'unreadable-dicom' | 'duplicate-instance';
}

/** PHI_SAVE_EVERY: the PHI record is saved this often during a long import, so a crash never leaves images without it. */
const PHI_SAVE_EVERY = 20;

/** newCaseContext makes a random per-case secret and date and time offset (the same for every worker of the case), by the CLI's policy. */
export function newCaseContext(): DeidContext {
	return contextFromKey(crypto.getRandomValues(new Uint8Array(CASE_KEY_BYTES)));
}

/** AtRiskSeries is a series whose images may show burned-in text, held (in memory, on this device) for review. */
export interface AtRiskSeries {
	key: string;
	modality: string;
	count: number;
	/** preview of the first held image: shown only here, for the contributor to black out regions. */
	preview: { bytes: ArrayBuffer; type: string; width: number; height: number };
	/** columns and rows of the DICOM image, to map regions drawn on the preview. */
	columns: number;
	rows: number;
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

/** ImportSession runs one import into a new draft; create one per import. */
export class ImportSession {
	#db: DraftsDb;
	#phase = $state<ImportPhase>('idle');
	#progress = $state<ImportProgress & { photos: number }>({ filesRead: 0, bytesRead: 0, instancesDeidentified: 0, previewsMade: 0, excluded: 0, failed: 0, photos: 0 });
	#skipped = $state<SkippedItem[]>([]);
	#reports = $state<SeriesReport[]>([]);
	#caseId = $state('');
	#persisted = $state<boolean | null>(null);
	#storageFull = $state<StorageFullError | null>(null);
	#controller = new AbortController();
	#series = new Map<string, SeriesState>();
	#phi: PhiRecord = { values: [] };
	#unsavedPhi = 0;
	#queue: Promise<void> = Promise.resolve();
	#context: DeidContext = newCaseContext();
	#held = new Map<string, HeldInstance[]>();
	/** #paths knows each item's original path until it is stored (device only). */
	#paths = new Map<string, string>();
	/** #instances holds the SOP Instance UIDs imported: one instance picked twice (a folder and its ZIP, a CD with copies) is stored once. */
	#instances = new Set<string>();
	#atRisk = $state<AtRiskSeries[]>([]);

	constructor(db: DraftsDb) {
		this.#db = db;
	}

	get phase(): ImportPhase {
		return this.#phase;
	}
	get progress(): Readonly<ImportProgress & { photos: number }> {
		return this.#progress;
	}
	/** skipped lists files left out with their original names: for display on this device only. */
	get skipped(): readonly SkippedItem[] {
		return this.#skipped;
	}
	/** reports is the de-identification summary, one per series. */
	get reports(): readonly SeriesReport[] {
		return this.#reports;
	}
	/** atRisk lists the series excluded for possible burned-in text, waiting for review. */
	get atRisk(): readonly AtRiskSeries[] {
		return this.#atRisk;
	}

	/** caseId is the new draft's client id once created. */
	get caseId(): string {
		return this.#caseId;
	}
	/** persisted says whether the browser granted persistent storage (null until asked). */
	get persisted(): boolean | null {
		return this.#persisted;
	}
	/** storageFull is the quota failure that stopped the import, naming the largest drafts. */
	get storageFull(): StorageFullError | null {
		return this.#storageFull;
	}

	/** cancel stops the import; what was saved so far stays in the draft. */
	cancel(): void {
		this.#controller.abort();
	}

	/**
	 * run imports `entries` (files, a folder, ZIPs, photographs) into a new draft and resolves with
	 * its client id ('' when the draft could not even be created). Never rejects for bad files.
	 */
	async run(entries: AsyncIterable<RawEntry> | Iterable<RawEntry>): Promise<string> {
		this.#phase = 'running';
		const signal = this.#controller.signal;
		try {
			void requestPersistence().then((granted) => (this.#persisted = granted));
			const draft = await saveDraft(this.#db, emptyDraft(Date.now()));
			this.#caseId = draft.clientId;
			const { photos, others } = await this.#partition(entries);
			const skip = (skipped: SkippedFile) => this.#skipped.push({ ...skipped });
			await importStudy(importItems(others, skip, (id, path) => this.#paths.set(id, path)), this.#context, {
				signal,
				// at-risk images are de-identified and previewed too, then held back for review (never stored unredacted)
				options: { includeBurnedIn: true },
				onInstance: (id, result) => this.#serially(() => this.#storeFile(id, result)),
				onFailure: () => this.#skipped.push({ path: '', reason: 'unreadable-dicom' }),
				onProgress: (p) => Object.assign(this.#progress, p)
			});
			for (const photo of photos) {
				if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
				await this.#storePhoto(photo);
			}
			await this.#finish();
			if (![...this.#series.values()].some((state) => state.series) && this.#held.size === 0) {
				// nothing usable was found: leave no empty draft behind
				await deleteDraft(this.#db, this.#caseId);
				this.#caseId = '';
			}
			this.#phase = 'done';
		} catch (error) {
			await this.#finish().catch(() => undefined);
			if (error instanceof StorageFullError) {
				this.#storageFull = error;
				this.#phase = 'storage_full';
			} else if (error instanceof DOMException && error.name === 'AbortError') {
				this.#phase = 'cancelled';
			} else {
				this.#phase = 'failed';
				throw error;
			}
		}
		return this.#caseId;
	}

	/** #partition sets photographs (by name, confirmed by magic bytes) aside; everything else goes to the DICOM scan. */
	async #partition(entries: AsyncIterable<RawEntry> | Iterable<RawEntry>): Promise<{ photos: RawEntry[]; others: RawEntry[] }> {
		const photos: RawEntry[] = [];
		const others: RawEntry[] = [];
		for await (const entry of entries) {
			const isPhoto = looksLikePhotoName(entry.path) && entry.size > 0 && photoTypeOf(await entry.head(PHOTO_SNIFF_BYTES).catch(() => new Uint8Array())) !== null;
			(isPhoto ? photos : others).push(entry);
		}
		return { photos, others };
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

	/** #storeFile stores an imported file's instance, unless the same instance came in another file. */
	async #storeFile(id: string, result: ProcessedInstance): Promise<void> {
		const path = this.#paths.get(id) ?? '';
		this.#paths.delete(id);
		const uid = result.summary.sopInstanceUID;
		if (uid) {
			if (this.#instances.has(uid)) {
				this.#skipped.push({ path, reason: 'duplicate-instance' });
				return;
			}
			this.#instances.add(uid);
		}
		await this.#store(result);
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
				dicom: result.deidentified.bytes
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
		const known = this.#atRisk.find((a) => a.key === key);
		if (known) known.count = held.length;
		else {
			const { summary } = instance;
			this.#atRisk.push({ key, modality: summary.modality, count: 1, preview: { ...preview }, columns: summary.columns ?? preview.width, rows: summary.rows ?? preview.height });
		}
	}

	/**
	 * includeRedacted blacks out `regions` (DICOM pixel coordinates) on every held image of a
	 * series at risk, renders them again and adds them to the draft; the unredacted bytes are dropped.
	 */
	async includeRedacted(key: string, regions: readonly RedactRegion[]): Promise<void> {
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
		}
		this.#held.delete(key);
		this.#atRisk = this.#atRisk.filter((a) => a.key !== key);
		await this.#serially(() => this.#finish());
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

	async #storePhoto(entry: RawEntry): Promise<void> {
		let photo;
		try {
			photo = await reencodePhoto(new Blob([await entry.read()]));
		} catch {
			this.#skipped.push({ path: entry.path, reason: 'not-image' });
			return;
		}
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
		this.#progress.photos++;
		this.#publishReports();
	}

	#publishReports(): void {
		this.#reports = [...this.#series.values()].map((s) => ({ ...s.report, reasons: [...s.report.reasons], outcomes: { ...s.report.outcomes } }));
	}

	async #savePhi(): Promise<void> {
		if (this.#unsavedPhi === 0 || !this.#caseId) return;
		this.#unsavedPhi = 0;
		await putPhi(this.#db, this.#caseId, this.#phi, this.#context.dateOffsetDays);
	}

	/** #finish saves the PHI record and the de-identification summary, and puts each DICOM series' images in slice order (arrival order is the workers'). */
	async #finish(): Promise<void> {
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
