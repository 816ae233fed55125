/**
 * QIDO-RS (PS3.18 §10.6): study search and series listing, answered as small summaries. The
 * values are the patient's own: they are shown on this device only and never stored.
 */
import type { PacsConnection } from './connection';
import { DicomWebError } from './errors';
import { pacsRequest, readJsonArray, type RequestOptions } from './request';

/** StudyQuery: the search fields; empty ones are not sent. Dates are YYYY-MM-DD (an `<input type=date>`). */
export interface StudyQuery {
	patientId?: string;
	patientName?: string;
	accession?: string;
	dateFrom?: string;
	dateTo?: string;
	modality?: string;
	limit?: number;
}

export interface StudySummary {
	studyUid: string;
	date: string;
	time: string;
	description: string;
	patientName: string;
	patientId: string;
	accession: string;
	modalities: string[];
	seriesCount: number | null;
	instanceCount: number | null;
}

export interface SeriesSummary {
	seriesUid: string;
	number: number | null;
	modality: string;
	description: string;
	instanceCount: number | null;
}

type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

// Attribute tags (PS3.6): the keys of DICOM JSON objects
const TAG = {
	StudyDate: '00080020',
	StudyTime: '00080030',
	AccessionNumber: '00080050',
	ModalitiesInStudy: '00080061',
	Modality: '00080060',
	StudyDescription: '00081030',
	SeriesDescription: '0008103E',
	PatientName: '00100010',
	PatientID: '00100020',
	StudyInstanceUID: '0020000D',
	SeriesInstanceUID: '0020000E',
	SeriesNumber: '00200011',
	NumberOfStudyRelatedSeries: '00201206',
	NumberOfStudyRelatedInstances: '00201208',
	NumberOfSeriesRelatedInstances: '00201209'
} as const;

function values(item: DicomJson, tag: string): unknown[] {
	return item[tag]?.Value ?? [];
}

function text(item: DicomJson, tag: string): string {
	const first = values(item, tag)[0];
	// a PN value is an object of component groups (PS3.18 F.2.2)
	if (first && typeof first === 'object') return String((first as { Alphabetic?: string }).Alphabetic ?? '');
	return first === undefined || first === null ? '' : String(first);
}

function count(item: DicomJson, tag: string): number | null {
	const value = Number(values(item, tag)[0]);
	return Number.isFinite(value) && values(item, tag).length > 0 ? value : null;
}

/** toDicomDate turns YYYY-MM-DD into DA's YYYYMMDD. */
function toDicomDate(date: string): string {
	return date.replaceAll('-', '');
}

/** studySearchParams builds the QIDO-RS query (PS3.18 §8.3.4: matching, ranges, includefield). */
export function studySearchParams(query: StudyQuery): URLSearchParams {
	const params = new URLSearchParams();
	const add = (tag: string, value: string | undefined) => {
		if (value?.trim()) params.append(tag, value.trim());
	};
	add(TAG.PatientID, query.patientId);
	// a name without wildcards is matched as a prefix: PACS store "FAMILY^GIVEN" and people type "family"
	const name = query.patientName?.trim();
	add(TAG.PatientName, name && !/[*?]/.test(name) ? `${name}*` : name);
	add(TAG.AccessionNumber, query.accession);
	add(TAG.ModalitiesInStudy, query.modality?.toUpperCase());
	if (query.dateFrom || query.dateTo) params.append(TAG.StudyDate, `${toDicomDate(query.dateFrom ?? '')}-${toDicomDate(query.dateTo ?? '')}`);
	for (const tag of [TAG.StudyDescription, TAG.ModalitiesInStudy, TAG.NumberOfStudyRelatedSeries, TAG.NumberOfStudyRelatedInstances]) params.append('includefield', tag);
	params.append('limit', String(query.limit ?? 50));
	return params;
}

function studyOf(item: DicomJson): StudySummary {
	return {
		studyUid: text(item, TAG.StudyInstanceUID),
		date: text(item, TAG.StudyDate),
		time: text(item, TAG.StudyTime),
		description: text(item, TAG.StudyDescription),
		patientName: text(item, TAG.PatientName),
		patientId: text(item, TAG.PatientID),
		accession: text(item, TAG.AccessionNumber),
		modalities: values(item, TAG.ModalitiesInStudy).map(String),
		seriesCount: count(item, TAG.NumberOfStudyRelatedSeries),
		instanceCount: count(item, TAG.NumberOfStudyRelatedInstances)
	};
}

function seriesOf(item: DicomJson): SeriesSummary {
	return {
		seriesUid: text(item, TAG.SeriesInstanceUID),
		number: count(item, TAG.SeriesNumber),
		modality: text(item, TAG.Modality),
		description: text(item, TAG.SeriesDescription),
		instanceCount: count(item, TAG.NumberOfSeriesRelatedInstances)
	};
}

async function query(url: string, connection: PacsConnection, options: RequestOptions): Promise<DicomJson[]> {
	const response = await pacsRequest(url, connection.auth, 'application/dicom+json', options);
	const items = await readJsonArray(response, url);
	if (!items.every((item) => item !== null && typeof item === 'object')) throw new DicomWebError('not-dicomweb', `${new URL(url).origin}: not a QIDO-RS result`);
	return items as DicomJson[];
}

/** searchStudies runs a QIDO-RS study search, newest first. */
export async function searchStudies(connection: PacsConnection, studyQuery: StudyQuery, options: RequestOptions = {}): Promise<StudySummary[]> {
	const items = await query(`${connection.qidoUrl}/studies?${studySearchParams(studyQuery)}`, connection, options);
	return items
		.map(studyOf)
		.filter((s) => s.studyUid)
		.sort((a, b) => (b.date + b.time).localeCompare(a.date + a.time));
}

/** listSeries lists a study's series with their instance counts, in series-number order. */
export async function listSeries(connection: PacsConnection, studyUid: string, options: RequestOptions = {}): Promise<SeriesSummary[]> {
	const params = new URLSearchParams();
	for (const tag of [TAG.SeriesDescription, TAG.SeriesNumber, TAG.NumberOfSeriesRelatedInstances]) params.append('includefield', tag);
	const items = await query(`${connection.qidoUrl}/studies/${encodeURIComponent(studyUid)}/series?${params}`, connection, options);
	return items
		.map(seriesOf)
		.filter((s) => s.seriesUid)
		.sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity));
}

/** testConnection asks for one study: it resolves when the archive answers QIDO-RS with these credentials, and throws a DicomWebError saying why not. */
export async function testConnection(connection: PacsConnection, options: RequestOptions = {}): Promise<void> {
	try {
		await query(`${connection.qidoUrl}/studies?limit=1`, connection, options);
	} catch (error) {
		// a QIDO root takes this query: any other 4xx (Orthanc's REST root answers 400) means the URL is something else
		if (error instanceof DicomWebError && error.kind === 'http' && error.status !== undefined && error.status >= 400 && error.status < 500) {
			throw new DicomWebError('not-dicomweb', error.message, error.status);
		}
		throw error;
	}
}
