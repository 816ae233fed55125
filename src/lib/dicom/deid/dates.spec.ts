import { describe, expect, it } from 'vitest';
import { shiftDa, shiftDateValue, shiftDt } from './dates';

describe('date shifting', () => {
	it('shifts a DA across months, years and leap days', () => {
		expect(shiftDa('20240301', -1)).toBe('20240229');
		expect(shiftDa('20231231', 1)).toBe('20240101');
		expect(shiftDa('1961.03.15', 0)).toBe('19610315');
		expect(shiftDa('not a date', 10)).toBe('');
	});

	it('keeps the interval between two dates', () => {
		const days = -4321;
		const a = shiftDa('20200110', days);
		const b = shiftDa('20200305', days);
		const diff = (x: string) => Date.UTC(+x.slice(0, 4), +x.slice(4, 6) - 1, +x.slice(6, 8));
		expect((diff(b) - diff(a)) / 86_400_000).toBe(55);
	});

	it('shifts the date part of a DT and keeps time, fraction, offset and precision', () => {
		expect(shiftDt('20200110083015.123456+0100', 30)).toBe('20200209083015.123456+0100');
		expect(shiftDt('202001', 40)).toBe('202002');
		expect(shiftDt('2020', 400)).toBe('2021');
	});

	it('shifts every value of a multi-valued attribute and DA ranges', () => {
		expect(shiftDateValue('DA', '20200101\\20200102', 1)).toBe('20200102\\20200103');
		expect(shiftDateValue('DA', '20200101-20200131', 1)).toBe('20200102-20200201');
	});
});
