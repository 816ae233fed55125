import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, optionBits, PROFILE_ROWS, resolveAction, rowFor, type DeidOptions } from './profile';

/** The source of the generated table: PS3.15 Table E.1-1 as extracted by innolitics/dicom-standard (see ../shared/dicom-standard/README.md). */
const SOURCE = resolve(import.meta.dirname, '../../../../../shared/dicom-standard/confidentiality_profile_attributes.json');
const OPTION_COLUMNS: Record<string, keyof DeidOptions> = {
	rtnSafePrivOpt: 'retainSafePrivate',
	rtnUIDsOpt: 'retainUIDs',
	rtnDevIdOpt: 'retainDeviceIdentity',
	rtnInstIdOpt: 'retainInstitutionIdentity',
	rtnPatCharsOpt: 'retainPatientCharacteristics',
	rtnLongFullDatesOpt: 'retainLongitudinalFullDates',
	rtnLongModifDatesOpt: 'retainLongitudinalModifiedDates',
	cleanDescOpt: 'cleanDescriptors',
	cleanStructContOpt: 'cleanStructuredContent',
	cleanGraphOpt: 'cleanGraphics'
};
const NONE: DeidOptions = Object.fromEntries(Object.keys(DEFAULT_OPTIONS).map((k) => [k, false])) as unknown as DeidOptions;
const only = (name: keyof DeidOptions): DeidOptions => ({ ...NONE, [name]: true });
const t = (hex: string) => parseInt(hex, 16) >>> 0;

describe('the generated profile', () => {
	const source: Record<string, string>[] = JSON.parse(readFileSync(SOURCE, 'utf8'));

	it('has every row of Table E.1-1 with its Basic Profile action and option actions', () => {
		expect(PROFILE_ROWS).toHaveLength(621);
		expect(source).toHaveLength(621);
		for (const row of source) {
			const hex = /^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/.exec(row.tag);
			const generated = hex ? rowFor(t(hex[1] + hex[2])) : PROFILE_ROWS.find((r) => r.name.replace(/\s/g, '') === row.name.replace(/\s|\(seeNote\d+\)/g, ''));
			expect(generated, row.tag).toBeDefined();
			expect(generated!.basic, row.tag).toBe(row.basicProfile);
			const options = Object.fromEntries(Object.entries(OPTION_COLUMNS).filter(([col]) => col in row).map(([col, name]) => [name, row[col]]));
			expect(generated!.options ?? {}, row.tag).toEqual(options);
		}
	});
});

describe('optionBits', () => {
	it('gives every option its own bit, so remembered decisions never mix option sets', () => {
		const none = Object.fromEntries(Object.keys(DEFAULT_OPTIONS).map((name) => [name, false])) as unknown as DeidOptions;
		const bits = Object.keys(DEFAULT_OPTIONS).map((name) => optionBits({ ...none, [name]: true }));
		expect(optionBits(none)).toBe(0);
		expect(bits.every((b) => b !== 0 && (b & (b - 1)) === 0)).toBe(true);
		expect(new Set(bits).size).toBe(Object.keys(DEFAULT_OPTIONS).length);
	});
});

