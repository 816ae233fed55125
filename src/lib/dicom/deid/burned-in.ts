/**
 * burnedInRisk: does this instance probably show identifying text in its pixels? Such images are
 * excluded by default; the caller decides (DESIGN.md: the contributor may include them only
 * after blacking out regions). Header facts only, pixels are never looked at.
 */
import type { DicomFile } from '../dataset';
import { T } from '../tags';
import { getStrings } from '../values';

/** BurnedInReason is a stable code the UI translates; "modality:US" names the modality. */
export type BurnedInReason =
	| 'burned-in-annotation'
	| 'secondary-capture'
	| 'dose-report'
	| 'derived-secondary'
	| `modality:${string}`;

/** RISKY_MODALITIES print patient data into the image as a matter of course (ultrasound, angiography, endoscopy, other). */
const RISKY_MODALITIES: ReadonlySet<string> = new Set(['US', 'XA', 'ES', 'OT']);

/** SECONDARY_CAPTURE_CLASSES are the Secondary Capture SOP classes (PS3.4 Annex B): screenshots, scanned documents. */
const SECONDARY_CAPTURE_CLASSES: ReadonlySet<string> = new Set([
	'1.2.840.10008.5.1.4.1.1.7',
	'1.2.840.10008.5.1.4.1.1.7.1',
	'1.2.840.10008.5.1.4.1.1.7.2',
	'1.2.840.10008.5.1.4.1.1.7.3',
	'1.2.840.10008.5.1.4.1.1.7.4'
]);

/** DOSE_REPORT_CLASSES are the radiation dose SR SOP classes (PS3.4 Annex B). */
const DOSE_REPORT_CLASSES: ReadonlySet<string> = new Set([
	'1.2.840.10008.5.1.4.1.1.88.67', // X-Ray Radiation Dose SR
	'1.2.840.10008.5.1.4.1.1.88.68', // Radiopharmaceutical Radiation Dose SR
	'1.2.840.10008.5.1.4.1.1.88.73', // Patient Radiation Dose SR
	'1.2.840.10008.5.1.4.1.1.88.75', // Acquisition Context SR
	'1.2.840.10008.5.1.4.1.1.88.76' // Enhanced X-Ray Radiation Dose SR
]);

/** DOSE_SCREEN matches the description of a scanner's dose summary page ("Dose Report", "DOSE INFO"). */
const DOSE_SCREEN = /\bdose\b/i;

/** burnedInRisk lists the reasons an instance may carry burned-in text; no reason means not at risk. */
export function burnedInRisk(file: DicomFile): { atRisk: boolean; reasons: BurnedInReason[] } {
	const ds = file.dataset;
	const first = (tag: number) => getStrings(ds, tag)[0]?.toUpperCase() ?? '';
	const reasons: BurnedInReason[] = [];

	if (first(T.BurnedInAnnotation) === 'YES') reasons.push('burned-in-annotation');
	const sopClass = first(T.SOPClassUID) || (file.meta ? getStrings(file.meta, T.MediaStorageSOPClassUID)[0] ?? '' : '');
	if (SECONDARY_CAPTURE_CLASSES.has(sopClass)) reasons.push('secondary-capture');
	const imageType = getStrings(ds, T.ImageType).map((v) => v.toUpperCase());
	const described = `${getStrings(ds, T.SeriesDescription).join(' ')} ${imageType.join(' ')}`;
	if (DOSE_REPORT_CLASSES.has(sopClass) || DOSE_SCREEN.test(described)) reasons.push('dose-report');
	const modality = first(T.Modality);
	if (RISKY_MODALITIES.has(modality)) reasons.push(`modality:${modality}`);
	if (imageType[0] === 'DERIVED' && imageType[1] === 'SECONDARY') reasons.push('derived-secondary');
	return { atRisk: reasons.length > 0, reasons };
}
