/**
 * The rule for attributes Table E.1-1 does not list (it lists what is known to identify; a
 * newer or vendor attribute may identify too). An unlisted attribute whose VR can carry free
 * text is removed unless it is on TEXT_ALLOWLIST (or, where the IOD needs it present, given a dummy
 * or emptied: TEXT_DUMMIED, TEXT_EMPTIED); an unlisted UID is replaced like a listed
 * one (well-known UIDs survive, see `uids.ts`); an unlisted date or time is treated like a listed one;
 * a UN value (unknown content) is removed; everything else (codes, numbers, binary data such as
 * Pixel Data) is kept, as it is needed to display the image.
 */
import type { Reason } from './engine-types';
import type { SimpleAction } from './profile-types';

/** FREE_TEXT_VRS can hold free text, so an unlisted attribute of these VRs may hold a name (PS3.5 Table 6.2-1). */
export const FREE_TEXT_VRS: ReadonlySet<string> = new Set(['AE', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UR', 'UT']);

/**
 * TEXT_ALLOWLIST: unlisted text attributes kept because displaying or interpreting the image
 * needs them, each with its reason. Coded values come from controlled terminologies, not from
 * the patient; the others are Type 1 or 2 in the image IODs Cassette meets (removing them would
 * make the output non-conformant) and describe the equipment or the pixel values.
 */
export const TEXT_ALLOWLIST: Readonly<Record<string, string>> = {
	CodeValue: 'Code Sequence Macro (PS3.3 Table 8.8-1): a code from a terminology',
	CodingSchemeDesignator: 'Code Sequence Macro',
	CodingSchemeVersion: 'Code Sequence Macro',
	CodeMeaning: 'Code Sequence Macro: the terminology\'s meaning of the code',
	LongCodeValue: 'Code Sequence Macro',
	URNCodeValue: 'Code Sequence Macro',
	Manufacturer: 'General Equipment Module, Type 2',
	ManufacturerModelName: 'Enhanced General Equipment Module, Type 1',
	SoftwareVersions: 'Enhanced General Equipment Module, Type 1',
	PositionReferenceIndicator: 'Frame of Reference Module, Type 2 (an anatomical landmark)',
	RescaleType: 'Modality LUT: the unit of the pixel values (HU...)',
	ModalityLUTType: 'Modality LUT Sequence item, Type 1',
	LUTExplanation: 'VOI LUT: the name of a window preset',
	WindowCenterWidthExplanation: 'VOI LUT: the name of a window preset',
	ConvolutionKernel: 'CT Image Module: the reconstruction kernel',
	FilterType: 'CT Image Module',
	ReceiveCoilName: 'MR Image Module',
	TransmitCoilName: 'MR Image Module',
	SequenceName: 'MR Image Module: the pulse sequence',
	PulseSequenceName: 'Enhanced MR Image Module, Type 1C',
	ContrastBolusRoute: 'Contrast/Bolus Module',
	SegmentLabel: 'Segment Description Macro, Type 1: the name of a segmented structure ("Liver")',
	SegmentAlgorithmName: 'Segmentation Image Module, Type 1C: the software that segmented'
};

/**
 * TEXT_DUMMIED: unlisted free text that a content item or annotation must have (Type 1C, PS3.3
 * C.17.3 Document Content Macro, C.10.10 Waveform Annotation): its value is replaced by a dummy
 * rather than removed, so the item stays valid and the text is gone.
 */
export const TEXT_DUMMIED: ReadonlySet<string> = new Set(['TextValue', 'UnformattedTextValue']);

/** TEXT_EMPTIED: unlisted free text that is Type 2 where it is used (Content Identification Macro, PS3.3 Table 10-12): emptied rather than removed. */
export const TEXT_EMPTIED: ReadonlySet<string> = new Set(['ContentDescription']);

/**
 * IDENTIFYING_UNLISTED are unlisted attributes removed whatever their VR: the Encrypted Attributes
 * Sequence holds the original identifying attributes, encrypted for re-identification (PS3.15
 * §E.1.1 and Annex D); a teaching case must not carry them, whoever holds the key.
 */
export const IDENTIFYING_UNLISTED: ReadonlySet<string> = new Set(['EncryptedAttributesSequence']);

/** unlistedAction returns the action for an attribute the table does not list, and the reason to report. */
export function unlistedAction(
	keyword: string | undefined,
	vr: string,
	isSequence: boolean,
	dates: 'keep' | 'shift' | 'remove'
): { action: SimpleAction; reason: Extract<Reason, `unlisted-${string}` | 'allowlisted'> } {
	if (keyword && IDENTIFYING_UNLISTED.has(keyword)) return { action: 'X', reason: 'unlisted-identifying' };
	if (vr === 'UN') return { action: 'X', reason: 'unlisted-unknown' };
	if (isSequence) return { action: 'K', reason: 'unlisted-safe' };
	if (vr === 'UI') return { action: 'U', reason: 'unlisted-uid' };
	// A time of day is treated like a date: the moment of a scan identifies as much as its day.
	if (vr === 'DA' || vr === 'DT' || vr === 'TM') return { action: dates === 'keep' ? 'K' : dates === 'shift' ? 'C' : 'X', reason: 'unlisted-date' };
	if (FREE_TEXT_VRS.has(vr)) {
		if (keyword && keyword in TEXT_ALLOWLIST) return { action: 'K', reason: 'allowlisted' };
		if (keyword && TEXT_DUMMIED.has(keyword)) return { action: 'D', reason: 'unlisted-text' };
		return { action: keyword && TEXT_EMPTIED.has(keyword) ? 'Z' : 'X', reason: 'unlisted-text' };
	}
	return { action: 'K', reason: 'unlisted-safe' };
}
