/** The PHI record: identifying values found on the device, kept only in the draft, never sent. */

/** PhiKind says how a value is matched: names by their parts and orders, dates in many formats, the rest as written. */
export type PhiKind = 'name' | 'id' | 'date' | 'text';

/** PhiValue is one identifying value and the attributes it was found in. */
export interface PhiValue {
	kind: PhiKind;
	/** value is the decoded text (a PN keeps its "^" and "=" structure; a date is YYYYMMDD). */
	value: string;
	/** sources are the keywords of the attributes that held it ("PatientName", "OtherPatientIDs"...). */
	sources: string[];
}

/** PhiRecord is the de-duplicated PHI of one instance or, merged, of a whole case. Plain data: JSON-safe. */
export interface PhiRecord {
	values: PhiValue[];
}

/** PhiHit is one place where a PHI value (or a variant of it) was found. */
export interface PhiHit {
	kind: PhiKind;
	/** value is the recorded PHI value that matched. */
	value: string;
	/** variant is the form that was found (e.g. "15/03/1961" for the date 19610315). */
	variant: string;
	/** index is the position in the haystack (characters for a string, bytes for a Uint8Array). */
	index: number;
	/** length is the matched length in the same unit. */
	length: number;
}
