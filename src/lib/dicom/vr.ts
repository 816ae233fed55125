/**
 * Value Representation facts (PS3.5 §6.2, §7.1.2) the parser and writer share.
 */

/** LONG_VRS have a 2-byte reserved field and a 4-byte length in Explicit VR (PS3.5 Table 7.1-1). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** SHORT_VRS keep the 2-byte length form. Any other VR uses the long form (PS3.5 §7.1.2 note: future VRs will). */
const SHORT_VRS = new Set([
	'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'PN', 'SH', 'SL', 'SS', 'ST', 'TM', 'UI', 'UL', 'US'
]);

/** KNOWN_VRS is every VR of PS3.5 Table 6.2-1. */
export const KNOWN_VRS: ReadonlySet<string> = new Set([...LONG_VRS, ...SHORT_VRS]);

/** hasLongLength is true when an Explicit VR header for this VR is 12 bytes (4-byte length). */
export function hasLongLength(vr: string): boolean {
	return !SHORT_VRS.has(vr);
}

/** STRING_VRS hold character data (PS3.5 §6.2); the others are binary. */
export const STRING_VRS: ReadonlySet<string> = new Set([
	'AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT'
]);

/** TEXT_VRS are the string VRs affected by Specific Character Set (PS3.5 §6.1.2.3). */
export const TEXT_VRS: ReadonlySet<string> = new Set(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);

/** swapSizeOf returns the byte width to swap when changing endianness (PS3.5 §7.3), or 1 when none. */
export function swapSizeOf(vr: string): number {
	switch (vr) {
		case 'US': case 'SS': case 'OW': case 'AT':
			return 2;
		case 'UL': case 'SL': case 'FL': case 'OF': case 'OL':
			return 4;
		case 'FD': case 'OD': case 'SV': case 'UV': case 'OV':
			return 8;
		default:
			return 1;
	}
}

// Interned VR strings, so parsing allocates no string per element.
const VR_BY_CODE = new Map<number, string>();
for (const vr of KNOWN_VRS) VR_BY_CODE.set((vr.charCodeAt(0) << 8) | vr.charCodeAt(1), vr);

/** vrFromBytes returns the VR spelled by two bytes, or undefined if they are not two capital letters. */
export function vrFromBytes(a: number, b: number): string | undefined {
	if (a < 0x41 || a > 0x5a || b < 0x41 || b > 0x5a) return undefined;
	return VR_BY_CODE.get((a << 8) | b) ?? String.fromCharCode(a, b);
}
