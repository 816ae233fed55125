/** The de-identification engine's inputs and outputs. */
import type { DicomDataset, DicomElement } from '../dataset';
import type { DeidOptions, SimpleAction } from './profile-types';
import type { PhiRecord } from './phi-types';

/** DeidContext is everything one case's de-identification needs besides the file. */
export interface DeidContext {
	/** options override DEFAULT_OPTIONS where given. */
	options?: Partial<DeidOptions>;
	/** secret is the per-case key: the same secret gives the same new UIDs in every worker. */
	secret: string | Uint8Array;
	/** dateOffsetDays is the per-case date shift (Retain Longitudinal Modified Dates), usually negative. */
	dateOffsetDays: number;
	/**
	 * timeOffsetSeconds is the time of day (0 ≤ s < 86 400) added after the days: times move by it
	 * modulo 24 h and dates paired with a time carry across midnight (see `dates.ts`).
	 */
	timeOffsetSeconds: number;
	/**
	 * descriptions are the author's replacement texts for cleaned descriptors, by keyword
	 * ("StudyDescription", "SeriesDescription"...). A cleaned descriptor without one is removed
	 * (or emptied / given a dummy where the profile's Basic action requires it).
	 */
	descriptions?: Readonly<Record<string, string>>;
}

/** Outcome is what happened to one attribute, for the UI summary and `cassette inspect`. */
export type Outcome =
	| 'removed'
	| 'emptied'
	| 'dummy'
	| 'kept'
	| 'replaced'
	| 'date-shifted'
	| 'uid-replaced'
	| 'recursed'
	| 'added';

/**
 * Reason says which rule decided: the profile table, the blanket rules for private tags,
 * overlays, curves and group lengths, the rule for attributes the table does not list, or the
 * attributes the engine adds to record what it did.
 */
export type Reason =
	| 'profile'
	| 'private'
	| 'overlay'
	| 'curve'
	| 'group-length'
	| 'unlisted-text'
	| 'unlisted-unknown'
	| 'unlisted-identifying'
	| 'unlisted-uid'
	| 'unlisted-date'
	| 'unlisted-safe'
	| 'allowlisted'
	| 'method';

/** PlanEntry is one attribute's fate. `oldValue` identifies the patient: show it on the device only, never send it. */
export interface PlanEntry {
	/** path locates the attribute: "(0008,1140)[0].(0008,1155)" for an attribute inside a sequence item. */
	path: string;
	tag: number;
	keyword: string;
	vr: string;
	action: SimpleAction;
	outcome: Outcome;
	reason: Reason;
	oldValue?: string;
	newValue?: string;
}

/** ReportEntry is a PlanEntry without the old value: safe to keep with the de-identified output. */
export type ReportEntry = Omit<PlanEntry, 'oldValue'>;

/** DeidReport states what was done to one instance. */
export interface DeidReport {
	sopInstanceUID: string;
	entries: ReportEntry[];
	/** counts tallies the entries by outcome. */
	counts: Partial<Record<Outcome, number>>;
}

/** DeidResult is the de-identified Part 10 file, its report, and the PHI found in the input (device only). */
export interface DeidResult {
	bytes: Uint8Array;
	report: DeidReport;
	phi: PhiRecord;
}

/** OutNode is one element of the de-identified dataset, before encoding. */
export type OutNode =
	| { tag: number; vr: string; kind: 'copy'; from: DicomDataset; element: DicomElement }
	| { tag: number; vr: string; kind: 'text'; text: string }
	| { tag: number; vr: string; kind: 'bytes'; bytes: Uint8Array }
	| { tag: number; vr: string; kind: 'sequence'; items: OutNode[][] };
