import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { YAMADA } from '../../../tests/fixtures/phi/encoding';
import { generatePhiStudy } from '../../../tests/fixtures/phi/generate';
import { shiftDa } from '../dicom/deid/dates';
import { deidentify } from '../dicom/deid/deidentify';
import { collectPhi, mergePhi } from '../dicom/deid/phi-record';
import { findPhi } from '../dicom/deid/phi-match';
import type { PhiRecord } from '../dicom/deid/phi-types';
import { parseDicom } from '../dicom/parse';
import { fileNameOf, imageFiles, typedCaseFields, type OutgoingFile } from './outgoing';
import { emptyDraft } from './types';
import { describeHit, scanOutgoing } from './phi-firewall';

const CHARSETS = '/usr/lib/python3/dist-packages/pydicom/data/charset_files';

const RECORD: PhiRecord = {
	values: [
		{ kind: 'name', value: 'Núñez García^María José', sources: ['PatientName'] },
		{ kind: 'id', value: '00012345', sources: ['PatientID'] },
		{ kind: 'date', value: '19610315', sources: ['PatientBirthDate'] },
		{ kind: 'text', value: 'Hospital Clínico Sur', sources: ['InstitutionName'] }
	]
};

/** The recorded values and the forms a leak would take: none may appear in a hit or a log line. */
const SECRETS = ['nunez', 'núñez', 'garcia', 'garcía', 'maria', 'maría', 'jose', 'josé', '12345', '1961', 'clinico', 'clínico'];

function expectNoEcho(value: unknown): void {
	const text = JSON.stringify(value).toLowerCase();
	for (const s of SECRETS) expect(text).not.toContain(s);
}

const field = (text: string) => scanOutgoing({ fields: { content: text } }, RECORD);

describe('scanOutgoing: text fields', () => {
	it.each([
		['the name as written', 'Paciente María José Núñez García, 62 años'],
		['upper case without accents', 'MARIA JOSE NUNEZ GARCIA'],
		['family name first with a comma', 'Nuñez Garcia, Maria Jose'],
		['DICOM ^ separators', 'núñez garcía^maría josé'],
		['one part alone', 'control por la Dra. ... paciente Núñez'],
		['glued parts, as in a file name', 'NUNEZGARCIA_MARIAJOSE_001'],
		['glued in the other order', 'mariajosenunezgarcia'],
		['ID without its leading zeros', 'NHC 12345'],
		['ID as written', 'historia 00012345'],
		['date, European', 'nacida el 15/03/1961'],
		['date, ISO with time', 'FN: 1961-03-15T08:00'],
		['date, DICOM DT', 'DT=19610315083000'],
		['date, Spanish words', '15 de marzo de 1961'],
		['date, English words', 'born March 15, 1961'],
		['institution, folded', 'Remitida desde hospital clinico sur']
	])('finds %s', (_label, text) => {
		const hits = field(text);
		expect(hits.length).toBeGreaterThan(0);
		expect(hits[0]).toMatchObject({ where: 'content', part: 'field' });
		expectNoEcho(hits);
		expectNoEcho(hits.map(describeHit));
	});

	it('says which recorded attribute leaked and where, one hit per value', () => {
		const hits = scanOutgoing({ fields: { title: 'Caso de Garcia', 'series 1 description': 'axial 15.03.1961', research_consent: true } }, RECORD);
		expect(hits).toEqual([
			{ where: 'title', part: 'field', kind: 'name', sources: ['PatientName'] },
			{ where: 'series 1 description', part: 'field', kind: 'date', sources: ['PatientBirthDate'] }
		]);
		expect(describeHit(hits[0])).toBe('name from PatientName found in title (field)');
	});

	it('lets ordinary medical Spanish and English text through', () => {
		const texts = [
			'Varón de 62 años con cirrosis por VHC. Lesión de 3,5 cm en el segmento VII con realce arterial y lavado portal (LI-RADS 5).',
			'Diagnóstico diferencial: hemangioma, hiperplasia nodular focal, adenoma, metástasis. Biopsia el 12/04/2023.',
			'Arterial phase hyperenhancement with washout and an enhancing capsule, consistent with hepatocellular carcinoma.',
			'Bibliografía: Marrero JA, Kulik LM, Sirlin CB, et al. Hepatology. 2018;68(2):723-750. https://doi.org/10.1002/hep.29913',
			'Couinaud segments I–VIII; HU 45, WW 400 WL 40; 1234 slices; clínica, josefina y maríascas no son nombres del registro.',
			'Annular pancreas; genuine T2 hyperintensity; hospital universitario; 1961 cases in the 2015 series.'
		];
		for (const text of texts) expect(field(text), text).toEqual([]);
	});

	it('scans what people type, not generated fields: an acknowledgement on the study day is not a leak', () => {
		const draft = { ...emptyDraft(0, 'c0ffee'), title: 'Quiste simple', phiAcknowledged: true, phiAcknowledgedAt: '1961-03-15T09:30:00.000Z' };
		expect(scanOutgoing({ fields: typedCaseFields(draft) }, RECORD)).toEqual([]);
		expect(scanOutgoing({ fields: typedCaseFields({ ...draft, differential: 'visto el 15/03/1961' }) }, RECORD)).toHaveLength(1);
	});

	it('is clean with no PHI record (photographs only)', () => {
		expect(scanOutgoing({ fields: { content: 'María José Núñez' } }, null)).toEqual([]);
		expect(scanOutgoing({ fields: { content: 'María José Núñez' } }, { values: [] })).toEqual([]);
	});
});

