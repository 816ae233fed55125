/**
 * DraftEditor: one draft open in the editor. The text autosaves while the author types (the
 * Autosaver coalesces keystrokes; `flush()` on `pagehide`), series edits are written as they
 * are made, and what the editor needs of the images (index, id, whether DICOM is held) is read
 * once, without keeping their bytes.
 */
import { consentOffer, type ConsentBlock } from '$lib/cases/consent';
import { seriesToPublish } from '$lib/cases/outgoing';
import type { DraftCase, DraftSeries, SeriesDeidSummary } from '$lib/cases/types';
import { validateCase, type ValidationErrors } from '$lib/cases/validate';
import { handleError } from '$lib/state/notices.svelte';
import { Autosaver, deleteSeries, getImage, getSummary, listImageIds, loadDraft, saveSeries, StorageFullError, type DraftsDb } from '$lib/db';
import { editPhoto, rewindow } from '$lib/authoring/images';
import { applyPhotoEdit } from '$lib/authoring/photo';
import type { PhotoEdit } from '$lib/authoring/photo-edit';
import { applySeriesReview, needsSampleOcr, sampleSeriesText } from '$lib/authoring/series-review';
import type { OcrRegion } from '$lib/cases/series-ocr';

/** SliceRef is one image of a series, by slice index, without its bytes. */
export interface SliceRef {
	id: string;
	index: number;
	hasDicom: boolean;
	previewBytes: number;
	dicomBytes: number;
}

/** sliceFacts turns slice references into the ImageFacts validation and consent need. */
function factsOf(seriesId: string, slices: readonly SliceRef[]) {
	return slices.map((s) => ({
		clientId: s.id,
		seriesId,
		index: s.index,
		previewType: 'image/jpeg',
		preview: { byteLength: s.previewBytes },
		dicom: s.hasDicom ? { byteLength: s.dicomBytes } : null
	}));
}

/** DraftEditor holds one draft's editable state; create it with `DraftEditor.open`. */
export class DraftEditor {
	#db: DraftsDb;
	#draft = $state() as DraftCase;
	#series = $state<DraftSeries[]>([]);
	#slices = $state<Record<string, SliceRef[]>>({});
	#saving = $state(false);
	#saveError = $state<StorageFullError | null>(null);
	#rendering = $state<Record<string, { done: number; total: number }>>({});
	#summary = $state<SeriesDeidSummary[]>([]);
	#autosaver: Autosaver;
	/** #checks are the OCR readings of sampled slices under way: publishing waits for them. */
	#checks = new Set<Promise<void>>();

