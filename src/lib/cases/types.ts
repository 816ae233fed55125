/**
 * The case domain as it lives on the device: a draft case, its series and their images.
 * Plain data (structured-clone safe, so IndexedDB stores it as is); the server's field names
 * (`pocketbase/migrations/1763769601_cases.go` ...) are used where a field is sent.
 */

import type { SeriesOcr } from './series-ocr';
import { CasesCategoryValues, SeriesPlaneValues, type CasesCategoryOptions, type SeriesPlaneOptions } from '$lib/pocketbase/types.generated';

/** CATEGORIES are the case categories: the server's `cases.category` select values, from the generated schema. */
export const CATEGORIES = CasesCategoryValues;
export type Category = CasesCategoryOptions;

/** PLANES are the series planes: the server's `series.plane` select values, from the generated schema. */
export const PLANES = SeriesPlaneValues;
export type Plane = SeriesPlaneOptions;

/** REGIONS are the liver regions of interest: Couinaud segments I–VIII, lobes, whole liver, other. */
export const REGIONS = [
	'couinaud_1',
	'couinaud_2',
	'couinaud_3',
	'couinaud_4',
	'couinaud_5',
	'couinaud_6',
	'couinaud_7',
	'couinaud_8',
	'left_lobe',
	'right_lobe',
	'caudate',
	'whole_liver',
	'other'
] as const;
export type Region = (typeof REGIONS)[number];

/** TEXT_FIELDS are the Markdown sections of a case, in the order the editor shows them. */
export const TEXT_FIELDS = [
	'content',
	'physiopathology',
	'clinical_presentation',
	'imaging_findings',
	'differential',
	'bibliography'
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** LIMITS are the server's length limits (characters), checked on the device first. */
export const LIMITS = {
	title: 100,
	markdown: 50_000,
	otherLabel: 100,
	seriesDescription: 500,
	/** previewBytes is the server's `images.preview` MaxSize (2 MB). */
	previewBytes: 2 << 20,
	/** dicomBytes is the server's `images.dicom` MaxSize (100 MB). */
	dicomBytes: 100 << 20
} as const;

/** DraftStatus: `draft` until the server confirmed every file, then `published` (upload progress lives in the outbox). */
export type DraftStatus = 'draft' | 'published';

/** DraftCase is the text and labels of one case being written. */
export interface DraftCase {
	/** clientId is generated on the device and sent as `client_id`: the idempotency key. */
	clientId: string;
	title: string;
	category: Category | '';
	content: string;
	physiopathology: string;
	clinical_presentation: string;
	imaging_findings: string;
	differential: string;
	bibliography: string;
	researchConsent: boolean;
	icd11Code: string;
	icd11Title: string;
	/**
	 * diagnosisIcd11 is the case's optional diagnosis, any ICD-11 MMS code (icd11-mms.ts), sent as
	 * `diagnosis_icd11`; absent in drafts made before it existed. Not indexed: no schema version bump.
	 */
	diagnosisIcd11?: string;
	otherLabel: string;
	/** regions is the region of interest; several may apply (sent comma-separated). */
	regions: Region[];
	phiAcknowledged: boolean;
	/** phiAcknowledgedAt is an ISO 8601 time, or '' until acknowledged. */
	phiAcknowledgedAt: string;
	status: DraftStatus;
	/** publicUrl is set once published. */
	publicUrl: string;
	createdAt: number;
	/** savedAt is the last autosave (ms since the epoch). */
	savedAt: number;
}

/** SliceRange is an inclusive range of image indexes kept from a series. */
export interface SliceRange {
	first: number;
	last: number;
}

/** DraftSeries is one series chosen for the case. */
export interface DraftSeries {
	clientId: string;
	caseId: string;
	plane: Plane;
	description: string;
	/** modality is the DICOM Modality (0008,0060), e.g. "CT"; '' for photographs. */
	modality: string;
	windowCenter: number | null;
	windowWidth: number | null;
	sliceRange: SliceRange | null;
	order: number;
	/** headerImage is the image index used as the case's header image, or null. */
	headerImage: number | null;
	/**
	 * publish is false for a series the author unticked: it stays in the draft with its images
	 * (tick it again to publish it) and the outbox leaves it out. Only deleting removes it.
	 */
	publish: boolean;
	/**
	 * ocr is on-device OCR of the series' sampled slices (series-ocr.ts); absent for photos, series
	 * reviewed at import and older drafts. Optional and not indexed: no schema version bump.
	 */
	ocr?: SeriesOcr;
}

/**
 * SeriesDeidSummary is what de-identification did to one imported series, kept with the draft:
 * counts and reason codes only (no original value, no original description), so it is safe to
 * keep and show on any screen.
 */
export interface SeriesDeidSummary {
	/** seriesId is the draft series' client id, or '' when nothing of the series was kept. */
	seriesId: string;
	modality: string;
	instances: number;
	/** stored is how many instances were de-identified, previewed and saved. */
	stored: number;
	/** excluded counts the instances at risk of burned-in text that were left out. */
	excluded: number;
	/** reasons are the burned-in risk codes ("secondary-capture", "modality:US"...). */
	reasons: string[];
	/** noPreview counts de-identified instances whose pixels could not be rendered. */
	noPreview: number;
	/** outcomes sums, over the stored instances, the attributes removed, emptied, replaced, shifted, kept... */
	outcomes: Partial<Record<string, number>>;
	/** redactedImages were flagged, blacked out by the author over `redactedRegions` regions, and kept. */
	redactedImages: number;
	redactedRegions: number;
}

/** DraftImage is one slice: its JPEG/PNG preview and, with consent, its de-identified DICOM. */
export interface DraftImage {
	clientId: string;
	caseId: string;
	seriesId: string;
	index: number;
	/** previewType is the MIME type of `preview`. */
	previewType: 'image/jpeg' | 'image/png';
	/** preview bytes: an ArrayBuffer, never a Blob (Blob storage fails in several Safari versions). */
	preview: ArrayBuffer;
	/** dicom is the de-identified Part 10 file, or null. */
	dicom: ArrayBuffer | null;
	/**
	 * values is a CT slice's companded-HU grey JPEG (the image record's `values` file readers
	 * window from, pocketbase/README.md "images.values"); absent for other images and in drafts
	 * imported before it existed. Optional and not indexed: no schema version bump.
	 */
	values?: ArrayBuffer;
}

/** ImageFacts is what validation and consent need of an image: its sizes, not its bytes (a DraftImage is one). */
export interface ImageFacts {
	clientId: string;
	seriesId: string;
	index: number;
	previewType: string;
	preview: { readonly byteLength: number };
	dicom: { readonly byteLength: number } | null;
}

/** newClientId returns a random id matching the server's `client_id` pattern `^[A-Za-z0-9_-]+$`. */
export function newClientId(): string {
	return crypto.randomUUID().replaceAll('-', '');
}

/** emptyDraft returns a new, empty draft case created at `now`. */
export function emptyDraft(now: number, clientId: string = newClientId()): DraftCase {
	return {
		clientId,
		title: '',
		category: '',
		content: '',
		physiopathology: '',
		clinical_presentation: '',
		imaging_findings: '',
		differential: '',
		bibliography: '',
		researchConsent: false,
		icd11Code: '',
		icd11Title: '',
		otherLabel: '',
		regions: [],
		phiAcknowledged: false,
		phiAcknowledgedAt: '',
		status: 'draft',
		publicUrl: '',
		createdAt: now,
		savedAt: now
	};
}
