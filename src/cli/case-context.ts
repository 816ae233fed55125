/**
 * case-context: one run of the CLI is one case: one secret (so UIDs map consistently across
 * every file of the run) and one date offset. `--seed` makes both reproducible.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DeidContext } from '../lib/dicom/deid';

/** MIN_SHIFT_DAYS and SHIFT_SPAN_DAYS: dates move back between one and ten years, so a shifted date never looks current. */
const MIN_SHIFT_DAYS = 365;
const SHIFT_SPAN_DAYS = 9 * 365;

/** caseContext returns the run's de-identification context, derived from `seed` when given, else random. */
export function caseContext(seed?: string, options?: DeidContext['options']): DeidContext {
	const key = seed === undefined ? randomBytes(32) : createHash('sha256').update(`cassette-cli-case:${seed}`).digest();
	const secret = key.toString('hex');
	const dateOffsetDays = -(MIN_SHIFT_DAYS + (key.readUInt32BE(0) % SHIFT_SPAN_DAYS));
	return { secret, dateOffsetDays, options };
}
