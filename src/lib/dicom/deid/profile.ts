/**
 * The Basic Application Level Confidentiality Profile (PS3.15 Annex E) as data, and the one
 * function that says what happens to an attribute: `resolveAction(tag, options)`.
 */
import { PROFILE_ROWS } from './profile.generated';
import type { Action, DeidOptions, OptionName, ProfileRow, SimpleAction } from './profile-types';

export type { Action, DeidOptions, OptionName, ProfileRow, SimpleAction } from './profile-types';
export { PROFILE_ROWS };

/**
 * DEFAULT_OPTIONS are Cassette's defaults (DESIGN.md): Retain Longitudinal Temporal Information
 * with Modified Dates, Retain Patient Characteristics, Clean Descriptors and Clean Graphics.
 */
export const DEFAULT_OPTIONS: Readonly<DeidOptions> = Object.freeze({
	retainLongitudinalFullDates: false,
	retainLongitudinalModifiedDates: true,
	cleanDescriptors: true,
	retainUIDs: false,
	retainDeviceIdentity: false,
	retainPatientCharacteristics: true,
	retainInstitutionIdentity: false,
	cleanGraphics: true,
	cleanStructuredContent: false,
	retainSafePrivate: false
});

/**
 * COMPOUND_RESOLUTION chooses one action for each compound code of PS3.15 §E.1.1 ("X/Z: X unless
 * Z is required to maintain IOD conformance", and so on). The engine does not track the Type of
 * every attribute in every IOD, so it picks the strictest form that is valid whatever the Type:
 * an empty value (Z) satisfies Type 2 and 3, a dummy (D) also satisfies Type 1. A dummy carries
 * no information about the patient, so D is as safe as X while never breaking conformance.
 */
const COMPOUND_RESOLUTION: Readonly<Record<Exclude<Action, SimpleAction>, SimpleAction>> = {
	'X/Z': 'Z',
	'X/D': 'D',
	'Z/D': 'D',
	'X/Z/D': 'D',
	'X/Z/U*': 'U'
};

/**
 * SEQUENCE_COMPOUND_RESOLUTION is the same choice for sequences. A sequence present with no item
 * is only valid where the sequence is Type 2 (PS3.5 §7.5.1; a Type 3 sequence, if present, needs
 * an item), and a "dummy" sequence would be an invented item, so removal is preferred: the
 * sequences with X/Z, X/D and X/Z/D (Referenced Study, Operator Identification, Institution Code,
 * Referenced Performed Procedure Step) are Type 3 wherever PS3.3 uses them, except those in
 * TYPE_2_SEQUENCES, which are emptied. X/Z/U* keeps the items and replaces the UIDs inside.
 */
const SEQUENCE_COMPOUND_RESOLUTION: Readonly<Record<Exclude<Action, SimpleAction>, SimpleAction>> = {
	'X/Z': 'X',
	'X/D': 'X',
	'Z/D': 'Z',
	'X/Z/D': 'X',
	'X/Z/U*': 'U'
};

/** SR_CLASSES prefixes the Structured Report SOP classes (PS3.4 Annex B). */
const SR_CLASSES = '1.2.840.10008.5.1.4.1.1.88.';

/**
 * TYPE_2_SEQUENCES are the compound-coded sequences that are Type 2 in some IODs, with the test
 * for the SOP class at hand: there they are emptied (Z), elsewhere removed. Acquisition Context
 * Sequence is Type 2 wherever its module is used (PS3.3 C.7.6.14); Referenced Performed
 * Procedure Step Sequence is Type 2 in the SR Document Series Module (PS3.3 C.17.1) and Type 3
 * in the General Study Module.
 */
const TYPE_2_SEQUENCES: Readonly<Record<string, (sopClassUID: string) => boolean>> = {
	AcquisitionContextSequence: () => true,
	ReferencedPerformedProcedureStepSequence: (sopClassUID) => sopClassUID.startsWith(SR_CLASSES)
};

/**
 * ORPHANED_BY_PROFILE are Type 1C attributes whose condition is an attribute the profile always
 * removes, so a dummy (D) would leave them present against their condition. Clinical Trial
 * Protocol Ethics Committee Name is "required if Approval Number (0012,0082) is present"
 * (PS3.3 C.7.1.3), and the Approval Number is X. They are removed instead.
 */
const ORPHANED_BY_PROFILE: ReadonlySet<string> = new Set(['ClinicalTrialProtocolEthicsCommitteeName']);

/** Resolution is what `resolveAction` decides for one attribute. */
export interface Resolution {
	/** action is the simple action to apply. */
	action: SimpleAction;
	/** listed is the table's action after options, before compound resolution. */
	listed: Action;
	/** option names the option that changed the Basic Profile action, if any. */
	option?: OptionName;
	row: ProfileRow;
}

