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

/** FileOutcome is one file's result (a failure is thrown). */
export type FileOutcome = { kind: 'written'; output: string; sopInstanceUID: string } | { kind: 'excluded'; reasons: BurnedInReason[] };

/**
 * deidentifyFile parses, checks for burned-in text, de-identifies and writes one file named by its
 * new SOP Instance UID. The pixel data goes from the input buffer to the file without a copy
 * (`writev` of the writer's parts). It throws DicomParseError or a file system error.
 */
export function deidentifyFile(bytes: Uint8Array, job: FileJob): FileOutcome {
	const file = parseDicom(bytes);
	const risk = burnedInRisk(file);
	if (risk.atRisk && !job.includeBurnedIn) return { kind: 'excluded', reasons: risk.reasons };
	const { parts, report } = deidentifyToParts(file, job.context);
	const output = childPath(job.out, `${report.sopInstanceUID}.dcm`);
	writeAll(output, parts);
	return { kind: 'written', output, sopInstanceUID: report.sopInstanceUID };
}

/** writeAll writes the parts to a new file (replacing one of the same name), looping over short writes. */
function writeAll(path: string, parts: Uint8Array[]): void {
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