	private constructor(db: DraftsDb, draft: DraftCase, series: DraftSeries[], slices: Record<string, SliceRef[]>, summary: SeriesDeidSummary[]) {
		this.#db = db;
		this.#summary = summary;
		this.#draft = draft;
		this.#series = series;
		this.#slices = slices;
		this.#autosaver = new Autosaver(db, {
			onSaved: (saved) => {
				this.#saveError = null;
				this.#saving = this.#autosaver.pending;
				this.#draft.savedAt = saved.savedAt;
			},
			onError: (error) => {
				this.#saving = false;
				if (error instanceof StorageFullError) this.#saveError = error;
				else handleError(error);
			}
		});
	}

	/** open loads a draft for editing, or returns null when this device has no such draft. */
	static async open(db: DraftsDb, caseId: string): Promise<DraftEditor | null> {
		const loaded = await loadDraft(db, caseId);
		if (!loaded) return null;
		const slices: Record<string, SliceRef[]> = {};
		for (const s of loaded.series) {
			const refs: SliceRef[] = [];
			// one image at a time: a 300-slice series with DICOM does not fit in a phone's memory at once
			for (const id of await listImageIds(db, s.clientId)) {
				const image = await getImage(db, id);
				if (image) refs.push({ id, index: image.index, hasDicom: image.dicom !== null && image.dicom.byteLength > 0, previewBytes: image.preview.byteLength, dicomBytes: image.dicom?.byteLength ?? 0 });
			}
			slices[s.clientId] = refs.sort((a, b) => a.index - b.index);
		}
		const editor = new DraftEditor(db, loaded.draft, loaded.series, slices, await getSummary(db, caseId));
		// OCR of sampled slices the import started (or that a reload cut short) goes on, and a series
		// never read (a cancelled import, a draft from before) is read now; the editor hears when each ends
		for (const s of loaded.series) if (s.ocr?.status === 'reading' || needsSampleOcr(s)) void editor.checkSeriesText(s.clientId);
		return editor;
	}

	get draft(): DraftCase {
		return this.#draft;
	}
	get series(): readonly DraftSeries[] {
		return this.#series;
	}
	/** summary is what de-identification did to each imported series, as recorded at import ([] for older drafts). */
	get summary(): readonly SeriesDeidSummary[] {
		return this.#summary;
	}
	/** saving is true while typed text waits to be written. */
	get saving(): boolean {
		return this.#saving;
	}
	/** saveError is the quota failure of the last autosave (the text stays on screen and pending). */
	get saveError(): StorageFullError | null {
		return this.#saveError;
	}

	/** renderingOf is the progress of re-rendering a series' previews with its window, or undefined. */
	renderingOf(seriesId: string): { done: number; total: number } | undefined {
		return this.#rendering[seriesId];
	}

	slicesOf(seriesId: string): readonly SliceRef[] {
		return this.#slices[seriesId] ?? [];
	}

	/** consentBlock is why the research question cannot be asked of the series to publish, or null when it can. */
	get consentBlock(): ConsentBlock | null {
		const series = seriesToPublish(this.#series);
		return consentOffer(series, series.flatMap((s) => factsOf(s.clientId, this.slicesOf(s.clientId))));
	}

	/** errors validates what will be published (the same checks the outbox makes, and the server after it). */
	get errors(): ValidationErrors {
		const series = seriesToPublish(this.#series);
		return validateCase(this.#draft, series, series.flatMap((s) => factsOf(s.clientId, this.slicesOf(s.clientId))), 'publish');
	}

	/** update changes case fields and schedules the autosave. */
	update(patch: Partial<DraftCase>): void {
		Object.assign(this.#draft, patch);
		this.#saving = true;
		this.#autosaver.schedule($state.snapshot(this.#draft) as DraftCase);
	}

	/** flush writes pending text now (call on `pagehide` and before publishing). */
	async flush(): Promise<void> {
		await this.#autosaver.flush();
	}

	/** updateSeries changes one series and writes it. */
	async updateSeries(seriesId: string, patch: Partial<DraftSeries>): Promise<void> {
		const i = this.#series.findIndex((s) => s.clientId === seriesId);
		if (i < 0) return;
		const next = { ...$state.snapshot(this.#series[i]), ...patch } as DraftSeries;
		this.#series[i] = next;
		await saveSeries(this.#db, next);
	}

	/**
	 * setWindow stores a series' window and re-renders its previews with it through a DICOM
	 * worker (null: the file's own window), so what is published looks like the live preview.
	 * The de-identified DICOM is not changed.
	 */
	async setWindow(seriesId: string, window: { center: number; width: number } | null): Promise<void> {
		await this.updateSeries(seriesId, { windowCenter: window?.center ?? null, windowWidth: window?.width ?? null });
		const ids = this.slicesOf(seriesId).filter((s) => s.hasDicom).map((s) => s.id);
		this.#rendering[seriesId] = { done: 0, total: ids.length };
		try {
			await rewindow(this.#db, ids, window, (done) => (this.#rendering[seriesId] = { done, total: ids.length }));
		} finally {
			delete this.#rendering[seriesId];
		}
	}

	/**
	 * editPhoto crops and blacks out one photograph (an image without DICOM) and stores the
	 * re-encoded result in its place, under a new client id: the old bytes are deleted from the
	 * draft, and the outbox, which matches server images by client id, deletes the old image from
	 * the server and uploads the new one on the next publish. `render` is injectable for tests.
	 */
	async editPhoto(seriesId: string, imageId: string, edit: PhotoEdit, render = applyPhotoEdit): Promise<void> {
		const edited = await editPhoto(this.#db, seriesId, imageId, edit, render);
		if (!edited) return;
		this.#slices[seriesId] = this.slicesOf(seriesId).map((s) => (s.id === imageId ? { ...s, id: edited.id, previewBytes: edited.bytes } : s));
	}

	/** checkSeriesText reads a series' sampled slices with on-device OCR (or joins the reading under way); publishing waits for it. */
	checkSeriesText(seriesId: string): Promise<void> {
		const check = this.#checkSeriesText(seriesId).finally(() => this.#checks.delete(check));
		this.#checks.add(check);
		return check;
	}

	/** textChecked resolves once every OCR reading of sampled slices under way has ended. */
	async textChecked(): Promise<void> {
		await Promise.all([...this.#checks]);
	}

	async #checkSeriesText(seriesId: string): Promise<void> {
		const series = this.#series.find((s) => s.clientId === seriesId);
		if (series && series.ocr?.status !== 'reading') await this.updateSeries(seriesId, { ocr: { status: 'reading' } });
		const ocr = await sampleSeriesText(this.#db, seriesId).catch((error) => {
			handleError(error);
			return null;
		});
		// written again by the editor: an edit made while OCR read must not leave 'reading' stored
		if (ocr) await this.updateSeries(seriesId, { ocr });
	}

	/**
	 * applyOcrReview blacks out the reviewed boxes on every slice of a series (DICOM pixels,
	 * previews and CT values, in the app's worker pool) and records the review, which lifts the
	 * publish gate; slices get new client ids, as an edited photo does.
	 */
	async applyOcrReview(seriesId: string, review: { regions: readonly OcrRegion[]; grid: { width: number; height: number }; vouched: number }): Promise<void> {
		const series = this.#series.find((s) => s.clientId === seriesId);
		if (!series) return;
		this.#rendering[seriesId] = { done: 0, total: this.slicesOf(seriesId).length };
		try {
			const renamed = await applySeriesReview(this.#db, $state.snapshot(series) as DraftSeries, review, undefined, (done, total) => (this.#rendering[seriesId] = { done, total }));
			this.#slices[seriesId] = this.slicesOf(seriesId).map((s) => ({ ...s, id: renamed.get(s.id) ?? s.id }));
		} finally {
			delete this.#rendering[seriesId];
		}
		const reviewed = { status: 'reviewed', regions: review.regions.length, vouched: review.vouched } as const;
		const i = this.#series.findIndex((s) => s.clientId === seriesId);
		if (i >= 0) this.#series[i] = { ...this.#series[i], ocr: reviewed };
	}

	/** setHeader makes one slice of one series the case's header image (and no other). */
	async setHeader(seriesId: string, index: number): Promise<void> {
		for (const s of this.#series) {
			const header = s.clientId === seriesId ? index : null;
			if (s.headerImage !== header) await this.updateSeries(s.clientId, { headerImage: header });
		}
	}

	/** setPublish ticks or unticks a series: unticked, it stays in the draft with its images and is left out of publishing. */
	async setPublish(seriesId: string, publish: boolean): Promise<void> {
		await this.updateSeries(seriesId, { publish });
	}

	/** removeSeries deletes a series (and its images) from the draft, freeing their storage; the caller asks for confirmation first. */
	async removeSeries(seriesId: string): Promise<void> {
		await deleteSeries(this.#db, seriesId);
		this.#series = this.#series.filter((s) => s.clientId !== seriesId);
		this.#summary = this.#summary.filter((s) => s.seriesId !== seriesId);
		delete this.#slices[seriesId];
	}
}