describe('scanOutgoing: files', () => {
	function jpegWithComment(comment: string): Uint8Array {
		const text = new TextEncoder().encode(comment);
		return Uint8Array.from([0xff, 0xd8, 0xff, 0xfe, 0, text.length + 2, ...text, 0xff, 0xd9]);
	}
	const file = (bytes: Uint8Array, over: Partial<OutgoingFile> = {}): OutgoingFile => ({
		where: 'image 0 preview', name: 'abc.jpg', type: 'image/jpeg', bytes, dicom: false, ...over
	});

	it('finds a name in a JPEG comment, with its byte offset', () => {
		const hits = scanOutgoing({ files: [file(jpegWithComment('GARCIA^MARIA'))] }, RECORD);
		expect(hits[0]).toMatchObject({ where: 'image 0 preview', part: 'bytes', kind: 'name', offset: 6 });
		expectNoEcho(hits);
	});

	it('finds names and dates in file names', () => {
		const hits = scanOutgoing({ files: [file(jpegWithComment('ok'), { name: 'NUNEZ_GARCIA_19610315.jpg' })] }, RECORD);
		expect(hits.map((h) => [h.part, h.kind])).toEqual([
			['name', 'name'],
			['name', 'date']
		]);
	});

	it('generated names and clean previews pass', () => {
		const image = { clientId: 'k9f2c1', caseId: 'c', seriesId: 's', index: 3, previewType: 'image/jpeg' as const, preview: jpegWithComment('Cassette').slice().buffer, dicom: new Uint8Array(8).buffer };
		expect(fileNameOf(image, 'preview')).toBe('k9f2c1.jpg');
		expect(fileNameOf({ ...image, previewType: 'image/png' }, 'preview')).toBe('k9f2c1.png');
		expect(fileNameOf(image, 'dicom')).toBe('k9f2c1.dcm');
		expect(imageFiles(image, false).map((f) => f.name)).toEqual(['k9f2c1.jpg']);
		expect(imageFiles(image, true).map((f) => f.name)).toEqual(['k9f2c1.jpg', 'k9f2c1.dcm']);
		expect(scanOutgoing({ files: imageFiles(image, true) }, RECORD)).toEqual([]);
	});
});