const exact = new Map<number, ProfileRow>();
const masked: { mask: number; value: number; row: ProfileRow }[] = [];
let privateRow: ProfileRow | undefined;
for (const row of PROFILE_ROWS) {
	if (row.tag === 'private') privateRow = row;
	else if (row.tag.includes('x')) {
		masked.push({
			mask: parseInt(row.tag.replace(/[0-9A-F]/g, 'F').replace(/x/g, '0'), 16) >>> 0,
			value: parseInt(row.tag.replace(/x/g, '0'), 16) >>> 0,
			row
		});
	} else exact.set(parseInt(row.tag, 16) >>> 0, row);
}

/** rowFor returns the Table E.1-1 row that covers a tag, or undefined when the table does not list it. */
export function rowFor(tag: number): ProfileRow | undefined {
	const group = tag >>> 16;
	// Every odd group is private for the profile (PS3.5 §7.8); the illegal ones 0001-0007 and FFFF too.
	if (group & 1) return privateRow;
	const hit = exact.get(tag);
	if (hit) return hit;
	for (const m of masked) if (((tag & m.mask) >>> 0) === m.value) return m.row;
	return undefined;
}

/**
 * resolveAction says what happens to an attribute under these options, or undefined when
 * Table E.1-1 does not list it (the engine then applies its rule for unlisted attributes).
 * An option in force replaces the Basic Profile action (PS3.15 §E.3); when several apply,
 * K (a retain option the user chose) wins over C, e.g. Retain Device Identity keeps a
 * calibration date that Modified Dates would shift. `sopClassUID` (of the instance) refines the
 * choice for the few sequences whose Type depends on the IOD (TYPE_2_SEQUENCES).
 */
/**
 * decided remembers, per set of option values, the resolution of every tag whose decision depends
 * on nothing else: the slices of a series repeat the same attributes, and an engine that runs cold
 * (the CLI, once per study) pays for every lookup it repeats. Keyed by the values, not the object,
 * so an options object changed after use never meets a stale decision.
 */
const decided = new Map<number, Map<number, Resolution | null>>();
/**
 * optionBits packs the options' values into one number, a key for what depends on them alone.
 * Spelled out rather than looped over the names: it runs for every instance, and named reads are
 * what the interpreter does fast (profile.spec checks every option has its own bit).
 */
export function optionBits(o: DeidOptions): number {
	return (
		(o.retainLongitudinalFullDates ? 1 : 0) |
		(o.retainLongitudinalModifiedDates ? 2 : 0) |
		(o.cleanDescriptors ? 4 : 0) |
		(o.retainUIDs ? 8 : 0) |
		(o.retainDeviceIdentity ? 16 : 0) |
		(o.retainPatientCharacteristics ? 32 : 0) |
		(o.retainInstitutionIdentity ? 64 : 0) |
		(o.cleanGraphics ? 128 : 0) |
		(o.cleanStructuredContent ? 256 : 0) |
		(o.retainSafePrivate ? 512 : 0)
	);
}

export function resolveAction(tag: number, options: DeidOptions, sopClassUID = ''): Resolution | undefined {
	return resolveWith(decisionsFor(options), tag, options, sopClassUID);
}

/** Decisions is the memo of resolveAction for one set of option values (see decisionsFor). */
export type Decisions = Map<number, Resolution | null>;

/** decisionsFor returns the memo for these option values: a caller deciding many tags looks it up once. */
export function decisionsFor(options: DeidOptions): Decisions {
	const bits = optionBits(options);
	let known = decided.get(bits);
	if (!known) decided.set(bits, (known = new Map()));
	return known;
}

/** resolveWith is resolveAction with the memo already at hand (`known` must be decisionsFor(options)). */
export function resolveWith(known: Decisions, tag: number, options: DeidOptions, sopClassUID: string): Resolution | undefined {
	const hit = known.get(tag);
	if (hit !== undefined) return hit ?? undefined;
	const row = rowFor(tag);
	if (!row) {
		known.set(tag, null);
		return undefined;
	}
	const resolution = resolveRow(row, options, sopClassUID);
	// A Type 2 sequence's decision also depends on the SOP class: those few are not remembered.
	if (!(row.vr === 'SQ' && TYPE_2_SEQUENCES[row.keyword])) known.set(tag, resolution);
	return resolution;
}

function resolveRow(row: ProfileRow, options: DeidOptions, sopClassUID: string): Resolution {
	let listed: Action = row.basic;
	let option: OptionName | undefined;
	if (row.options) {
		for (const [name, action] of Object.entries(row.options) as [OptionName, 'K' | 'C'][]) {
			if (!options[name] || (option && listed === 'K')) continue;
			listed = action;
			option = name;
		}
	}
	const type2 = row.vr === 'SQ' && TYPE_2_SEQUENCES[row.keyword]?.(sopClassUID);
	const compound = row.vr !== 'SQ' ? COMPOUND_RESOLUTION : type2 ? { ...SEQUENCE_COMPOUND_RESOLUTION, 'X/Z/D': 'Z' as const, 'X/Z': 'Z' as const } : SEQUENCE_COMPOUND_RESOLUTION;
	let action = listed in compound ? compound[listed as keyof typeof compound] : (listed as SimpleAction);
	if (action === 'D' && ORPHANED_BY_PROFILE.has(row.keyword)) action = 'X';
	return option ? { action, listed, option, row } : { action, listed, row };
}
