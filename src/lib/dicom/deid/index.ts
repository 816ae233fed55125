/** De-identification (PS3.15 Annex E), burned-in text risk, redaction and the PHI record: the public API. */
export { deidentify, planDeidentification, optionsOf } from './deidentify';
export type { DeidContext, DeidReport, DeidResult, PlanEntry, ReportEntry, Outcome, Reason } from './deidentify';
export { CASE_KEY_BYTES, contextFromKey } from './case-context';
export { DEFAULT_OPTIONS, PROFILE_ROWS, resolveAction, rowFor } from './profile';
export type { Action, DeidOptions, OptionName, ProfileRow, Resolution, SimpleAction } from './profile';
export { burnedInRisk } from './burned-in';
export type { BurnedInReason } from './burned-in';
export { collectPhi, mergePhi } from './phi-record';
export type { PhiHit, PhiKind, PhiRecord, PhiValue } from './phi-record';
export { phiVariants } from './phi-variants';
export { findPhi } from './phi-match';
export { derivedUid, isWellKnownUid, UidMapper } from './uids';
export { CID_7050, optionCodes } from './method';
export { redactRegions } from './redact';
export type { RedactRegion } from './redact';