describe('scanOutgoing: DICOM bytes in their character sets', () => {
	const dicomFile = (name: string): OutgoingFile => ({
		where: 'image 0 dicom', name: 'x.dcm', type: 'application/dicom', bytes: new Uint8Array(readFileSync(`${CHARSETS}/${name}`)), dicom: true
	});

	it.each([
		['chrRuss.dcm', 'ISO_IR 144 (Cyrillic)'],
		['chrGreek.dcm', 'ISO_IR 126 (Greek)'],
		['chrArab.dcm', 'ISO_IR 127 (Arabic)'],
		['chrH31.dcm', 'ISO 2022 IR 87 (Japanese kanji)'],
		['chrX1.dcm', 'ISO_IR 192 (UTF-8)']
	])('%s: finds the patient name in PatientName, %s', (name) => {
		const f = dicomFile(name);
		const record = collectPhi(parseDicom(f.bytes));
		const hits = scanOutgoing({ files: [f] }, record);
		expect(hits.some((h) => h.part === 'attribute' && h.attribute === 'PatientName' && h.kind === 'name')).toBe(true);
	});

	it('reads names that raw UTF-8/Latin-1 byte matching cannot see', () => {
		const f = dicomFile('chrRuss.dcm');
		const record: PhiRecord = { values: collectPhi(parseDicom(f.bytes)).values.filter((v) => v.sources.includes('PatientName')) };
		expect(record.values).toHaveLength(1);
		expect(findPhi(f.bytes, record)).toEqual([]);
		expect(scanOutgoing({ files: [f] }, record).map((h) => h.attribute)).toContain('PatientName');
	});

	it('finds a name inside a sequence item that has its own character set', () => {
		const f = dicomFile('chrSQEncoding.dcm');
		const record: PhiRecord = { values: [{ kind: 'name', value: '山田^太郎', sources: ['PatientName'] }] };
		const hits = scanOutgoing({ files: [f] }, record);
		expect(hits.map((h) => h.attribute)).toContain('RequestedProcedureCodeSequence[0].PatientName');
	});

	it('ignores recorded values without a letter or digit (an empty name "^^^^" is in every file)', () => {
		const f = dicomFile('chrGreek.dcm');
		const record = collectPhi(parseDicom(f.bytes));
		expect(record.values.some((v) => v.value === '^^^^')).toBe(true);
		const hits = scanOutgoing({ files: [f] }, record);
		expect(hits.map((h) => h.sources)).not.toContainEqual(['ReferringPhysicianName']);
		// what is flagged in the original file is its patient's name and ID, and its (unshifted) dates
		expect(hits.every((h) => h.kind === 'date' || h.sources.includes('PatientName') || h.sources.includes('PatientID'))).toBe(true);
	});

	it('passes the de-identified output of a real CT, and flags the original', () => {
		const original = new Uint8Array(readFileSync('/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm'));
		const parsed = parseDicom(original);
		const { bytes, phi } = deidentify(parsed, { secret: 'case-secret', dateOffsetDays: -400, timeOffsetSeconds: 45_296 });
		expect(phi.values.length).toBeGreaterThan(2);
		const as = (b: Uint8Array): OutgoingFile => ({ where: 'image 0 dicom', name: 'a.dcm', type: 'application/dicom', bytes: b, dicom: true });
		expect(scanOutgoing({ files: [as(bytes)] }, phi)).toEqual([]);
		const hits = scanOutgoing({ files: [as(original)] }, phi);
		expect(hits.map((h) => h.attribute)).toEqual(expect.arrayContaining(['PatientName', 'PatientID']));
	});

	it('still scans bytes that do not parse as DICOM', () => {
		const bytes = new TextEncoder().encode('DICM garbage Núñez García^María José');
		const hits = scanOutgoing({ files: [{ ...dicomFile('chrX1.dcm'), bytes }] }, RECORD);
		expect(hits.some((h) => h.part === 'bytes' && h.kind === 'name')).toBe(true);
	});
});

