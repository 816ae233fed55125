/**
 * ocr: `cassette ocr [--phi-from FILE.dcm] [--phi VALUE]... INPUT...`: the app's OCR of burned-in
 * text (tesseract.js eng+spa, the same matcher) on DICOM files, PNG/JPEG photos and folders.
 * Prints, per image, the proposed black boxes `[x, y, w, h]` in the image's pixels and what each
 * matched — its category and its text masked, never the value.
 */
import { readFileSync } from 'node:fs';
import { collectPhi, mergePhi } from '../lib/dicom/deid/phi-record';
import type { PhiRecord, PhiValue } from '../lib/dicom/deid/phi-types';
import { parseDicom } from '../lib/dicom/parse';
import { renderPreview } from '../lib/dicom/render';
import { summariseInstance } from '../lib/dicom/organise';
import { toRegion } from '../lib/ocr/boxes';
import { startNodeRecogniser, type NodeRecogniser } from '../lib/ocr/engine-node';
import { findInEncodedImage, type OcrFinding } from '../lib/ocr/find-text';
import { findInFrames, type FramesFinding } from '../lib/ocr/frames';
import { imageSizeOf } from '../lib/ocr/image-size';
import { describeError } from './errors';
import { fsEntries } from './fs-entries';

/** OcrImageReport is one image's result as printed. */
export interface OcrImageReport {
	input: string;
	width: number;
	height: number;
	words: number;
	boxes: number[][];
	hits: { category: string; source: string; masked: string; box: number[] }[];
	/** frames are the frames of a DICOM image that were read (first, middle, last); absent for a photo. */
	frames?: number[];
}

/** phiFromValues reads `--phi` values: a date (YYYYMMDD, YYYY-MM-DD, DD/MM/YYYY), a name (letters, no digits; "Family, Given"), or else an ID. */
export function phiFromValues(values: readonly string[]): PhiRecord {
	return {
		values: values.map((raw): PhiValue => {
			const v = raw.trim();
			const iso = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(v);
			const european = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
			// eight digits are a date only when they read as one (an ID "00123456" does not)
			if (iso && +iso[1] >= 1850 && +iso[2] >= 1 && +iso[2] <= 12 && +iso[3] >= 1 && +iso[3] <= 31) return { kind: 'date', value: `${iso[1]}${iso[2]}${iso[3]}`, sources: ['--phi'] };
			if (european) return { kind: 'date', value: `${european[3]}${european[2].padStart(2, '0')}${european[1].padStart(2, '0')}`, sources: ['--phi'] };
			if (/\p{L}/u.test(v) && !/\d/.test(v)) return { kind: 'name', value: v.replace(/,\s*/, '^'), sources: ['--phi'] };
			return { kind: 'id', value: v, sources: ['--phi'] };
		})
	};
}

/** reportOf turns a finding into the printed form. */
export function reportOf(input: string, finding: OcrFinding | FramesFinding): OcrImageReport {
	const xywh = (b: OcrFinding['boxes'][number]) => Object.values(toRegion(b));
	return {
		input,
		width: finding.width,
		height: finding.height,
		words: finding.words,
		boxes: finding.boxes.map(xywh),
		hits: finding.hits.map((h) => ({ category: h.category, source: h.source, masked: h.masked, box: xywh(h.box) })),
		...('frames' in finding && { frames: finding.frames })
	};
}

/**
 * ocrDicom reads a DICOM image at its own size — of a multi-frame one, the first, middle and last
 * frames, their boxes joined ($lib/ocr/frames) — matched against its own header's PHI and `record`.
 */
export async function ocrDicom(bytes: Uint8Array, record: PhiRecord, recogniser: NodeRecogniser): Promise<FramesFinding> {
	const file = parseDicom(bytes);
	const render = (frame: number) => renderPreview(file, { frame, maxLongSide: Infinity });
	return findInFrames(summariseInstance(file).frames, render, mergePhi(record, collectPhi(file)), recogniser.recognise);
}

/** runOcr reads every input and returns one report per image; files that are neither DICOM nor PNG/JPEG go to `onError`. */
export async function runOcr(options: { inputs: string[]; phiFrom?: string; phi: string[]; onError: (line: string) => void }): Promise<{ images: OcrImageReport[]; failed: number }> {
	let record = phiFromValues(options.phi);
	if (options.phiFrom) record = mergePhi(record, collectPhi(parseDicom(new Uint8Array(readFileSync(options.phiFrom)))));
	const recogniser = await startNodeRecogniser();
	const images: OcrImageReport[] = [];
	let failed = 0;
	try {
		for await (const entry of fsEntries(options.inputs, (missing) => (failed++, options.onError(missing.message)))) {
			try {
				const bytes = new Uint8Array(await entry.read());
				const photo = imageSizeOf(bytes);
				const finding = photo ? await findInEncodedImage(bytes, photo, record, recogniser.recognise) : await ocrDicom(bytes, record, recogniser);
				images.push(reportOf(entry.path, finding));
			} catch (error) {
				failed++;
				options.onError(`${entry.path}: ${describeError(error)}`);
			}
		}
	} finally {
		await recogniser.close();
	}
	return { images, failed };
}
