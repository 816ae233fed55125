/**
 * SeriesReport: what the import did to one series, for the de-identification summary. It holds
 * the original series description, which can identify the patient: it lives in memory and on
 * the device only, never in the draft's text and never in a request.
 */
import type { Plane, SeriesDeidSummary } from '$lib/cases/types';
import type { BurnedInReason, Outcome } from '$lib/dicom/deid';
import { classifyPlane, isOrientation } from '$lib/dicom/geometry';

/** SeriesReport counts one series' instances by what happened to them. */
export interface SeriesReport {
	/** seriesId is the draft series' client id, or '' when nothing of the series was kept. */
	seriesId: string;
	modality: string;
	originalDescription: string;
	instances: number;
	/** stored is how many instances were de-identified, previewed and saved. */
	stored: number;
	/** excluded counts the instances at risk of burned-in text, left out. */
	excluded: number;
	reasons: BurnedInReason[];
	/** noPreview counts de-identified instances whose pixels could not be rendered. */
	noPreview: number;
	/** outcomes sums, over the stored instances, how many attributes were removed, emptied, replaced... */
	outcomes: Partial<Record<Outcome, number>>;
	/** redactedImages were at risk, blacked out by the author (over redactedRegions regions) and kept. */
	redactedImages: number;
	redactedRegions: number;
}

/** emptyReport starts the report of a series. */
export function emptyReport(modality: string, originalDescription: string): SeriesReport {
	return { seriesId: '', modality, originalDescription, instances: 0, stored: 0, excluded: 0, reasons: [], noPreview: 0, outcomes: {}, redactedImages: 0, redactedRegions: 0 };
}

/** summaryOf is the part of a report kept with the draft: counts and codes, without the original description. */
export function summaryOf(report: SeriesReport): SeriesDeidSummary {
	const { originalDescription: _deviceOnly, ...summary } = report;
	return { ...summary, reasons: [...summary.reasons], outcomes: { ...summary.outcomes } };
}

/** addOutcomes returns `total` plus `counts`, as a new object. */
export function addOutcomes(total: Partial<Record<Outcome, number>>, counts: Partial<Record<Outcome, number>>): Partial<Record<Outcome, number>> {
	const sum = { ...total };
	for (const [outcome, n] of Object.entries(counts) as [Outcome, number][]) sum[outcome] = (sum[outcome] ?? 0) + n;
	return sum;
}

/** addReasons returns the reasons of `known` plus the new ones of `more`, each once. */
export function addReasons(known: readonly BurnedInReason[], more: readonly BurnedInReason[]): BurnedInReason[] {
	return [...new Set([...known, ...more])];
}

/** planeOf suggests the case plane from Image Orientation (Patient); oblique or unknown is `other`. */
export function planeOf(orientation: readonly number[] | undefined): Plane {
	if (!isOrientation(orientation)) return 'other';
	const plane = classifyPlane(orientation);
	return plane === 'oblique' ? 'other' : plane;
}
