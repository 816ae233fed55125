/**
 * dicomdir-plan: which files of a CD/DVD export its DICOMDIR vouches for (PS3.10 §8, PS3.3 F.5).
 * A DICOMDIR that is readable and whose every referenced file is present is trusted: its files
 * are imported and the other files of its folder are left out (viewer programs, autorun junk).
 * A DICOMDIR that is missing, unreadable or references absent files is ignored and the folder is
 * scanned file by file, as if it had none.
 */
import { readDicomdir } from '../dicom/dicomdir';
import type { RawEntry } from './types';

/** isDicomdirPath is true for a file named DICOMDIR (any case, ISO 9660 ";1" version allowed). */
export function isDicomdirPath(path: string): boolean {
	return normalisePath(basename(path)) === 'dicomdir';
}

function basename(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

function dirname(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash < 0 ? '' : path.slice(0, slash);
}

/** normalisePath compares paths as a CD does: without case, without the ISO 9660 version suffix or a trailing dot. */
function normalisePath(path: string): string {
	return path
		.split('/')
		.map((part) => part.replace(/;\d+$/, '').replace(/\.$/, ''))
		.join('/')
		.toLowerCase();
}

/** DicomdirPlan says, for the entries under trusted DICOMDIRs, which are left out. */
export interface DicomdirPlan {
	/** excluded are files under a trusted DICOMDIR's folder that it does not reference. */
	readonly excluded: ReadonlySet<RawEntry>;
	/** trusted counts the DICOMDIRs whose records were used. */
	readonly trusted: number;
}

/** planFromDicomdirs reads every DICOMDIR among `entries` and returns the files their records leave out. */
export async function planFromDicomdirs(entries: readonly RawEntry[]): Promise<DicomdirPlan> {
	const excluded = new Set<RawEntry>();
	let trusted = 0;
	for (const dicomdir of entries.filter((e) => isDicomdirPath(e.path))) {
		let series;
		try {
			series = readDicomdir(new Uint8Array(await dicomdir.read()));
		} catch {
			series = null;
		}
		if (!series) continue;
		const folder = dirname(dicomdir.path);
		const prefix = folder ? `${folder}/` : '';
		const under = entries.filter((e) => e !== dicomdir && e.path.startsWith(prefix));
		const byPath = new Map(under.map((e) => [normalisePath(e.path.slice(prefix.length)), e]));
		const referenced = series.flatMap((s) => s.files.map((f) => byPath.get(normalisePath(f.path))));
		if (referenced.length === 0 || referenced.some((e) => e === undefined)) continue;
		trusted++;
		const keep = new Set(referenced);
		for (const e of under) if (!keep.has(e) && !isDicomdirPath(e.path)) excluded.add(e);
	}
	return { excluded, trusted };
}
