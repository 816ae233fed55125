/**
 * The vocabulary of PS3.15 Annex E: action codes, the profile options, and one row of
 * Table E.1-1. Kept apart from `profile.ts` so the generated table can import it without a cycle.
 */

/** Action is an action code of PS3.15 Table E.1-1, compound codes included (PS3.15 §E.1.1). */
export type Action = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U' | 'X/Z' | 'X/D' | 'X/Z/D' | 'Z/D' | 'X/Z/U*';

/** SimpleAction is what an attribute finally gets once options and compound codes are resolved. */
export type SimpleAction = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U';

/** DeidOptions are the Annex E options (PS3.15 §E.3); true means the option is in force. */
export interface DeidOptions {
	/** retainLongitudinalFullDates keeps dates and times unchanged (§E.3.6, CID 7050 113106). */
	retainLongitudinalFullDates: boolean;
	/** retainLongitudinalModifiedDates shifts dates by the per-case offset (§E.3.6, 113107). */
	retainLongitudinalModifiedDates: boolean;
	/** cleanDescriptors replaces free-text descriptions by the author's text, or drops them (§E.3.5, 113105). */
	cleanDescriptors: boolean;
	/** retainUIDs keeps UIDs unchanged (§E.3.9, 113110). */
	retainUIDs: boolean;
	/** retainDeviceIdentity keeps device serial numbers, names and calibration dates (§E.3.7, 113109). */
	retainDeviceIdentity: boolean;
	/** retainPatientCharacteristics keeps age, sex, size, weight... (§E.3.8, 113108). */
	retainPatientCharacteristics: boolean;
	/** retainInstitutionIdentity keeps institution names and addresses (§E.3.11, 113112). */
	retainInstitutionIdentity: boolean;
	/** cleanGraphics cleans graphic annotations; overlays and curves are removed anyway (§E.3.3, 113103). */
	cleanGraphics: boolean;
	/** cleanStructuredContent cleans SR content instead of replacing it (§E.3.4, 113104). */
	cleanStructuredContent: boolean;
	/**
	 * retainSafePrivate would keep private attributes known to be safe (§E.3.10, 113111). Cassette
	 * has no such list: every private attribute is removed whatever this says (DESIGN.md), and the
	 * option is not claimed in the De-identification Method Code Sequence.
	 */
	retainSafePrivate: boolean;
}

/** OptionName is the name of one Annex E option. */
export type OptionName = keyof DeidOptions;

/** ProfileRow is one row of Table E.1-1 (see `profile.generated.ts` for the tag forms). */
export interface ProfileRow {
	tag: string;
	keyword: string;
	name: string;
	/** vr is the PS3.6 VR ("OB/OW" when several are allowed), "" where PS3.6 lists none. */
	vr: string;
	/** basic is the Basic Profile action. */
	basic: Action;
	/** options holds the action an option substitutes for `basic` when it is in force. */
	options?: Partial<Record<OptionName, 'K' | 'C'>>;
}
