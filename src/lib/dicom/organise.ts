/**
 * Organise instances into studies and series, order slices and summarise series
 * (PS3.3 C.7.6.2 geometry, C.7.6.16 enhanced multi-frame functional groups).
 * Works on small summaries, so a study is organised without keeping its files in memory.
 */
import type { DicomDataset, DicomFile } from './dataset';
import { classifyPlane, isOrientation, sliceNormal, slicePosition, type Plane } from './geometry';
import { T } from './tags';
import { getNumber, getNumbers, getSequence, getString } from './values';

/** InstanceSummary is what organising needs from one instance (one file). */
export interface InstanceSummary {
	studyInstanceUID: string;
	seriesInstanceUID: string;
	sopInstanceUID: string;
	sopClassUID: string;
	transferSyntaxUID: string;
	modality: string;
	studyDate?: string;
	/** studyDescription and seriesDescription are the originals: shown on the device only, never uploaded. */
	studyDescription?: string;
	seriesDescription?: string;
	seriesNumber?: number;
	instanceNumber?: number;
	imagePosition?: number[];
	imageOrientation?: number[];
	rows?: number;
	columns?: number;
	frames: number;
	sliceThickness?: number;
	pixelSpacing?: number[];
	/** framePositions holds each frame's Image Position (Patient) in an enhanced multi-frame object. */
	framePositions?: number[][];
}

function first(ds: DicomDataset | undefined, seq: number): DicomDataset | undefined {
	return ds ? getSequence(ds, seq)[0] : undefined;
}

/** functionalValue reads a value from the shared functional groups, else from the first frame's (PS3.3 C.7.6.16). */
function functionalNumbers(ds: DicomDataset, macro: number, tag: number): number[] | undefined {
	const shared = first(first(ds, T.SharedFunctionalGroupsSequence), macro);
	const perFrame = first(first(ds, T.PerFrameFunctionalGroupsSequence), macro);
	for (const item of [shared, perFrame]) {
		const v = item ? getNumbers(item, tag) : [];
		if (v.length) return v;
	}
	return undefined;
}

const nonEmpty = (v: number[]) => (v.length ? v : undefined);

/** summariseInstance extracts an InstanceSummary from a parsed file (the header is enough: parse with stopAtPixelData). */
export function summariseInstance(file: DicomFile): InstanceSummary {
	const ds = file.dataset;
	const frames = Math.max(1, Math.trunc(getNumber(ds, T.NumberOfFrames) ?? 1));
	const perFrame = getSequence(ds, T.PerFrameFunctionalGroupsSequence);
	const framePositions = perFrame.map((f) => getNumbers(first(f, T.PlanePositionSequence) ?? f, T.ImagePositionPatient));
	const enhanced = perFrame.length > 0;
	return {
		studyInstanceUID: getString(ds, T.StudyInstanceUID) ?? '',
		seriesInstanceUID: getString(ds, T.SeriesInstanceUID) ?? '',
		sopInstanceUID: getString(ds, T.SOPInstanceUID) ?? (file.meta ? getString(file.meta, T.MediaStorageSOPInstanceUID) : undefined) ?? '',
		sopClassUID: getString(ds, T.SOPClassUID) ?? (file.meta ? getString(file.meta, T.MediaStorageSOPClassUID) : undefined) ?? '',
		transferSyntaxUID: file.transferSyntaxUID,
		modality: getString(ds, T.Modality) ?? '',
		studyDate: getString(ds, T.StudyDate) || undefined,
		studyDescription: getString(ds, T.StudyDescription) || undefined,
		seriesDescription: getString(ds, T.SeriesDescription) || undefined,
		seriesNumber: getNumber(ds, T.SeriesNumber),
		instanceNumber: getNumber(ds, T.InstanceNumber),
		imagePosition: nonEmpty(getNumbers(ds, T.ImagePositionPatient)) ?? (enhanced && framePositions[0].length ? framePositions[0] : undefined),
		imageOrientation: nonEmpty(getNumbers(ds, T.ImageOrientationPatient)) ?? (enhanced ? functionalNumbers(ds, T.PlaneOrientationSequence, T.ImageOrientationPatient) : undefined),
		rows: getNumber(ds, T.Rows),
		columns: getNumber(ds, T.Columns),
		frames,
		sliceThickness: getNumber(ds, T.SliceThickness) ?? (enhanced ? functionalNumbers(ds, T.PixelMeasuresSequence, T.SliceThickness)?.[0] : undefined),
		pixelSpacing: nonEmpty(getNumbers(ds, T.PixelSpacing)) ?? (enhanced ? functionalNumbers(ds, T.PixelMeasuresSequence, T.PixelSpacing) : undefined),
		framePositions: enhanced && framePositions.every((p) => p.length >= 3) ? framePositions : undefined
	};
}

