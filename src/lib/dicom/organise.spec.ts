import { describe, expect, it } from 'vitest';
import { TransferSyntax } from './dataset';
import { encodeDS, encodeIS, encodeString, encodeUS } from './encode';
import { classifyPlane, sliceNormal } from './geometry';
import { groupIntoSeries, sortFrames, sortSlices, summariseInstance, type InstanceSummary } from './organise';
import { parseDicom } from './parse';
import { T } from './tags';
import { readTestFile } from '../../../tests/support/pydicom-files';
import { writePart10, type OutElement } from './write';

const AXIAL = [1, 0, 0, 0, 1, 0];
const CORONAL = [1, 0, 0, 0, 0, -1];
const SAGITTAL = [0, 1, 0, 0, 0, -1];

/** rotated returns an orientation tilted by `deg` about the x axis from axial. */
function rotated(deg: number): number[] {
	const r = (deg * Math.PI) / 180;
	return [1, 0, 0, 0, Math.cos(r), Math.sin(r)];
}

/** shuffled is a deterministic permutation (no Math.random in tests). */
function shuffled<X>(xs: X[]): X[] {
	return xs.map((x, i) => ({ x, k: (i * 7919) % 101 })).sort((a, b) => a.k - b.k).map((p) => p.x);
}

function instance(n: number, iop: number[], along: number, extra: Partial<InstanceSummary> = {}): InstanceSummary {
	const normal = sliceNormal(iop);
	return {
		studyInstanceUID: '1.2.3',
		seriesInstanceUID: '1.2.3.4',
		sopInstanceUID: `1.2.3.4.${n}`,
		sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
		transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian,
		modality: 'CT',
		instanceNumber: n,
		imageOrientation: iop,
		imagePosition: [10 + normal[0] * along, -20 + normal[1] * along, 30 + normal[2] * along],
		frames: 1,
		...extra
	};
}

describe('classifyPlane', () => {
	it('names the plane from the dominant normal component', () => {
		expect(classifyPlane(AXIAL)).toBe('axial');
		expect(classifyPlane(CORONAL)).toBe('coronal');
		expect(classifyPlane(SAGITTAL)).toBe('sagittal');
		expect(classifyPlane(rotated(20))).toBe('axial'); // a gantry tilt is still axial
		expect(classifyPlane(rotated(70))).toBe('coronal');
		expect(classifyPlane(rotated(45))).toBe('oblique');
		expect(classifyPlane([1, 0, 0, 1, 0, 0])).toBe('oblique'); // parallel directions: no plane
		expect(classifyPlane([])).toBe('oblique');
	});

	it('classifies real files', () => {
		const ct = summariseInstance(parseDicom(readTestFile('CT_small.dcm')));
		expect(classifyPlane(ct.imageOrientation!)).toBe('axial');
	});
});

describe('sortSlices', () => {
	it.each([
		['axial', AXIAL],
		['coronal', CORONAL],
		['sagittal', SAGITTAL],
		['oblique', rotated(45)]
	])('orders %s slices along the normal whatever the file order or instance numbers', (_name, iop) => {
		// Instance numbers run against the geometry, so a number sort would give the reverse.
		const stack = Array.from({ length: 12 }, (_, k) => instance(12 - k, iop, k * 2.5));
		const sorted = sortSlices(shuffled(stack));
		expect(sorted.map((s) => s.sopInstanceUID)).toEqual(stack.map((s) => s.sopInstanceUID));
	});

	it('falls back to Instance Number when geometry is missing, without mutating the input', () => {
		const stack = Array.from({ length: 6 }, (_, k) => instance(k + 1, AXIAL, k, { imagePosition: k === 3 ? undefined : [0, 0, -k] }));
		const input = shuffled(stack);
		const copy = [...input];
		expect(sortSlices(input).map((s) => s.instanceNumber)).toEqual([1, 2, 3, 4, 5, 6]);
		expect(input).toEqual(copy);
	});
});

