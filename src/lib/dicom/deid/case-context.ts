/**
 * case-context: the one policy that turns a case's random key into its de-identification context,
 * used by the app (a key from `crypto.getRandomValues`) and the CLI (a random key, or one derived
 * from `--seed`). The key gives the secret for the UIDs, and one offset for every date and time:
 * back between one and ten years, so a shifted date never looks current, plus a time of day.
 */
import type { DeidContext } from './engine-types';

/** MIN_SHIFT_DAYS and SHIFT_SPAN_DAYS: dates move back between one and ten years. */
const MIN_SHIFT_DAYS = 365;
const SHIFT_SPAN_DAYS = 9 * 365;
const DAY_S = 86_400;

/** CASE_KEY_BYTES is the length of a case key: 32 random bytes, the secret of the UID pseudonyms. */
export const CASE_KEY_BYTES = 32;

/** contextFromKey derives a case's context from its key (CASE_KEY_BYTES bytes): the same key, the same context. */
export function contextFromKey(key: Uint8Array, options?: DeidContext['options']): DeidContext {
	if (key.length !== CASE_KEY_BYTES) throw new RangeError(`contextFromKey: a case key has ${CASE_KEY_BYTES} bytes, not ${key.length}`);
	const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
	const secret = Array.from(key, (b) => b.toString(16).padStart(2, '0')).join('');
	const dateOffsetDays = -(MIN_SHIFT_DAYS + (view.getUint32(0) % SHIFT_SPAN_DAYS));
	const timeOffsetSeconds = view.getUint32(4) % DAY_S;
	return options ? { secret, dateOffsetDays, timeOffsetSeconds, options } : { secret, dateOffsetDays, timeOffsetSeconds };
}
