/**
 * deid-file: one file of `cassette deid`, from its bytes to its de-identified copy on disk. The
 * same function runs on the main thread and in the helper threads (deid-worker.ts), so every file
 * gets exactly the same treatment wherever it lands.
 */
import { closeSync, openSync, writevSync } from 'node:fs';
import { childPath } from './child-path';
// The engine's modules directly, not its index: the CLI starts faster without redaction and PHI matching.
import { burnedInRisk, type BurnedInReason } from '../lib/dicom/deid/burned-in';
import { deidentifyToParts, type DeidContext } from '../lib/dicom/deid/deidentify';
import { parseDicom } from '../lib/dicom/parse';

/** FileJob is what processing a file needs besides its bytes. */
export interface FileJob {
	readonly out: string;
	readonly context: DeidContext;
	readonly includeBurnedIn: boolean;
}

/**
 * ExclusionReason says why an instance was not written: a burned-in text risk, or another input
 * file of the run holding the same instance (same SOP Instance UID, so the same output name).
 */
export type ExclusionReason = BurnedInReason | 'duplicate-instance';

/** FileOutcome is one file's result (a failure is thrown). `staged` is where a helper thread wrote it, for the main thread to move to `output`. */
export type FileOutcome =
	| { kind: 'written'; output: string; sopInstanceUID: string; staged?: string }
	| { kind: 'excluded'; reasons: ExclusionReason[] };

/** Prepared is a file de-identified but not written yet: `parts` share memory with its bytes. */
export type Prepared = { kind: 'ready'; output: string; sopInstanceUID: string; parts: Uint8Array[] } | { kind: 'excluded'; reasons: ExclusionReason[] };

/**
 * prepareFile parses, checks for burned-in text and de-identifies input number `index`, whose
 * output is named by its new SOP Instance UID (or, for an instance that has none, by its number
 * in the run). It throws DicomParseError.
 */
export function prepareFile(bytes: Uint8Array, job: FileJob, index: number): Prepared {
	const file = parseDicom(bytes);
	const risk = burnedInRisk(file);
	if (risk.atRisk && !job.includeBurnedIn) return { kind: 'excluded', reasons: risk.reasons };
	const { parts, report } = deidentifyToParts(file, job.context);
	const name = report.sopInstanceUID || `no-sop-instance-uid-${index + 1}`;
	return { kind: 'ready', output: childPath(job.out, `${name}.dcm`), sopInstanceUID: report.sopInstanceUID, parts };
}

/**
 * deidentifyFile is prepareFile, then the write: to the output itself, or to `staging` (a helper
 * thread's, which the main thread then moves into place). The pixel data goes from the input
 * buffer to the file without a copy (`writev` of the writer's parts). It throws DicomParseError or
 * a file system error.
 */
export function deidentifyFile(bytes: Uint8Array, job: FileJob, index: number, staging?: string): FileOutcome {
	const prepared = prepareFile(bytes, job, index);
	if (prepared.kind === 'excluded') return prepared;
	writeParts(staging ?? prepared.output, prepared.parts);
	const outcome: FileOutcome = { kind: 'written', output: prepared.output, sopInstanceUID: prepared.sopInstanceUID };
	if (staging) outcome.staged = staging;
	return outcome;
}

/** stagingPath is where a helper thread writes input number `index` of this process's run. */
export function stagingPath(out: string, index: number): string {
	return childPath(out, `.cassette-${process.pid}-${index}.part`);
}

/** writeParts writes the parts to a new file (replacing one of the same name), looping over short writes. */
export function writeParts(path: string, parts: Uint8Array[]): void {
	const fd = openSync(path, 'w');
	try {
		let pending = parts.filter((p) => p.length > 0);
		while (pending.length > 0) {
			let written = writevSync(fd, pending);
			const rest: Uint8Array[] = [];
			for (const part of pending) {
				if (written >= part.length) written -= part.length;
				else {
					rest.push(part.subarray(written));
					written = 0;
				}
			}
			pending = rest;
		}
	} finally {
		closeSync(fd);
	}
}
