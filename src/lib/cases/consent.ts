/**
 * Research consent, as the portal asked it: a case whose author consents keeps its de-identified
 * DICOM on the server for the liver-lesion AI pilot. Only CT qualifies (the pilot's algorithm is
 * trained on CT), the case must hold DICOM, and an ICD-11 liver code from the bundled list is
 * required. Without consent no DICOM is ever queued for upload: `dicomToUpload` is the one gate.
 */
import { isKnownIcd11Code } from './icd11-liver';
import type { DraftCase, DraftSeries, ImageFacts } from './types';

/** CONSENT_MODALITIES are the DICOM modalities (0008,0060) the research dataset accepts. */
export const CONSENT_MODALITIES: readonly string[] = ['CT'];

/**
 * ConsentBlock is why consent cannot be offered or given, as a code the UI translates:
 * `no_dicom` (previews or photographs only), `modality_not_ct` (with the offending modalities),
 * `icd11_required`, `icd11_unknown` (not in the bundled liver list).
 */
export type ConsentBlock =
	| { code: 'no_dicom' }
	| { code: 'modality_not_ct'; modalities: string[] }
	| { code: 'icd11_required' }
	| { code: 'icd11_unknown' };

/** hasDicom is true when any image of the case carries de-identified DICOM bytes. */
export function hasDicom(images: readonly Pick<ImageFacts, 'dicom'>[]): boolean {
	return images.some((image) => image.dicom !== null && image.dicom.byteLength > 0);
}

/**
 * consentOffer says whether the consent question may be asked: null when it may, or the reason it
 * may not (so the UI can say "only CT qualifies: this case has MR").
 */
export function consentOffer(
	series: readonly Pick<DraftSeries, 'modality'>[],
	images: readonly Pick<ImageFacts, 'dicom'>[]
): ConsentBlock | null {
	if (!hasDicom(images)) return { code: 'no_dicom' };
	const others = [...new Set(series.map((s) => s.modality.trim().toUpperCase()))].filter(
		(m) => !CONSENT_MODALITIES.includes(m)
	);
	return others.length > 0 ? { code: 'modality_not_ct', modalities: others.map((m) => m || '?') } : null;
}

/** consentBlocks lists what stops a consented case from being published; [] when consent is valid or not given. */
export function consentBlocks(
	draft: Pick<DraftCase, 'researchConsent' | 'icd11Code'>,
	series: readonly Pick<DraftSeries, 'modality'>[],
	images: readonly Pick<ImageFacts, 'dicom'>[]
): ConsentBlock[] {
	if (!draft.researchConsent) return [];
	const blocks: ConsentBlock[] = [];
	const offer = consentOffer(series, images);
	if (offer) blocks.push(offer);
	const code = draft.icd11Code.trim();
	if (!code) blocks.push({ code: 'icd11_required' });
	else if (!isKnownIcd11Code(code)) blocks.push({ code: 'icd11_unknown' });
	return blocks;
}

/** dicomToUpload is true only when the case has valid research consent: the outbox never sends DICOM otherwise. */
export function dicomToUpload(
	draft: Pick<DraftCase, 'researchConsent' | 'icd11Code'>,
	series: readonly Pick<DraftSeries, 'modality'>[],
	images: readonly Pick<ImageFacts, 'dicom'>[]
): boolean {
	return draft.researchConsent && consentBlocks(draft, series, images).length === 0;
}