describe('scanOutgoing: the PHI-laden fixture study (every Table E.1-1 attribute, three character sets)', () => {
	const study = generatePhiStudy({ slices: 2, rows: 48, columns: 40 });
	const parsed = study.files.map((f) => parseDicom(f.bytes));
	const record = mergePhi(...parsed.map(collectPhi));
	const asFile = (bytes: Uint8Array, name: string, i: number): OutgoingFile => ({ where: `file ${i}`, name, type: 'application/dicom', bytes, dicom: true });

	it('flags every original file, its name and its patient attributes', () => {
		study.files.forEach((f, i) => {
			const hits = scanOutgoing({ files: [asFile(f.bytes, f.name, i)] }, record);
			const attributes = new Set(hits.map((h) => h.attribute));
			expect(hits.some((h) => h.part === 'name'), f.name).toBe(true);
			for (const a of ['PatientName', 'PatientID', 'PatientBirthDate', 'AccessionNumber']) expect(attributes, `${i} ${a}`).toContain(a);
			expectNoEcho(hits);
		});
	});

	it('reads the ISO 2022 IR 87 operator name that a UTF-8/Latin-1 byte search misses', () => {
		// the fourth file is the ISO 2022 IR 87 one (see phi-fixture.spec.ts)
		const i = 3;
		expect(new TextDecoder('latin1').decode(study.files[i].bytes)).toContain(YAMADA.ideographic);
		const kanji: PhiRecord = { values: [{ kind: 'name', value: '山田^太郎', sources: ['OperatorsName'] }] };
		expect(findPhi(study.files[i].bytes, kanji)).toEqual([]);
		const attributes = scanOutgoing({ files: [asFile(study.files[i].bytes, 'x.dcm', i)] }, kanji).map((h) => h.attribute);
		expect(attributes).toContain('OperatorsName');
	});

	it('passes every de-identified output with its generated name', () => {
		parsed.forEach((file, i) => {
			const { bytes } = deidentify(file, { secret: 'fixture', dateOffsetDays: -30, timeOffsetSeconds: 45_296 });
			expect(scanOutgoing({ files: [asFile(bytes, `c0ffee${i}.dcm`, i)] }, record, { dateOffsetDays: -30 })).toEqual([]);
		});
	});

	it('tells every shifted date from an original, although the fixture dates lie one day apart: each lands on another attribute\'s original', () => {
		// Fixture dates are consecutive days, so with any offset shorter than their span a shifted
		// date equals some other attribute's original (TemplateVersion onto StudyDate, and so on).
		for (const offset of [-30, -400, -1]) {
			parsed.forEach((file, i) => {
				const { bytes } = deidentify(file, { secret: 'fixture', dateOffsetDays: offset, timeOffsetSeconds: 45_296 });
				const blind = scanOutgoing({ files: [asFile(bytes, `c0ffee${i}.dcm`, i)] }, record);
				if (i === 0) expect(blind.filter((h) => h.kind === 'date').length, `offset ${offset}: the collisions are real`).toBeGreaterThan(0);
				expect(scanOutgoing({ files: [asFile(bytes, `c0ffee${i}.dcm`, i)] }, record, { dateOffsetDays: offset }), `offset ${offset}`).toEqual([]);
			});
		}
	});
});

describe('scanOutgoing: a DT whose shifted date and time of day spell another original date', () => {
	// Every fixture DT is "<date>083015.250000". A time offset that moves 08:30:15 to 20:01:14 makes
	// the shifted DT "…20" + "200114.25": its digits spell 20200114, an original date, from the
	// seventh digit on. Seen once in CI (pacs.e2e: ApprovalStatusDateTime spelled AdmittingDate).
	const study = generatePhiStudy({ slices: 1, rows: 16, columns: 16 });
	const parsed = parseDicom(study.files[0].bytes);
	const record = mergePhi(...study.files.map((f) => collectPhi(parseDicom(f.bytes))));
	const spelled = '20200114';
	const offset = -400;
	const seconds = 20 * 3600 + 1 * 60 + 14 - (8 * 3600 + 30 * 60 + 15);
	const { bytes } = deidentify(parsed, { secret: 'spelled', dateOffsetDays: offset, timeOffsetSeconds: seconds });
	const as = (b: Uint8Array): OutgoingFile => ({ where: 'image 0 dicom', name: 'a.dcm', type: 'application/dicom', bytes: b, dicom: true });
	const text = new TextDecoder('latin1').decode(bytes);

	it('the digits are really there, inside a DT after its shifted day 20', () => {
		expect(record.values.some((v) => v.kind === 'date' && v.value === spelled)).toBe(true);
		expect(text).toMatch(new RegExp(`\\d{6}20${spelled.slice(2)}\\.25`));
	});

	it('passes: a day and a time of day are not a date', () => {
		expect(scanOutgoing({ files: [as(bytes)] }, record, { dateOffsetDays: offset })).toEqual([]);
	});

	it('an original date written as a DT\'s date is still caught, also beside such a run', () => {
		const at = text.search(new RegExp(`\\d{6}20${spelled.slice(2)}\\.25`));
		const leftover = bytes.slice();
		leftover.set(new TextEncoder().encode(spelled), at);
		const hits = scanOutgoing({ files: [as(leftover)] }, record, { dateOffsetDays: offset });
		expect(hits.length).toBe(1);
		expect(hits[0]).toMatchObject({ part: 'attribute', kind: 'date' });
	});
});