describe('resolveAction', () => {
	it('gives the Basic Profile action when no option is on', () => {
		expect(resolveAction(t('00100010'), NONE)!.action).toBe('Z'); // Patient's Name
		expect(resolveAction(t('00101040'), NONE)!.action).toBe('X'); // Patient's Address
		expect(resolveAction(t('00080018'), NONE)!.action).toBe('U'); // SOP Instance UID
		expect(resolveAction(t('0040A123'), NONE)!.action).toBe('D'); // Person Name
	});

	it('lets an option in force replace the Basic Profile action', () => {
		expect(resolveAction(t('00101010'), only('retainPatientCharacteristics'))).toMatchObject({ action: 'K', option: 'retainPatientCharacteristics' });
		expect(resolveAction(t('00080020'), only('retainLongitudinalModifiedDates'))!.action).toBe('C');
		expect(resolveAction(t('00080020'), only('retainLongitudinalFullDates'))!.action).toBe('K');
		expect(resolveAction(t('0008103E'), only('cleanDescriptors'))!.action).toBe('C');
		expect(resolveAction(t('00080080'), only('retainInstitutionIdentity'))!.action).toBe('K');
		expect(resolveAction(t('00181000'), only('retainDeviceIdentity'))!.action).toBe('K');
		expect(resolveAction(t('0020000D'), only('retainUIDs'))!.action).toBe('K');
	});

	it('prefers a retain option (K) over a clean option (C) when both apply', () => {
		const both = { ...NONE, retainDeviceIdentity: true, retainLongitudinalModifiedDates: true };
		expect(resolveAction(t('00181200'), both)).toMatchObject({ action: 'K', option: 'retainDeviceIdentity' }); // Date of Last Calibration
		expect(resolveAction(t('00181200'), only('retainLongitudinalModifiedDates'))!.action).toBe('C');
	});

	it('resolves compound actions to the strictest form that keeps the object conformant', () => {
		expect(resolveAction(t('00100020'), NONE)).toMatchObject({ listed: 'Z/D', action: 'D' }); // Patient ID
		expect(resolveAction(t('00080080'), NONE)).toMatchObject({ listed: 'X/Z/D', action: 'D' }); // Institution Name
		expect(resolveAction(t('00181030'), NONE)).toMatchObject({ listed: 'X/D', action: 'D' }); // Protocol Name
		expect(resolveAction(t('00080022'), NONE)).toMatchObject({ listed: 'X/Z', action: 'Z' }); // Acquisition Date
		expect(resolveAction(t('00081140'), NONE)).toMatchObject({ listed: 'X/Z/U*', action: 'U' }); // Referenced Image Sequence
		expect(resolveAction(t('00081110'), NONE)).toMatchObject({ listed: 'X/Z', action: 'X' }); // Referenced Study Sequence, Type 3
		expect(resolveAction(t('00400555'), NONE)).toMatchObject({ listed: 'X/Z', action: 'Z' }); // Acquisition Context Sequence, Type 2
		expect(resolveAction(t('00081072'), NONE)).toMatchObject({ listed: 'X/D', action: 'X' }); // Operator Identification Sequence
		const pps = t('00081111');
		expect(resolveAction(pps, NONE, '1.2.840.10008.5.1.4.1.1.2')!.action).toBe('X');
		expect(resolveAction(pps, NONE, '1.2.840.10008.5.1.4.1.1.88.22')!.action).toBe('Z');
		expect(resolveAction(t('00120081'), NONE)).toMatchObject({ listed: 'D', action: 'X' }); // orphaned 1C
	});

	it('covers the wildcard rows: curves, overlay data and comments, private attributes', () => {
		expect(resolveAction(t('50003000'), NONE)!.row.name).toBe('Curve Data');
		expect(resolveAction(t('501E0022'), NONE)!.action).toBe('X');
		expect(resolveAction(t('60023000'), NONE)!.row.keyword).toBe('OverlayData');
		expect(resolveAction(t('60004000'), NONE)!.row.keyword).toBe('OverlayComments');
		expect(resolveAction(t('60000010'), NONE)).toBeUndefined(); // Overlay Rows: not a row; removed by the engine's overlay rule
		expect(resolveAction(t('00091001'), NONE)).toMatchObject({ action: 'X', row: { tag: 'private' } });
		expect(resolveAction(t('00091001'), only('retainSafePrivate'))!.action).toBe('C');
		expect(resolveAction(t('00280010'), NONE)).toBeUndefined(); // Rows: not listed
	});

	it('lists the command-group rows too (never present in stored files)', () => {
		expect(resolveAction(t('00001000'), NONE)!.action).toBe('X');
		expect(resolveAction(t('00001001'), NONE)!.action).toBe('U');
		expect(resolveAction(t('00020003'), NONE)!.action).toBe('U');
	});
});
