/**
 * deid: `cassette deid --out DIR INPUT...`. Every DICOM file found under the inputs (files,
 * folders, ZIP archives) is de-identified with one case context and written as
 * `<new SOP Instance UID>.dcm`; the JSON report lists what was written, excluded and failed.
 * Input paths appear in the report (the user's own machine), never inside the output files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
// The engine's modules directly, not its index: the CLI starts faster without redaction and PHI matching.
import { burnedInRisk, type BurnedInReason } from '../lib/dicom/deid/burned-in';
import { deidentifyWithoutPhi, type DeidContext } from '../lib/dicom/deid/deidentify';
import { parseDicom } from '../lib/dicom/parse';
import { scanEntries } from '../lib/import/scan';
import type { LocatedItem, SkipReason } from '../lib/import/types';
import { describeError } from './errors';
import { fsEntries } from './fs-entries';

/** DeidRunReport is the JSON printed by `cassette deid`. */
export interface DeidRunReport {
	written: { input: string; output: string; sopInstanceUID: string }[];
	excluded: { input: string; reasons: BurnedInReason[] }[];
	failed: { input: string; error: string }[];
	skipped: { input: string; reason: SkipReason }[];
}

/** DeidRunOptions are the command's arguments. */
export interface DeidRunOptions {
	out: string;
	inputs: string[];
	context: DeidContext;
	includeBurnedIn: boolean;
	/** onError receives one line per failed file, as it happens. */
	onError: (line: string) => void;
}

/** NOT_DICOM_REASONS make a file named on the command line a failure; found inside a folder or archive, it is only skipped. */
const NOT_DICOM_REASONS: ReadonlySet<SkipReason> = new Set(['not-dicom', 'empty', 'bad-zip', 'unreadable']);

type Outcome = { kind: 'deidentified'; bytes: Uint8Array; output: string; sopInstanceUID: string } | { kind: 'excluded'; reasons: BurnedInReason[] };

async function processOne(item: LocatedItem, options: DeidRunOptions): Promise<Outcome> {
	const file = parseDicom(new Uint8Array(await item.read()));
	const risk = burnedInRisk(file);
	if (risk.atRisk && !options.includeBurnedIn) return { kind: 'excluded', reasons: risk.reasons };
	const { bytes, report } = deidentifyWithoutPhi(file, options.context);
	return { kind: 'deidentified', bytes, output: join(options.out, `${report.sopInstanceUID}.dcm`), sopInstanceUID: report.sopInstanceUID };
}

/** runDeid de-identifies everything under the inputs; one bad file never stops the others. */
export async function runDeid(options: DeidRunOptions): Promise<DeidRunReport> {
	await mkdir(options.out, { recursive: true });
	const report: DeidRunReport = { written: [], excluded: [], failed: [], skipped: [] };
	const named = new Set(options.inputs);
	const fail = (input: string, error: string) => {
		report.failed.push({ input, error });
		options.onError(`${input}: ${error}`);
	};
	const entries = fsEntries(options.inputs, (missing) => fail(missing.path, missing.reason));
	const onSkip = ({ path, reason }: { path: string; reason: SkipReason }) => {
		if (named.has(path) && NOT_DICOM_REASONS.has(reason)) fail(path, SKIP_MESSAGES[reason]);
		else report.skipped.push({ input: path, reason });
	};

	// One file at a time, except that a file's write overlaps the next file's parse and
	// de-identification (a third faster on a 300-slice CT); at most two files' bytes are held, so
	// a study of any length runs in constant memory.
	let pendingWrite: Promise<void> = Promise.resolve();
	for await (const item of scanEntries(entries, { onSkip })) {
		try {
			const outcome = await processOne(item, options);
			if (outcome.kind === 'excluded') {
				report.excluded.push({ input: item.path, reasons: outcome.reasons });
				continue;
			}
			const { bytes, output, sopInstanceUID } = outcome;
			await pendingWrite;
			pendingWrite = writeFile(output, bytes).then(
				() => void report.written.push({ input: item.path, output, sopInstanceUID }),
				(error: unknown) => fail(item.path, describeError(error))
			);
		} catch (error) {
			fail(item.path, describeError(error));
		}
	}
	await pendingWrite;
	return report;
}

const SKIP_MESSAGES: Record<SkipReason, string> = {
	'not-dicom': 'not a DICOM file',
	empty: 'empty file',
	'bad-zip': 'not a readable ZIP archive',
	unreadable: 'cannot be read',
	dicomdir: 'a DICOMDIR (index), not an image',
	'not-in-dicomdir': 'not listed in its DICOMDIR'
};
