/**
 * readDicomdir: the files a DICOMDIR (PS3.3 F.5, PS3.10 §8) references, grouped by series.
 * CD/DVD exports list their images here; when the DICOMDIR is missing, unreadable or wrong the
 * caller scans the folder instead, so every failure here is `null`, never an exception.
 */
import type { DicomDataset } from './dataset';
import { parseDicom } from './parse';
import { T } from './tags';
import { getNumber, getString, getStrings } from './values';

/** DicomdirFile is one referenced file. `path` is relative to the DICOMDIR's folder, "/"-separated, as written (CD file systems are case-insensitive: match paths without case). */
export interface DicomdirFile {
	path: string;
	recordType: string;
	sopInstanceUID?: string;
	sopClassUID?: string;
	transferSyntaxUID?: string;
}

/** DicomdirSeries gathers the files of one SERIES record. */
export interface DicomdirSeries {
	studyInstanceUID?: string;
	seriesInstanceUID?: string;
	modality?: string;
	files: DicomdirFile[];
}

interface Context {
	study?: DicomDataset;
	series?: DicomDataset;
}

/** itemOffset is the file offset of a record's Item tag: directory offsets point there (PS3.3 F.3.2.1). */
function itemOffset(record: DicomDataset): number | undefined {
	const firstEl = record.elements[0];
	return firstEl ? firstEl.start - 8 : undefined;
}

/**
 * readDicomdir returns the referenced files grouped by series, following the directory's record
 * offsets; if those are missing or broken it reads the records in sequence order, as dcmtk does.
 * It returns null when the bytes are not a readable DICOMDIR.
 */
export function readDicomdir(bytes: Uint8Array): DicomdirSeries[] | null {
	let records: DicomDataset[];
	let root: number | undefined;
	try {
		// allowPartial: some writers declare a sequence longer than the file; keep the records read.
		const ds = parseDicom(bytes, { allowPartial: true }).dataset;
		const seq = ds.get(T.DirectoryRecordSequence);
		if (!seq?.items) return null;
		records = seq.items;
		root = getNumber(ds, T.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity);
	} catch {
		return null;
	}
	const ordered = followOffsets(records, root) ?? inSequence(records);
	const bySeries = new Map<DicomDataset | undefined, DicomdirSeries>();
	for (const { record, context } of ordered) {
		if (getNumber(record, T.RecordInUseFlag) === 0) continue; // an inactive record (PS3.3 F.5)
		const fileId = getStrings(record, T.ReferencedFileID).filter(Boolean);
		if (fileId.length === 0) continue;
		let group = bySeries.get(context.series);
		if (!group) {
			group = {
				studyInstanceUID: context.study && getString(context.study, T.StudyInstanceUID),
				seriesInstanceUID: context.series && getString(context.series, T.SeriesInstanceUID),
				modality: context.series && getString(context.series, T.Modality),
				files: []
			};
			bySeries.set(context.series, group);
		}
		group.files.push({
			path: fileId.join('/'),
			recordType: getString(record, T.DirectoryRecordType) ?? '',
			sopInstanceUID: getString(record, T.ReferencedSOPInstanceUIDInFile),
			sopClassUID: getString(record, T.ReferencedSOPClassUIDInFile),
			transferSyntaxUID: getString(record, T.ReferencedTransferSyntaxUIDInFile)
		});
	}
	return [...bySeries.values()];
}

interface Visit {
	record: DicomDataset;
	context: Context;
}

function withRecord(context: Context, record: DicomDataset): Context {
	const type = getString(record, T.DirectoryRecordType);
	if (type === 'STUDY') return { study: record };
	if (type === 'SERIES') return { study: context.study, series: record };
	if (type === 'PATIENT') return {};
	return context;
}

/**
 * followOffsets walks the record tree by its offsets, from the root offset or, when that is
 * wrong, from every record no other record links to. Undefined when the links do not reach
 * every record exactly once.
 */
function followOffsets(records: DicomDataset[], root: number | undefined): Visit[] | undefined {
	const at = new Map<number, DicomDataset>();
	const linked = new Set<number>();
	for (const r of records) {
		const offset = itemOffset(r);
		if (offset !== undefined) at.set(offset, r);
		linked.add(getNumber(r, T.OffsetOfTheNextDirectoryRecord) ?? 0);
		linked.add(getNumber(r, T.OffsetOfReferencedLowerLevelDirectoryEntity) ?? 0);
	}
	const fromRoots = (roots: number[]): Visit[] | undefined => {
		const visits: Visit[] = [];
		const seen = new Set<DicomDataset>();
		const walk = (offset: number, context: Context): boolean => {
			while (offset) {
				const record = at.get(offset);
				if (!record || seen.has(record)) return false;
				seen.add(record);
				const inner = withRecord(context, record);
				visits.push({ record, context: inner });
				const lower = getNumber(record, T.OffsetOfReferencedLowerLevelDirectoryEntity) ?? 0;
				if (lower && !walk(lower, inner)) return false;
				offset = getNumber(record, T.OffsetOfTheNextDirectoryRecord) ?? 0;
			}
			return true;
		};
		if (!roots.every((r) => walk(r, {}))) return undefined;
		return visits.length === records.length ? visits : undefined;
	};
	const unlinked = [...at.keys()].filter((offset) => !linked.has(offset));
	return (root ? fromRoots([root]) : undefined) ?? (unlinked.length ? fromRoots(unlinked) : undefined);
}

/** inSequence reads records in order, a STUDY or SERIES record setting the context of those after it. */
function inSequence(records: DicomDataset[]): Visit[] {
	let context: Context = {};
	return records.map((record) => {
		context = withRecord(context, record);
		return { record, context };
	});
}
