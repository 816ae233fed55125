import { describe, expect, it } from 'vitest';
import { generatePhiStudy } from '../../../../tests/fixtures/phi/generate';
import { parseDicom } from '../parse';
import { T } from '../tags';
import { readTestFile } from '../../../../tests/support/pydicom-files';
import { encodeString, writePart10 } from '../write';
import { burnedInRisk } from './burned-in';

/** instance writes a minimal dataset with these string attributes and parses it back. */
function instance(attrs: Partial<Record<keyof typeof T, string>>) {
	const dataset = Object.entries({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.2', SOPInstanceUID: '2.25.1', ...attrs }).map(([k, v]) => {
		const tag = T[k as keyof typeof T];
		const vr = k.endsWith('UID') ? 'UI' : k === 'SeriesDescription' ? 'LO' : 'CS';
		return { tag, vr, value: encodeString(vr, v!) };
	});
	return parseDicom(writePart10({ dataset, transferSyntaxUID: '1.2.840.10008.1.2.1' }));
}

describe('burnedInRisk', () => {
	it('finds nothing to fear in an ordinary CT slice', () => {
		expect(burnedInRisk(instance({ Modality: 'CT', ImageType: 'ORIGINAL\\PRIMARY\\AXIAL', BurnedInAnnotation: 'NO' }))).toEqual({ atRisk: false, reasons: [] });
		expect(burnedInRisk(parseDicom(readTestFile('CT_small.dcm'))).atRisk).toBe(false);
	});

	it('flags each reason of DESIGN.md on its own', () => {
		expect(burnedInRisk(instance({ Modality: 'CT', BurnedInAnnotation: 'YES' })).reasons).toEqual(['burned-in-annotation']);
		expect(burnedInRisk(instance({ Modality: 'CT', SOPClassUID: '1.2.840.10008.5.1.4.1.1.7' })).reasons).toEqual(['secondary-capture']);
		expect(burnedInRisk(instance({ Modality: 'SR', SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.67' })).reasons).toEqual(['dose-report']);
		expect(burnedInRisk(instance({ Modality: 'CT', SeriesDescription: 'Dose Report' })).reasons).toEqual(['dose-report']);
		expect(burnedInRisk(instance({ Modality: 'CT', ImageType: 'DERIVED\\SECONDARY\\OTHER' })).reasons).toEqual(['derived-secondary']);
		for (const m of ['US', 'XA', 'ES', 'OT']) expect(burnedInRisk(instance({ Modality: m })).reasons).toEqual([`modality:${m}`]);
		expect(burnedInRisk(instance({ Modality: 'MR', ImageType: 'DERIVED\\PRIMARY' })).atRisk).toBe(false);
	});

	it('lists every reason of the fixture dose report, and reads the SOP class from the meta when the dataset lacks it', () => {
		const study = generatePhiStudy({ slices: 1, rows: 16, columns: 16 });
		const risk = burnedInRisk(parseDicom(study.files[1].bytes));
		expect(risk.atRisk).toBe(true);
		expect(risk.reasons).toEqual(['burned-in-annotation', 'secondary-capture', 'dose-report', 'modality:OT', 'derived-secondary']);
		expect(burnedInRisk(parseDicom(study.files[0].bytes)).atRisk).toBe(false);
		expect(burnedInRisk(parseDicom(readTestFile('SC_rgb_rle.dcm'))).reasons).toContain('secondary-capture');
	});
});
