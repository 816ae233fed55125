/**
 * What leaves the device for a case, in the server's field names: the PHI firewall scans exactly
 * these values and the outbox sends exactly these, so nothing is sent that was not scanned.
 * Uploaded files get generated names (`<client id>.jpg`, `.png`, `.dcm`), never the original
 * ones, which often hold the patient's name.
 */
import { plainImage } from './plain-image';
import type { DraftCase, DraftImage, DraftSeries } from './types';

/** OutgoingFile is one file as it will be uploaded. `where` names it for firewall reports ("image 3 preview"). */
export interface OutgoingFile {
	where: string;
	name: string;
	type: string;
	bytes: Uint8Array;
	/** dicom marks a Part 10 file, scanned attribute by attribute too. */
	dicom: boolean;
	/** field is the image record's file field it is uploaded as (`preview`, `values` or `dicom`). */
	field?: 'preview' | 'values' | 'dicom';
}

/**
 * GENERATED_CASE_FIELDS are case fields the device generates (a random id, the clock): nobody
 * types them, so they cannot carry recorded PHI, and the acknowledgement time would otherwise
 * clash with a study date of the same day.
 */
export const GENERATED_CASE_FIELDS: readonly string[] = ['client_id', 'phi_acknowledged_at'];

/** typedCaseFields returns the case fields a person wrote or chose: the ones the PHI firewall scans. */
export function typedCaseFields(draft: DraftCase): Record<string, string | boolean> {
	return Object.fromEntries(Object.entries(caseFields(draft)).filter(([k]) => !GENERATED_CASE_FIELDS.includes(k)));
}

/** caseFields returns the `cases` record fields sent for a draft (author and status are added by the outbox). */
export function caseFields(draft: DraftCase): Record<string, string | boolean> {
	return {
		client_id: draft.clientId,
		title: draft.title.trim(),
		category: draft.category,
		content: draft.content,
		physiopathology: draft.physiopathology,
		clinical_presentation: draft.clinical_presentation,
		imaging_findings: draft.imaging_findings,
		differential: draft.differential,
		bibliography: draft.bibliography,
		research_consent: draft.researchConsent,
		icd11_code: draft.researchConsent ? draft.icd11Code.trim() : '',
		icd11_title: draft.researchConsent ? draft.icd11Title : '',
		diagnosis_icd11: (draft.diagnosisIcd11 ?? '').trim(),
		other_label: draft.otherLabel,
		region_of_interest: draft.regions.join(','),
		phi_acknowledged: draft.phiAcknowledged,
		phi_acknowledged_at: draft.phiAcknowledgedAt
	};
}

/** seriesFields returns the `series` record fields sent for a series (the case relation is added by the outbox). */
export function seriesFields(series: DraftSeries, sliceCount: number): Record<string, string | number> {
	const fields: Record<string, string | number> = {
		client_id: series.clientId,
		plane: series.plane,
		description: series.description,
		modality: series.modality,
		slice_count: sliceCount,
		order: series.order
	};
	if (series.windowCenter !== null) fields.window_center = series.windowCenter;
	if (series.windowWidth !== null) fields.window_width = series.windowWidth;
	return fields;
}

/** seriesToPublish returns the series the author left ticked, in their order: unticked ones stay in the draft only. */
export function seriesToPublish<S extends Pick<DraftSeries, 'publish'>>(series: readonly S[]): S[] {
	return series.filter((s) => s.publish !== false);
}

/** inSliceRange is true when the image is kept by its series' slice range (no range keeps all). */
export function inSliceRange(series: Pick<DraftSeries, 'sliceRange'>, image: Pick<DraftImage, 'index'>): boolean {
	const r = series.sliceRange;
	return !r || (image.index >= r.first && image.index <= r.last);
}

/** fileNameOf is the generated upload name of an image's preview or DICOM. */
export function fileNameOf(image: Pick<DraftImage, 'clientId' | 'previewType'>, part: 'preview' | 'dicom'): string {
	if (part === 'dicom') return `${image.clientId}.dcm`;
	return `${image.clientId}.${image.previewType === 'image/png' ? 'png' : 'jpg'}`;
}

/** previewBytes is an image's preview as it leaves the device: with no metadata, whatever browser encoded it. */
export function previewBytes(image: Pick<DraftImage, 'preview' | 'previewType'>): Uint8Array {
	return plainImage(new Uint8Array(image.preview), image.previewType);
}

/** imageFiles returns the files uploaded for one image: its preview, and its DICOM only when `withDicom` (valid research consent). */
export function imageFiles(image: DraftImage, withDicom: boolean): OutgoingFile[] {
	const files: OutgoingFile[] = [
		{
			where: `image ${image.index} preview`,
			name: fileNameOf(image, 'preview'),
			type: image.previewType,
			bytes: previewBytes(image),
			dicom: false,
			field: 'preview'
		}
	];
	// A CT slice's HU values leave stripped of metadata like its preview, and the firewall scans them too.
	if (image.values) {
		files.push({ where: `image ${image.index} values`, name: `${image.clientId}-values.jpg`, type: 'image/jpeg', bytes: plainImage(new Uint8Array(image.values), 'image/jpeg'), dicom: false, field: 'values' });
	}
	if (withDicom && image.dicom) {
		files.push({ where: `image ${image.index} dicom`, name: fileNameOf(image, 'dicom'), type: 'application/dicom', bytes: new Uint8Array(image.dicom), dicom: true, field: 'dicom' });
	}
	return files;
}