describe('groupIntoSeries', () => {
	it('groups by study and series, sums frames, removes duplicates', () => {
		const a = Array.from({ length: 4 }, (_, k) => instance(k + 1, AXIAL, k * 5, { seriesNumber: 2 }));
		const b = Array.from({ length: 3 }, (_, k) =>
			instance(k + 1, SAGITTAL, k, { seriesInstanceUID: '1.2.3.5', sopInstanceUID: `1.2.3.5.${k}`, seriesNumber: 1, modality: 'MR' })
		);
		const cine = instance(1, AXIAL, 0, { studyInstanceUID: '9.9', seriesInstanceUID: '9.9.1', sopInstanceUID: '9.9.1.1', frames: 40, modality: 'US', imageOrientation: undefined, imagePosition: undefined });
		const studies = groupIntoSeries(shuffled([...a, ...b, a[0], cine]));
		expect(studies.map((s) => s.studyInstanceUID).sort()).toEqual(['1.2.3', '9.9']);
		const main = studies.find((s) => s.studyInstanceUID === '1.2.3')!;
		expect(main.series.map((s) => [s.seriesInstanceUID, s.sliceCount, s.plane])).toEqual([
			['1.2.3.5', 3, 'sagittal'],
			['1.2.3.4', 4, 'axial']
		]);
		expect(main.modalities.sort()).toEqual(['CT', 'MR']);
		const us = studies.find((s) => s.studyInstanceUID === '9.9')!.series[0];
		expect(us).toMatchObject({ sliceCount: 40, multiFrame: true, plane: undefined });
	});

	it('organises generated files end to end, and an enhanced multi-frame stack by its frames', () => {
		const files = [3, 1, 2].map((k) => {
			const dataset: OutElement[] = [
				{ tag: T.SOPClassUID, vr: 'UI', value: encodeString('UI', '1.2.840.10008.5.1.4.1.1.2') },
				{ tag: T.SOPInstanceUID, vr: 'UI', value: encodeString('UI', `2.25.${k}`) },
				{ tag: T.Modality, vr: 'CS', value: encodeString('CS', 'CT') },
				{ tag: T.SeriesDescription, vr: 'LO', value: encodeString('LO', 'Chest') },
				{ tag: T.StudyInstanceUID, vr: 'UI', value: encodeString('UI', '2.25.100') },
				{ tag: T.SeriesInstanceUID, vr: 'UI', value: encodeString('UI', '2.25.101') },
				{ tag: T.InstanceNumber, vr: 'IS', value: encodeIS([10 - k]) },
				{ tag: T.ImagePositionPatient, vr: 'DS', value: encodeDS([0, 0, k * 1.25]) },
				{ tag: T.ImageOrientationPatient, vr: 'DS', value: encodeDS(AXIAL) },
				{ tag: T.Rows, vr: 'US', value: encodeUS(4) },
				{ tag: T.Columns, vr: 'US', value: encodeUS(4) }
			];
			return parseDicom(writePart10({ dataset, transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian }), { stopAtPixelData: true });
		});
		const [study] = groupIntoSeries(files.map(summariseInstance));
		expect(study.series[0].instances.map((i) => i.sopInstanceUID)).toEqual(['2.25.1', '2.25.2', '2.25.3']);
		expect(study.series[0].description).toBe('Chest');

		const z = [5, 1, 3];
		const perFrame: OutElement[][] = z.map((v) => [
			{ tag: T.PlanePositionSequence, vr: 'SQ', items: [[{ tag: T.ImagePositionPatient, vr: 'DS', value: encodeDS([0, 0, v]) }]] }
		]);
		const shared: OutElement[][] = [
			[
				{ tag: T.PixelMeasuresSequence, vr: 'SQ', items: [[{ tag: T.PixelSpacing, vr: 'DS', value: encodeDS([0.5, 0.5]) }, { tag: T.SliceThickness, vr: 'DS', value: encodeDS([2]) }]] },
				{ tag: T.PlaneOrientationSequence, vr: 'SQ', items: [[{ tag: T.ImageOrientationPatient, vr: 'DS', value: encodeDS(AXIAL) }]] }
			]
		];
		const enhanced = parseDicom(
			writePart10({
				dataset: [
					{ tag: T.SOPInstanceUID, vr: 'UI', value: encodeString('UI', '2.25.7') },
					{ tag: T.NumberOfFrames, vr: 'IS', value: encodeIS([3]) },
					{ tag: T.SharedFunctionalGroupsSequence, vr: 'SQ', items: shared },
					{ tag: T.PerFrameFunctionalGroupsSequence, vr: 'SQ', items: perFrame }
				],
				transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian
			})
		);
		const summary = summariseInstance(enhanced);
		expect(summary).toMatchObject({ frames: 3, sliceThickness: 2, pixelSpacing: [0.5, 0.5], imageOrientation: AXIAL, imagePosition: [0, 0, 5] });
		expect(sortFrames(summary)).toEqual([1, 2, 0]);
	});
});