/** sortSlices orders instances along the slice normal (IOP row × column · IPP); without usable geometry, by Instance Number. It returns a new array. */
export function sortSlices<S extends InstanceSummary>(instances: readonly S[]): S[] {
	const iop = instances[0]?.imageOrientation;
	const byNumber = (a: S, b: S) =>
		(a.instanceNumber ?? Infinity) - (b.instanceNumber ?? Infinity) || (a.sopInstanceUID < b.sopInstanceUID ? -1 : a.sopInstanceUID > b.sopInstanceUID ? 1 : 0);
	const geometric = isOrientation(iop) && instances.every((i) => i.imagePosition && i.imagePosition.length >= 3);
	if (!geometric) return [...instances].sort(byNumber);
	const normal = sliceNormal(iop);
	const keyed = instances.map((i) => ({ i, at: slicePosition(i.imagePosition!, normal) }));
	return keyed.sort((a, b) => a.at - b.at || byNumber(a.i, b.i)).map((k) => k.i);
}

/** sortFrames returns the frame indices (0-based) of a multi-frame instance in slice order; frames without positions keep their order. */
export function sortFrames(instance: InstanceSummary): number[] {
	const order = Array.from({ length: instance.frames }, (_, k) => k);
	const positions = instance.framePositions;
	if (!positions || positions.length !== instance.frames || !isOrientation(instance.imageOrientation)) return order;
	const normal = sliceNormal(instance.imageOrientation);
	const at = positions.map((p) => slicePosition(p, normal));
	return order.sort((a, b) => at[a] - at[b] || a - b);
}

/** Series groups the instances of one series, in slice order, with what the UI shows about it. */
export interface Series<S extends InstanceSummary = InstanceSummary> {
	seriesInstanceUID: string;
	modality: string;
	seriesNumber?: number;
	/** description is the original Series Description, for the device only. */
	description?: string;
	instances: S[];
	/** sliceCount counts images: instances, or the frames of multi-frame instances. */
	sliceCount: number;
	/** multiFrame is true when the series is a stack of frames (enhanced CT/MR, ultrasound cine...). */
	multiFrame: boolean;
	plane: Plane | undefined;
	rows?: number;
	columns?: number;
	sliceThickness?: number;
	pixelSpacing?: number[];
}

/** Study groups series by Study Instance UID. */
export interface Study<S extends InstanceSummary = InstanceSummary> {
	studyInstanceUID: string;
	studyDate?: string;
	description?: string;
	modalities: string[];
	series: Series<S>[];
}

function summariseSeries<S extends InstanceSummary>(uid: string, members: S[]): Series<S> {
	const instances = sortSlices(members);
	const head = instances[0];
	const iop = instances.find((i) => isOrientation(i.imageOrientation))?.imageOrientation;
	return {
		seriesInstanceUID: uid,
		modality: head.modality,
		seriesNumber: head.seriesNumber,
		description: head.seriesDescription,
		instances,
		sliceCount: instances.reduce((n, i) => n + i.frames, 0),
		multiFrame: instances.some((i) => i.frames > 1),
		plane: iop ? classifyPlane(iop) : undefined,
		rows: head.rows,
		columns: head.columns,
		sliceThickness: head.sliceThickness,
		pixelSpacing: head.pixelSpacing
	};
}

/**
 * groupIntoSeries groups instances into studies and series (by their UIDs), each series in slice
 * order. An instance seen twice (same SOP Instance UID, e.g. via DICOMDIR and a folder scan)
 * is kept once. Studies come by date, series by Series Number; it never mutates its input.
 */
export function groupIntoSeries<S extends InstanceSummary>(summaries: readonly S[]): Study<S>[] {
	const studies = new Map<string, Map<string, S[]>>();
	const seen = new Set<string>();
	for (const s of summaries) {
		if (s.sopInstanceUID) {
			if (seen.has(s.sopInstanceUID)) continue;
			seen.add(s.sopInstanceUID);
		}
		let series = studies.get(s.studyInstanceUID);
		if (!series) studies.set(s.studyInstanceUID, (series = new Map()));
		const list = series.get(s.seriesInstanceUID);
		if (list) list.push(s);
		else series.set(s.seriesInstanceUID, [s]);
	}
	const out: Study<S>[] = [];
	for (const [studyUID, seriesMap] of studies) {
		const series = [...seriesMap].map(([uid, members]) => summariseSeries(uid, members));
		series.sort((a, b) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity) || (a.seriesInstanceUID < b.seriesInstanceUID ? -1 : 1));
		const head = series[0].instances[0];
		out.push({
			studyInstanceUID: studyUID,
			studyDate: head.studyDate,
			description: head.studyDescription,
			modalities: [...new Set(series.map((s) => s.modality).filter(Boolean))],
			series
		});
	}
	return out.sort((a, b) => (a.studyDate ?? '').localeCompare(b.studyDate ?? '') || (a.studyInstanceUID < b.studyInstanceUID ? -1 : 1));
}
