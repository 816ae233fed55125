/**
 * ocr-deid: `cassette deid --ocr`. After the run, each instance excluded for burned-in text (and
 * readable from disk: not one inside a ZIP) is read with the app's OCR against its own header's
 * PHI; the boxes it proposes are blacked out in the de-identified copy's pixel data (every frame,
 * as the app's review does series-wide) and the copy is written instead of being left out. The
 * report names, per such file, the boxes and what they matched, masked.
 */
import { readFileSync, statSync } from 'node:fs';
import { collectPhi } from '../lib/dicom/deid/phi-record';
import { redactRegions } from '../lib/dicom/deid/redact';
import { parseDicom } from '../lib/dicom/parse';
import { toRegion } from '../lib/ocr/boxes';
import { startNodeRecogniser } from '../lib/ocr/engine-node';
import { findIdentifyingText } from '../lib/ocr/find-text';
import { renderPreview } from '../lib/dicom/render';
import { prepareFile, writeParts, type FileJob } from './deid-file';
import type { DeidRunReport } from './deid';
import { describeError } from './errors';

/** OcrDeidReport is the deid report with, for each file written after OCR, its boxes and hits. */
export type OcrDeidReport = Omit<DeidRunReport, 'written'> & {
	written: (DeidRunReport['written'][number] & { ocr?: { boxes: number[][]; hits: { category: string; masked: string }[] } })[];
};

function isFileOnDisk(path: string): boolean {
	return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** redactBurnedIn writes, with OCR's boxes blacked out, the report's instances excluded for burned-in text. */
export async function redactBurnedIn(report: DeidRunReport, job: Omit<FileJob, 'includeBurnedIn'>, onError: (line: string) => void): Promise<OcrDeidReport> {
	const out: OcrDeidReport = { ...report, written: [...report.written], excluded: [] };
	const candidates = report.excluded.filter((e) => !e.reasons.includes('duplicate-instance') && isFileOnDisk(e.input));
	out.excluded = report.excluded.filter((e) => !candidates.includes(e));
	if (candidates.length === 0) return out;
	const recogniser = await startNodeRecogniser();
	try {
		for (const [index, entry] of candidates.entries()) {
			try {
				const bytes = new Uint8Array(readFileSync(entry.input));
				const original = parseDicom(bytes);
				const image = await renderPreview(original, { frame: 0, maxLongSide: Infinity });
				const finding = await findIdentifyingText(image, collectPhi(original), recogniser.recognise);
				const prepared = prepareFile(bytes, { ...job, includeBurnedIn: true }, report.written.length + index);
				if (prepared.kind !== 'ready') throw new Error('could not be de-identified');
				const deidentified = new Uint8Array(prepared.parts.reduce((n, p) => n + p.length, 0));
				prepared.parts.reduce((at, p) => (deidentified.set(p, at), at + p.length), 0);
				const regions = finding.boxes.map(toRegion);
				writeParts(prepared.output, [regions.length > 0 ? await redactRegions(parseDicom(deidentified), regions) : deidentified]);
				out.written.push({
					input: entry.input,
					output: prepared.output,
					sopInstanceUID: prepared.sopInstanceUID,
					ocr: { boxes: regions.map((r) => [r.x, r.y, r.width, r.height]), hits: finding.hits.map((h) => ({ category: h.category, masked: h.masked })) }
				});
			} catch (error) {
				onError(`${entry.input}: ${describeError(error)}`);
				out.failed.push({ input: entry.input, error: describeError(error) });
			}
		}
	} finally {
		await recogniser.close();
	}
	return out;
}
