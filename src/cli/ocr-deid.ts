/**
 * ocr-deid: `cassette deid --ocr`. After the run, each instance excluded for burned-in text — a
 * file on disk or a member of a ZIP archive given as input — is read with the app's OCR against
 * its own header's PHI (a multi-frame one on its first, middle and last frames); the boxes it
 * proposes are blacked out in the de-identified copy's pixel data (every frame, as the app's
 * review does series-wide) and the copy is written instead of being left out. The report names,
 * per such file, the boxes and what they matched, masked.
 */
import { parseDicom } from '../lib/dicom/parse';
import { redactRegions } from '../lib/dicom/deid/redact';
import { scanEntries } from '../lib/import/scan';
import type { RawEntry } from '../lib/import/types';
import { toRegion } from '../lib/ocr/boxes';
import { startNodeRecogniser } from '../lib/ocr/engine-node';
import { prepareFile, writeParts, type FileJob } from './deid-file';
import type { DeidRunReport } from './deid';
import { describeError } from './errors';
import { fsEntries } from './fs-entries';
import { ocrDicom } from './ocr';

/** OcrDeidReport is the deid report with, for each file written after OCR, its boxes, hits and the frames read. */
export type OcrDeidReport = Omit<DeidRunReport, 'written'> & {
	written: (DeidRunReport['written'][number] & { ocr?: { boxes: number[][]; hits: { category: string; masked: string }[]; frames: number[] } })[];
};

/**
 * excludedSources yields the bytes of the inputs named in `wanted`, walking `inputs` again: a file
 * on disk is read as it is; an archive is opened only when a wanted path lies inside it, and only
 * its wanted members are read (one at a time: an archive is never held whole).
 */
export async function* excludedSources(inputs: readonly string[], wanted: ReadonlySet<string>): AsyncGenerator<{ input: string; bytes: ArrayBuffer }> {
	const inside = (entry: RawEntry) => [...wanted].some((w) => w.startsWith(`${entry.path}/`));
	for await (const entry of fsEntries(inputs, () => undefined)) {
		if (wanted.has(entry.path)) yield { input: entry.path, bytes: await entry.read() };
		else if (inside(entry)) {
			let id = 0;
			// the same scan as the run's, so a member has the same path as in the report (nested archives too)
			for await (const item of scanEntries([entry], { onSkip: () => undefined, newId: () => String(id++) })) {
				if (wanted.has(item.path)) yield { input: item.path, bytes: await item.read() };
			}
		}
	}
}

/** redactBurnedIn writes, with OCR's boxes blacked out, the report's instances excluded for burned-in text. */
export async function redactBurnedIn(report: DeidRunReport, job: Omit<FileJob, 'includeBurnedIn'>, inputs: readonly string[], onError: (line: string) => void): Promise<OcrDeidReport> {
	const out: OcrDeidReport = { ...report, written: [...report.written], excluded: [] };
	const candidates = new Set(report.excluded.filter((e) => !e.reasons.includes('duplicate-instance')).map((e) => e.input));
	out.excluded = report.excluded.filter((e) => !candidates.has(e.input));
	if (candidates.size === 0) return out;
	const recogniser = await startNodeRecogniser();
	const done = new Set<string>();
	try {
		for await (const { input, bytes: buffer } of excludedSources(inputs, candidates)) {
			if (done.has(input)) continue;
			done.add(input);
			try {
				const bytes = new Uint8Array(buffer);
				const finding = await ocrDicom(bytes, { values: [] }, recogniser);
				const prepared = prepareFile(bytes, { ...job, includeBurnedIn: true }, report.written.length + done.size);
				if (prepared.kind !== 'ready') throw new Error('could not be de-identified');
				const deidentified = new Uint8Array(prepared.parts.reduce((n, p) => n + p.length, 0));
				prepared.parts.reduce((at, p) => (deidentified.set(p, at), at + p.length), 0);
				const regions = finding.boxes.map(toRegion);
				writeParts(prepared.output, [regions.length > 0 ? await redactRegions(parseDicom(deidentified), regions) : deidentified]);
				out.written.push({
					input,
					output: prepared.output,
					sopInstanceUID: prepared.sopInstanceUID,
					ocr: { boxes: regions.map((r) => [r.x, r.y, r.width, r.height]), hits: finding.hits.map((h) => ({ category: h.category, masked: h.masked })), frames: finding.frames }
				});
			} catch (error) {
				onError(`${input}: ${describeError(error)}`);
				out.failed.push({ input, error: describeError(error) });
			}
		}
	} finally {
		await recogniser.close();
	}
	// an input that could not be found again (moved or changed since the run) stays excluded
	out.excluded.push(...report.excluded.filter((e) => candidates.has(e.input) && !done.has(e.input)));
	return out;
}
