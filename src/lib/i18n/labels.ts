// Translated labels of the server's select values. The value lists come from the generated
// schema types, so a value added on the server without a label here fails the type check.
import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import type { CaseSection } from '$lib/cases/text-sections';
import type { Region } from '$lib/cases/types';
import type { PhiKind } from '$lib/dicom/deid/phi-types';
import type { WindowPreset } from '$lib/dicom/render/window';
import type { OutboxPhase } from '$lib/db/schema';
import type {
	CasesCategoryOptions,
	ReportsReasonOptions,
	SeriesPlaneOptions,
	UsersAcademicYearOptions,
	UsersLanguageOptions,
	UsersSpecialtyOptions
} from '$lib/pocketbase/types.generated';

type Labels<T extends string> = Record<T, () => string>;

const academicYears: Labels<UsersAcademicYearOptions> = {
	student: m.academic_year_student,
	R0: m.academic_year_R0,
	R1: m.academic_year_R1,
	R2: m.academic_year_R2,
	R3: m.academic_year_R3,
	R4: m.academic_year_R4,
	R5: m.academic_year_R5,
	attending: m.academic_year_attending
};

const specialties: Labels<UsersSpecialtyOptions> = {
	pediatric: m.specialty_pediatric,
	gynecologic_breast: m.specialty_gynecologic_breast,
	abdominal: m.specialty_abdominal,
	neuroradiology: m.specialty_neuroradiology,
	interventional: m.specialty_interventional,
	musculoskeletal: m.specialty_musculoskeletal,
	general: m.specialty_general,
	thoracic: m.specialty_thoracic,
	cardiac: m.specialty_cardiac,
	head_neck: m.specialty_head_neck,
	emergency: m.specialty_emergency,
	nuclear_medicine: m.specialty_nuclear_medicine
};

const categories: Labels<CasesCategoryOptions> = {
	abdomen: m.case_category_abdomen,
	thorax: m.case_category_thorax,
	neuroradiology: m.case_category_neuroradiology,
	musculoskeletal: m.case_category_musculoskeletal,
	head_neck: m.case_category_head_neck,
	breast: m.case_category_breast,
	cardiovascular: m.case_category_cardiovascular,
	pediatrics: m.case_category_pediatrics,
	genitourinary: m.case_category_genitourinary,
	interventional: m.case_category_interventional,
	other: m.case_category_other
};

const reportReasons: Labels<ReportsReasonOptions> = {
	phi: m.report_reason_phi,
	inaccurate: m.report_reason_inaccurate,
	inappropriate: m.report_reason_inappropriate,
	copyright: m.report_reason_copyright,
	other: m.report_reason_other
};

const languages: Labels<UsersLanguageOptions> = { es: m.language_es, en: m.language_en };

export const academicYearLabel = (value: UsersAcademicYearOptions): string => academicYears[value]();
export const specialtyLabel = (value: UsersSpecialtyOptions): string => specialties[value]();
export const categoryLabel = (value: CasesCategoryOptions): string => categories[value]();
export const languageLabel = (value: UsersLanguageOptions): string => languages[value]();
export const reportReasonLabel = (value: ReportsReasonOptions): string => reportReasons[value]();

// Regions of interest are stored as one comma-separated text (`cases.region_of_interest`, written
// by src/lib/cases/outgoing.ts from the draft's REGIONS); Couinaud segments are named with Roman
// numerals, as radiologists write them.
const COUINAUD_NUMERALS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'] as const;
const regionNames: Record<Exclude<Region, `couinaud_${number}`>, typeof m.consent_region_other> = {
	left_lobe: m.consent_region_left_lobe,
	right_lobe: m.consent_region_right_lobe,
	caudate: m.consent_region_caudate,
	whole_liver: m.consent_region_whole_liver,
	other: m.consent_region_other
};

/** regionLabel names one region value; an unknown value (an older or newer app) shows as it is. */
export function regionLabel(value: string, locale: Locale = getLocale()): string {
	const couinaud = /^couinaud_([1-8])$/.exec(value);
	if (couinaud) return m.consent_region_couinaud({ n: COUINAUD_NUMERALS[Number(couinaud[1]) - 1] }, { locale });
	const named = regionNames[value as keyof typeof regionNames];
	return named ? named({}, { locale }) : value;
}

/** regionsLabel names every region of a stored `region_of_interest`, in the reader's language. */
export function regionsLabel(stored: string, locale: Locale = getLocale()): string {
	const values = stored
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
	return new Intl.ListFormat(locale, { type: 'conjunction' }).format(values.map((v) => regionLabel(v, locale)));
}

// The sections of a case's text under their headings (src/lib/cases/text-sections.ts).
const caseSections: Labels<CaseSection> = {
	clinical_presentation: m.case_section_clinical_presentation,
	imaging_findings: m.case_section_imaging_findings,
	physiopathology: m.case_section_physiopathology,
	differential: m.case_section_differential,
	bibliography: m.case_section_bibliography
};
export const caseSectionLabel = (value: CaseSection): string => caseSections[value]();

// Authoring: planes, window presets, what the PHI firewall found, the outbox's phases.
const planes: Labels<SeriesPlaneOptions> = { axial: m.case_plane_axial, coronal: m.case_plane_coronal, sagittal: m.case_plane_sagittal, other: m.case_plane_other };
const windowPresets: Labels<WindowPreset> = {
	softTissue: m.draft_window_softTissue,
	liver: m.draft_window_liver,
	lung: m.draft_window_lung,
	bone: m.draft_window_bone,
	brain: m.draft_window_brain
};
const phiKinds: Labels<PhiKind> = { name: m.publish_kind_name, id: m.publish_kind_id, date: m.publish_kind_date, text: m.publish_kind_text };
const publishPhases: Labels<OutboxPhase> = {
	queued: m.publish_phase_queued,
	running: m.publish_phase_running,
	paused: m.publish_phase_paused,
	blocked: m.publish_phase_blocked,
	failed: m.publish_phase_failed,
	done: m.publish_phase_done
};

/** planeLabel names a plane; a value this app does not know (a newer server) reads as "other". */
export const planeLabel = (value: SeriesPlaneOptions | string): string => (planes[value as SeriesPlaneOptions] ?? m.case_plane_other)();
/** seriesLabel is a series as readers see it named: its plane, then its description. */
export const seriesLabel = (s: { plane: string; description: string }): string => (s.description ? `${planeLabel(s.plane)} · ${s.description}` : planeLabel(s.plane));
export const windowPresetLabel = (value: WindowPreset): string => windowPresets[value]();
export const phiKindLabel = (value: PhiKind): string => phiKinds[value]();
export const publishPhaseLabel = (value: OutboxPhase): string => publishPhases[value]();
