/**
 * ImportSession: what the import page shows of one import, from the files a contributor picked
 * to a new IndexedDB draft. The work is `DraftImport`'s ($lib/authoring/draft-import) and the
 * workers' (`importStudy`, which streams: each de-identified instance is written to the draft as
 * soon as it arrives and forgotten, so a study is never held whole); this class keeps the phase,
 * the progress, the files left out, the summary per series and the series waiting for review.
 * Original names and descriptions stay in memory, on the device.
 */
import { DraftImport, type AtRiskSeries, type SkippedItem } from '$lib/authoring/draft-import';
import { startSampleOcr } from '$lib/authoring/series-review';
import { seriesOcrBlock } from '$lib/cases/series-ocr';
import { looksLikePhotoName, PHOTO_SNIFF_BYTES, photoTypeOf } from '$lib/authoring/photo';
import type { SeriesReport } from '$lib/authoring/series-report';
import { CASE_KEY_BYTES, contextFromKey, type DeidContext, type RedactRegion } from '$lib/dicom/deid';
import { requestPersistence, StorageFullError, type DraftsDb } from '$lib/db';
import { importItems, type RawEntry, type SkippedFile } from '$lib/import';
import { importStudy, type ImportProgress } from '$lib/workers';

export type { AtRiskSeries, SkippedItem } from '$lib/authoring/draft-import';

/** ImportPhase is where the import is. */
export type ImportPhase = 'idle' | 'running' | 'done' | 'cancelled' | 'storage_full' | 'failed';

/** newCaseContext makes a random per-case secret and date and time offset (the same for every worker of the case), by the CLI's policy. */
export function newCaseContext(): DeidContext {
	return contextFromKey(crypto.getRandomValues(new Uint8Array(CASE_KEY_BYTES)));
}

/** ImportSession runs one import into a new draft; create one per import. */
export class ImportSession {
	#phase = $state<ImportPhase>('idle');
	#progress = $state<ImportProgress & { photos: number }>({ filesRead: 0, bytesRead: 0, instancesDeidentified: 0, previewsMade: 0, excluded: 0, failed: 0, photos: 0 });
	#skipped = $state<SkippedItem[]>([]);
	#reports = $state<SeriesReport[]>([]);
	#atRisk = $state<AtRiskSeries[]>([]);
	#caseId = $state('');
	#persisted = $state<boolean | null>(null);
	#sampling = $state<{ series: number; held: number | null } | null>(null);
	#storageFull = $state<StorageFullError | null>(null);
	#controller = new AbortController();
	#context: DeidContext = newCaseContext();
	#work: DraftImport;
	#db: DraftsDb;

	constructor(db: DraftsDb) {
		this.#db = db;
		this.#work = new DraftImport(db, this.#context, {
			reports: (reports) => (this.#reports = reports),
			atRisk: (series) => (this.#atRisk = series),
			skipped: (item) => this.#skipped.push(item),
			photoStored: () => this.#progress.photos++
		});
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
	/**
	 * sampling is OCR of sampled slices after the import: how many series it reads, and once read
	 * how many show text to review on the draft page (null while reading); null when none is read.
	 */
	get sampling(): { series: number; held: number | null } | null {
		return this.#sampling;
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
	 * A `streamed` source (a PACS's answer, whose entries hold their bytes) is imported as it
	 * arrives, never held whole.
	 */
	async run(entries: AsyncIterable<RawEntry> | Iterable<RawEntry>, source: { streamed?: boolean } = {}): Promise<string> {
		this.#phase = 'running';
		const signal = this.#controller.signal;
		const work = this.#work;
		try {
			void requestPersistence().then((granted) => (this.#persisted = granted));
			this.#caseId = await work.create();
			const photos: RawEntry[] = [];
			const skip = (skipped: SkippedFile) => this.#skipped.push({ ...skipped });
			await importStudy(importItems(photosAside(entries, photos), skip, (id, path) => work.notePath(id, path), source), this.#context, {
				signal,
				// at-risk images are de-identified and previewed too, then held back for review (never stored unredacted)
				options: { includeBurnedIn: true },
				onInstance: (id, result) => work.storeFile(id, result),
				onFailure: () => this.#skipped.push({ path: '', reason: 'unreadable-dicom' }),
				onProgress: (p) => Object.assign(this.#progress, p)
			});
			for (const photo of photos) {
				if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
				await work.storePhoto(photo);
			}
			await work.finish();
			await work.discardIfEmpty();
			this.#caseId = work.caseId;
			// series not at risk by their header get OCR of sampled slices in the background; each is held from publishing until read
			if (this.#caseId) this.#follow(await startSampleOcr(this.#db, this.#caseId));
			this.#phase = 'done';
		} catch (error) {
			await work.finish().catch(() => undefined);
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

	#follow({ series, read }: Awaited<ReturnType<typeof startSampleOcr>>): void {
		if (series === 0) return;
		this.#sampling = { series, held: null };
		void read.then((found) => (this.#sampling = { series, held: found.filter((ocr) => seriesOcrBlock(ocr)).length }));
	}

	/** includeRedacted blacks out `regions` on every held image of a series at risk and adds them to the draft. */
	includeRedacted(key: string, regions: readonly RedactRegion[]): Promise<void> {
		return this.#work.includeRedacted(key, regions);
	}
}

/**
 * photosAside passes every entry on to the DICOM scan as it comes, except photographs (by name,
 * confirmed by magic bytes), which it collects into `photos` for after the study.
 */
export async function* photosAside(entries: AsyncIterable<RawEntry> | Iterable<RawEntry>, photos: RawEntry[]): AsyncGenerator<RawEntry> {
	for await (const entry of entries) {
		const isPhoto = looksLikePhotoName(entry.path) && entry.size > 0 && photoTypeOf(await entry.head(PHOTO_SNIFF_BYTES).catch(() => new Uint8Array())) !== null;
		if (isPhoto) photos.push(entry);
		else yield entry;
	}
}
