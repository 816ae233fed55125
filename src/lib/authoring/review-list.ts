/**
 * ReviewList: the images an import holds for review — series at risk of burned-in text and
 * photos on which OCR found identifying text — with what OCR proposes for each. OCR runs in the
 * app's OCR worker (one at a time, never blocking the import); every change is published to the
 * UI as copies. Plain class, no runes.
 */
import type { PhiRecord } from '$lib/dicom/deid';
import type { findBurnedInText } from '$lib/workers/app-pool';
import { mergeFindings } from '$lib/ocr/frames';
import type { OcrFinding } from '$lib/ocr/find-text';
import { proposalOf, type OcrProposal } from './burned-in-ocr';

/** AtRiskSeries is a series whose images may show burned-in text, or a photo on which OCR found some, held (in memory, on this device) for review. */
export interface AtRiskSeries {
	key: string;
	/** photo: a photograph held because OCR found identifying text on it (or could not read it). */
	photo: boolean;
	modality: string;
	count: number;
	/** preview of the first held image: shown only here, for the contributor to black out regions. */
	preview: { bytes: ArrayBuffer; type: string; width: number; height: number };
	/** columns and rows of the DICOM image, to map regions drawn on the preview. */
	columns: number;
	rows: number;
	/** ocr is what on-device OCR proposes for the preview (boxes over identifying text), once it has read it. */
	ocr: OcrProposal;
}

/** FindText reads an image's identifying text (the app's OCR worker; injectable for tests). */
export type FindText = typeof findBurnedInText;

/**
 * OtherFrames renders the other sampled frames of a multi-frame image (its first and last; the
 * preview is its middle one) at the preview's size, for OCR: the text of a cine may change.
 */
export type OtherFrames = () => Promise<{ bytes: ArrayBuffer; type: string }[]>;

/**
 * findOnFrames reads an image's preview and, for a multi-frame image, its `otherFrames`, and
 * joins what they show ($lib/ocr/frames); a single frame's finding is returned as read.
 */
export async function findOnFrames(findText: FindText, preview: { bytes: ArrayBuffer; type: string }, phi: PhiRecord, otherFrames?: OtherFrames): Promise<OcrFinding> {
	const findings = [await findText(preview.bytes, preview.type, phi)];
	for (const frame of (await otherFrames?.()) ?? []) findings.push(await findText(frame.bytes, frame.type, phi));
	return findings.length === 1 ? findings[0] : mergeFindings(findings, []);
}

export class ReviewList {
	#items: AtRiskSeries[] = [];
	readonly #publish: (items: AtRiskSeries[]) => void;
	readonly #findText: FindText;

	constructor(publish: (items: AtRiskSeries[]) => void, findText: FindText) {
		this.#publish = publish;
		this.#findText = findText;
	}

	/**
	 * read runs OCR on an entry's preview against `phi` — and on `otherFrames` of a multi-frame
	 * image, their boxes joined with the preview's ($lib/ocr/frames) — and maps the boxes to the
	 * DICOM grid; a failure is a proposal too (the author then reviews by eye).
	 */
	async read(entry: Pick<AtRiskSeries, 'preview' | 'columns' | 'rows'>, phi: PhiRecord, otherFrames?: OtherFrames): Promise<OcrProposal> {
		try {
			return proposalOf(await findOnFrames(this.#findText, entry.preview, phi, otherFrames), { width: entry.columns, height: entry.rows });
		} catch (error) {
			return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
		}
	}

	/** hold adds an entry, or counts one more image of a series already held; a new series' preview (and `otherFrames`) is read in the background. */
	hold(entry: AtRiskSeries, phi: PhiRecord, otherFrames?: OtherFrames): void {
		const known = this.#items.find((a) => a.key === entry.key);
		if (known) known.count++;
		else {
			this.#items.push(entry);
			if (entry.ocr.status === 'reading') void this.read(entry, phi, otherFrames).then((ocr) => this.#proposed(entry.key, ocr));
		}
		this.#changed();
	}

	/** remove takes a reviewed entry off the list. */
	remove(key: string): void {
		this.#items = this.#items.filter((a) => a.key !== key);
		this.#changed();
	}

	#proposed(key: string, ocr: OcrProposal): void {
		const known = this.#items.find((a) => a.key === key);
		if (!known) return;
		known.ocr = ocr;
		this.#changed();
	}

	#changed(): void {
		this.#publish(this.#items.map((a) => ({ ...a })));
	}
}
