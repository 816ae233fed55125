/**
 * case-context: one run of the CLI is one case: one key, so one secret (UIDs map consistently
 * across every file of the run) and one date and time offset, by the app's own policy
 * (`contextFromKey`). `--seed` makes the key, and so the run, reproducible.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CASE_KEY_BYTES, contextFromKey } from '../lib/dicom/deid/case-context';
import type { DeidContext } from '../lib/dicom/deid';

/** caseContext returns the run's de-identification context, derived from `seed` when given, else random. */
export function caseContext(seed?: string, options?: DeidContext['options']): DeidContext {
	const key = seed === undefined ? randomBytes(CASE_KEY_BYTES) : createHash('sha256').update(`cassette-cli-case:${seed}`).digest();
	return contextFromKey(new Uint8Array(key.buffer, key.byteOffset, key.byteLength), options);
}
