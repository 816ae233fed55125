/**
 * Validation of a draft before it is published. Returns error codes per field (e.g.
 * `title_too_long`), never English text: the UI translates them. The same limits are enforced by
 * the server (`pocketbase/migrations/`); checking here gives the message offline.
 */
import { consentBlocks } from './consent';
import { seriesOcrBlock } from './series-ocr';
import {
	CATEGORIES,
	LIMITS,
	PLANES,
	REGIONS,
	TEXT_FIELDS,
	type DraftCase,
	type DraftSeries,
	type ImageFacts
} from './types';

/** ErrorCode is one validation failure, as a translation key. */
export type ErrorCode =
	| 'title_required'
	| 'title_too_long'
	| 'category_required'
	| 'category_unknown'
	| 'text_too_long'
	| 'other_label_too_long'
	| 'region_unknown'
	| 'region_required'
	| 'consent_no_dicom'
	| 'consent_modality_not_ct'
	| 'icd11_required'
	| 'icd11_unknown'
	| 'phi_ack_required'
	| 'plane_unknown'
	| 'description_too_long'
	| 'slice_range_invalid'
	| 'window_invalid'
	| 'header_image_invalid'
	| 'preview_empty'
	| 'preview_too_large'
	| 'preview_type_unknown'
	| 'dicom_too_large'
	| 'ocr_reading'
	| 'ocr_unresolved';

/**
 * ValidationErrors maps a field to its error codes. Case fields use their own names; series and
 * images use `series.<clientId>.<field>` and `image.<clientId>.<field>`.
 */
export type ValidationErrors = Record<string, ErrorCode[]>;

function add(errors: ValidationErrors, field: string, code: ErrorCode): void {
	(errors[field] ??= []).push(code);
}

/** length counts characters as the server does (code points, not UTF-16 units). */
function length(text: string): number {
	return [...text].length;
}

/** validateCase checks the case text and labels; for publishing, also consent and the PHI acknowledgement. */
export function validateCase(
	draft: DraftCase,
	series: readonly DraftSeries[],
	images: readonly ImageFacts[],
	purpose: 'save' | 'publish' = 'publish'
): ValidationErrors {
	const errors: ValidationErrors = {};
	const title = draft.title.trim();
	if (purpose === 'publish' && !title) add(errors, 'title', 'title_required');
	if (length(draft.title) > LIMITS.title) add(errors, 'title', 'title_too_long');
	if (draft.category === '') {
		if (purpose === 'publish') add(errors, 'category', 'category_required');
	} else if (!(CATEGORIES as readonly string[]).includes(draft.category)) add(errors, 'category', 'category_unknown');
	for (const field of TEXT_FIELDS) {
		if (length(draft[field]) > LIMITS.markdown) add(errors, field, 'text_too_long');
	}
	if (length(draft.otherLabel) > LIMITS.otherLabel) add(errors, 'otherLabel', 'other_label_too_long');
	if (draft.regions.some((r) => !(REGIONS as readonly string[]).includes(r))) add(errors, 'regions', 'region_unknown');
	if (purpose === 'publish') {
		for (const block of consentBlocks(draft, series, images)) {
			const field = block.code.startsWith('icd11') ? 'icd11Code' : 'researchConsent';
			add(errors, field, block.code === 'no_dicom' ? 'consent_no_dicom' : block.code === 'modality_not_ct' ? 'consent_modality_not_ct' : block.code);
		}
		if (draft.researchConsent && draft.regions.length === 0) add(errors, 'regions', 'region_required');
		if (!draft.phiAcknowledged || !draft.phiAcknowledgedAt) add(errors, 'phiAcknowledged', 'phi_ack_required');
	}
	for (const s of series) Object.assign(errors, validateSeries(s, images.filter((i) => i.seriesId === s.clientId)));
	for (const image of images) Object.assign(errors, validateImage(image));
	return errors;
}

/** validateSeries checks one series' labels, slice range, window and header image. */
export function validateSeries(series: DraftSeries, images: readonly Pick<ImageFacts, 'index'>[]): ValidationErrors {
	const errors: ValidationErrors = {};
	const at = (field: string) => `series.${series.clientId}.${field}`;
	if (!(PLANES as readonly string[]).includes(series.plane)) add(errors, at('plane'), 'plane_unknown');
	if (length(series.description) > LIMITS.seriesDescription) add(errors, at('description'), 'description_too_long');
	const r = series.sliceRange;
	if (r && (!Number.isInteger(r.first) || !Number.isInteger(r.last) || r.first < 0 || r.last < r.first)) {
		add(errors, at('sliceRange'), 'slice_range_invalid');
	}
	const w = series.windowWidth;
	const c = series.windowCenter;
	if ((w !== null && (!Number.isFinite(w) || w <= 0)) || (c !== null && !Number.isFinite(c))) {
		add(errors, at('window'), 'window_invalid');
	}
	if (series.headerImage !== null && !images.some((i) => i.index === series.headerImage)) {
		add(errors, at('headerImage'), 'header_image_invalid');
	}
	// burned-in text OCR found on a sampled slice holds the series back until boxed or vouched for (issue 17)
	const ocr = seriesOcrBlock(series.ocr);
	if (ocr) add(errors, at('ocr'), ocr);
	return errors;
}

/** validateImage checks one image's preview and DICOM sizes against the server's limits. */
export function validateImage(image: ImageFacts): ValidationErrors {
	const errors: ValidationErrors = {};
	const at = (field: string) => `image.${image.clientId}.${field}`;
	if (image.preview.byteLength === 0) add(errors, at('preview'), 'preview_empty');
	if (image.preview.byteLength > LIMITS.previewBytes) add(errors, at('preview'), 'preview_too_large');
	if (image.previewType !== 'image/jpeg' && image.previewType !== 'image/png') add(errors, at('preview'), 'preview_type_unknown');
	if (image.dicom && image.dicom.byteLength > LIMITS.dicomBytes) add(errors, at('dicom'), 'dicom_too_large');
	return errors;
}

/** isValid is true when there is no error at all. */
export function isValid(errors: ValidationErrors): boolean {
	return Object.keys(errors).length === 0;
}

/** DraftStep is a part of the draft editor a field's errors show in. */
export type DraftStep = 'text' | 'images' | 'research' | 'publish';

const RESEARCH_FIELDS = new Set(['researchConsent', 'icd11Code', 'regions', 'otherLabel']);

/** stepOf says in which part of the editor the errors of `field` (a ValidationErrors key) are shown. */
export function stepOf(field: string): DraftStep {
	if (field.startsWith('series.') || field.startsWith('image.')) return 'images';
	if (RESEARCH_FIELDS.has(field)) return 'research';
	if (field === 'phiAcknowledged') return 'publish';
	return 'text';
}

/** errorsByStep counts the error codes of each part of the editor. */
export function errorsByStep(errors: ValidationErrors): Record<DraftStep, number> {
	const counts: Record<DraftStep, number> = { text: 0, images: 0, research: 0, publish: 0 };
	for (const [field, codes] of Object.entries(errors)) counts[stepOf(field)] += codes.length;
	return counts;
}