describe('scanOutgoing: dates the de-identifier wrote vs original dates left behind', () => {
	// CT_small: StudyDate and InstanceCreationDate 20040119; SeriesDate, AcquisitionDate and ContentDate 19970430.
	// The PHI record collects the first four, not InstanceCreationDate.
	const original = new Uint8Array(readFileSync('/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm'));
	const days = (a: string, b: string) => (Date.UTC(+b.slice(0, 4), +b.slice(4, 6) - 1, +b.slice(6)) - Date.UTC(+a.slice(0, 4), +a.slice(4, 6) - 1, +a.slice(6))) / 86_400_000;
	// The per-case offset that moves the study date exactly onto the series' original date: one day
	// less and 20 hours, so every time (07:27 to 11:30) passes midnight and every date carries a day.
	const offset = days('20040119', '19970430') - 1;
	const { bytes, phi } = deidentify(parseDicom(original), { secret: 'collision', dateOffsetDays: offset, timeOffsetSeconds: 72_000 });
	const as = (b: Uint8Array): OutgoingFile => ({ where: 'image 0 dicom', name: 'a.dcm', type: 'application/dicom', bytes: b, dicom: true });
	const ascii = (text: string) => new TextEncoder().encode(text);
	/** replaceAll swaps every occurrence of an 8-byte date in the file (same length: the dataset stays valid). */
	const replaceAll = (b: Uint8Array, from: string, to: string) => {
		const out = b.slice();
		const [f, t] = [ascii(from), ascii(to)];
		for (let i = 0; i + f.length <= out.length; i++) if (f.every((x, k) => out[i + k] === x)) out.set(t, i);
		return out;
	};

	it('the collision is real: the shifted study date equals the recorded series date, and without the offset it blocks', () => {
		expect(shiftDa('20040119', offset + 1)).toBe('19970430');
		expect(new TextDecoder().decode(bytes)).toContain('19970430');
		expect(phi.values.find((v) => v.value === '19970430')?.sources).toEqual(expect.arrayContaining(['SeriesDate', 'ContentDate']));
		const hits = scanOutgoing({ files: [as(bytes)] }, phi);
		expect(hits.map((h) => h.attribute)).toEqual(['InstanceCreationDate', 'StudyDate']);
	});

	it('with the case offset, the dates the de-identifier wrote pass (a recorded attribute and one the record does not collect)', () => {
		expect(scanOutgoing({ files: [as(bytes)] }, phi, { dateOffsetDays: offset })).toEqual([]);
	});

	it('a shifted date landing on the birth date passes too', () => {
		const shift = -400;
		const out = deidentify(parseDicom(original), { secret: 'birth', dateOffsetDays: shift, timeOffsetSeconds: 45_296 });
		const withBirth: PhiRecord = { values: [...out.phi.values, { kind: 'date', value: shiftDa('20040119', shift), sources: ['PatientBirthDate'] }] };
		expect(scanOutgoing({ files: [as(out.bytes)] }, withBirth).map((h) => h.attribute)).toEqual(['InstanceCreationDate', 'StudyDate']);
		expect(scanOutgoing({ files: [as(out.bytes)] }, withBirth, { dateOffsetDays: shift })).toEqual([]);
	});

	it('an original date left unshifted in its element is still caught, even when it equals another attribute\'s shifted date', () => {
		// the series, acquisition and content dates put back as they were: 19970430 is also what StudyDate was shifted to
		const leftover = replaceAll(bytes, shiftDa('19970430', offset + 1), '19970430');
		const hits = scanOutgoing({ files: [as(leftover)] }, phi, { dateOffsetDays: offset });
		expect(hits.map((h) => h.attribute).sort()).toEqual(['AcquisitionDate', 'ContentDate', 'SeriesDate']);
		expect(hits.every((h) => h.kind === 'date' && h.part === 'attribute')).toBe(true);
	});

	it('an original date in a text field, a file name or a preview is caught whatever the offset', () => {
		const preview: OutgoingFile = { where: 'image 0 preview', name: 'p.jpg', type: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xfe, 0, 12, ...ascii('19970430'), 0xff, 0xd9]), dicom: false };
		const hits = scanOutgoing({ fields: { content: 'TC del 30/04/1997' }, files: [preview, { ...as(bytes), name: 'ct_19970430.dcm' }] }, phi, { dateOffsetDays: offset });
		expect(hits.map((h) => [h.where, h.part])).toEqual([
			['content', 'field'],
			['image 0 preview', 'bytes'],
			['image 0 dicom', 'name']
		]);
	});
});
