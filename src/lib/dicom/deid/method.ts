/**
 * The attributes that state what was done (PS3.15 §E.1.1, PS3.3 C.7.1.1): Patient Identity
 * Removed, De-identification Method, its Code Sequence with the CID 7050 codes of the options in
 * force, and Longitudinal Temporal Information Modified.
 */
import type { OutNode } from './engine-types';
import { optionBits } from './profile';
import type { DeidOptions, OptionName } from './profile-types';

/** CID_7050 holds the code and meaning of each option (PS3.16 CID 7050 "De-identification Method"). */
export const CID_7050 = {
	basic: ['113100', 'Basic Application Confidentiality Profile'],
	cleanPixelData: ['113101', 'Clean Pixel Data Option'],
	cleanGraphics: ['113103', 'Clean Graphics Option'],
	cleanStructuredContent: ['113104', 'Clean Structured Content Option'],
	cleanDescriptors: ['113105', 'Clean Descriptors Option'],
	retainLongitudinalFullDates: ['113106', 'Retain Longitudinal Temporal Information Full Dates Option'],
	retainLongitudinalModifiedDates: ['113107', 'Retain Longitudinal Temporal Information Modified Dates Option'],
	retainPatientCharacteristics: ['113108', 'Retain Patient Characteristics Option'],
	retainDeviceIdentity: ['113109', 'Retain Device Identity Option'],
	retainUIDs: ['113110', 'Retain UIDs Option'],
	retainSafePrivate: ['113111', 'Retain Safe Private Option'],
	retainInstitutionIdentity: ['113112', 'Retain Institution Identity Option']
} as const satisfies Record<string, readonly [string, string]>;

/** METHOD_TAGS are the attributes `methodNodes` writes; any input value of them is replaced. */
export const METHOD_TAGS = {
	PatientIdentityRemoved: 0x00120062,
	DeidentificationMethod: 0x00120063,
	DeidentificationMethodCodeSequence: 0x00120064,
	LongitudinalTemporalInformationModified: 0x00280303 // PS3.6: (0028,0303), CS
} as const;

const CodeValue = 0x00080100;
const CodingSchemeDesignator = 0x00080102;
const CodeMeaning = 0x00080104;

/** METHOD_DESCRIPTION is (0012,0063): who de-identified, and by which standard edition. */
export const METHOD_DESCRIPTION = 'Cassette: DICOM PS3.15 Annex E (2024b) Basic Profile';

/**
 * TEMPORAL_METHOD is the second value of (0012,0063) (LO, VM 1-n, at most 64 characters each)
 * under Modified Dates: the code 113107 says dates were modified, this says how — times of day
 * too, by one offset for the whole case, so intervals are true and clock times are not.
 */
export const TEMPORAL_METHOD = 'Dates and times moved by one per-case offset';

/**
 * UNCLAIMED_OPTIONS are never listed as applied: Cassette has no list of safe private
 * attributes (PS3.15 Table E.3.10-1), so with Retain Safe Private it still removes every private
 * attribute (DESIGN.md) and does not claim the option.
 */
const UNCLAIMED_OPTIONS: ReadonlySet<string> = new Set(['retainSafePrivate']);

/** optionCodes lists the CID 7050 entries for a run: the Basic Profile, then each option in force. Clean Pixel Data is added by `redactRegions`. */
export function optionCodes(options: DeidOptions): (readonly [string, string])[] {
	const codes: (readonly [string, string])[] = [CID_7050.basic];
	for (const name of Object.keys(CID_7050) as (keyof typeof CID_7050)[]) {
		if (name in options && options[name as OptionName] && !UNCLAIMED_OPTIONS.has(name)) codes.push(CID_7050[name]);
	}
	return codes;
}

/** built holds methodNodes' answer per set of option values: every instance of a study gets the same attributes. */
const built = new Map<number, readonly OutNode[]>();

/** methodNodes returns the attributes that record the de-identification, ready to merge into the top-level dataset. */
export function methodNodes(options: DeidOptions): readonly OutNode[] {
	const key = optionBits(options);
	let nodes = built.get(key);
	if (!nodes) built.set(key, (nodes = buildMethodNodes(options)));
	return nodes;
}

function buildMethodNodes(options: DeidOptions): OutNode[] {
	const temporal = options.retainLongitudinalFullDates
		? 'UNMODIFIED'
		: options.retainLongitudinalModifiedDates
			? 'MODIFIED'
			: 'REMOVED';
	const codes = optionCodes(options);
	return [
		{ tag: METHOD_TAGS.PatientIdentityRemoved, vr: 'CS', kind: 'text', text: 'YES' },
		{
			tag: METHOD_TAGS.DeidentificationMethod,
			vr: 'LO',
			kind: 'text',
			text: temporal === 'MODIFIED' ? `${METHOD_DESCRIPTION}\\${TEMPORAL_METHOD}` : METHOD_DESCRIPTION
		},
		{
			tag: METHOD_TAGS.DeidentificationMethodCodeSequence,
			vr: 'SQ',
			kind: 'sequence',
			items: codes.map(([value, meaning]) => [
				{ tag: CodeValue, vr: 'SH', kind: 'text', text: value },
				{ tag: CodingSchemeDesignator, vr: 'SH', kind: 'text', text: 'DCM' },
				{ tag: CodeMeaning, vr: 'LO', kind: 'text', text: meaning }
			])
		},
		{ tag: METHOD_TAGS.LongitudinalTemporalInformationModified, vr: 'CS', kind: 'text', text: temporal }
	];
}
