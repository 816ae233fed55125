/**
 * collectPhi: the identifying values an instance holds, read before de-identification, kept on
 * the device only (in the draft) for the upload firewall (`phi-match.ts`). Which attributes
 * count is data (PHI_ATTRIBUTES); every Person Name anywhere in the dataset counts as a name, and
 * every date (DA, DT) as a date: the de-identifier shifts them all (PS3.15 §E.3.6), so the
 * firewall can tell a date it wrote (its value moved back is this attribute's own original)
 * from an original left behind, for every date attribute, not only the ones listed.
 */
import type { DicomDataset, DicomFile } from '../dataset';
import { keywordOf } from '../dictionary';
import { getStrings } from '../values';
import type { PhiKind, PhiRecord, PhiValue } from './phi-types';

export type { PhiHit, PhiKind, PhiRecord, PhiValue } from './phi-types';

/** PHI_ATTRIBUTES are the non-PN attributes whose values the firewall must never let out, by keyword. */
const PHI_ATTRIBUTES: Readonly<Record<string, Exclude<PhiKind, 'name'>>> = {
	PatientID: 'id',
	OtherPatientIDs: 'id',
	AccessionNumber: 'id',
	StudyID: 'id',
	AdmissionID: 'id',
	ServiceEpisodeID: 'id',
	MedicalRecordLocator: 'id',
	RequestedProcedureID: 'id',
	PerformedProcedureStepID: 'id',
	ScheduledProcedureStepID: 'id',
	PlacerOrderNumberImagingServiceRequest: 'id',
	FillerOrderNumberImagingServiceRequest: 'id',
	PatientBirthDate: 'date',
	StudyDate: 'date',
	SeriesDate: 'date',
	AcquisitionDate: 'date',
	ContentDate: 'date',
	AcquisitionDateTime: 'date',
	PatientAddress: 'text',
	PatientTelephoneNumbers: 'text',
	PatientTelecomInformation: 'text',
	InstitutionName: 'text',
	InstitutionAddress: 'text',
	InstitutionalDepartmentName: 'text',
	ReferringPhysicianAddress: 'text',
	ReferringPhysicianTelephoneNumbers: 'text'
};

/** MAX_DEPTH bounds the walk; the parser already bounds nesting, this only guards hand-made datasets. */
const MAX_DEPTH = 64;

function add(found: Map<string, PhiValue>, kind: PhiKind, raw: string, source: string): void {
	let value = raw.normalize('NFC').trim();
	if (kind === 'date') value = value.slice(0, 8);
	if (!value || (kind === 'date' && !/^\d{8}$/.test(value))) return;
	const key = `${kind}\u0000${value}`;
	const known = found.get(key);
	if (!known) found.set(key, { kind, value, sources: [source] });
	else if (!known.sources.includes(source)) known.sources.push(source);
}

function walk(ds: DicomDataset, found: Map<string, PhiValue>, depth: number): void {
	if (depth > MAX_DEPTH) return;
	for (const el of ds.elements) {
		if (el.items) {
			for (const item of el.items) walk(item, found, depth + 1);
			continue;
		}
		const keyword = keywordOf(el.tag);
		if (el.vr === 'PN') {
			for (const name of getStrings(ds, el.tag)) add(found, 'name', name, keyword ?? 'PN');
			continue;
		}
		const kind = keyword ? (PHI_ATTRIBUTES[keyword] ?? (el.vr === 'DA' || el.vr === 'DT' ? 'date' : undefined)) : undefined;
		if (!kind || el.fragments) continue;
		for (const v of getStrings(ds, el.tag)) add(found, kind, v, keyword!);
	}
}

/** collectPhi returns the identifying values of one instance (file meta aside: it holds no PHI), de-duplicated. */
export function collectPhi(file: DicomFile): PhiRecord {
	const found = new Map<string, PhiValue>();
	walk(file.dataset, found, 0);
	return { values: [...found.values()] };
}

/** mergePhi merges the records of a case into one, de-duplicating values and joining their sources. Inputs are not modified. */
export function mergePhi(...records: PhiRecord[]): PhiRecord {
	const found = new Map<string, PhiValue>();
	for (const record of records) {
		for (const v of record.values) for (const source of v.sources) add(found, v.kind, v.value, source);
	}
	return { values: [...found.values()] };
}
