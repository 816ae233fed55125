import { describe, expect, it } from 'vitest';
import { carryOf, shiftDa, shiftDt, shiftTemporalValue, shiftTm, type TemporalOffset } from './dates';

/** instant reads "YYYYMMDD" + "HHMMSS" as seconds since 1970, to measure intervals. */
const instant = (date: string, time: string) =>
	Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +time.slice(0, 2), +time.slice(2, 4), +time.slice(4, 6)) / 1000;

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

	it('shifts a DT as one instant: carries across midnight, keeps fraction and UTC offset, and the precision of a date without time', () => {
		expect(shiftDt('20200110083015.123456+0100', { days: 30, seconds: 0 })).toBe('20200209083015.123456+0100');
		expect(shiftDt('20200110233000', { days: 30, seconds: 3600 })).toBe('20200210003000');
		expect(shiftDt('2020011023', { days: -1, seconds: 7200 })).toBe('20200110010000');
		expect(shiftDt('202001', { days: 40, seconds: 5000 })).toBe('202002');
		expect(shiftDt('2020', { days: 400, seconds: 5000 })).toBe('2021');
		expect(shiftDt('20200110xx', { days: 1, seconds: 1 })).toBe('');
	});

	it('moves a TM by the time of day modulo 24 h, to the second, and says when it passes midnight', () => {
		expect(shiftTm('083015', 3600)).toBe('093015');
		expect(shiftTm('233000.25', 3600)).toBe('003000.25');
		expect(shiftTm('10', 600)).toBe('101000');
		expect(shiftTm('10:20:30', 30)).toBe('102100');
		expect(shiftTm('2561', 0)).toBe('');
		expect(carryOf('233000', 3600)).toBe(1);
		expect(carryOf('083000', 3600)).toBe(0);
		expect(carryOf('garbage', 3600)).toBe(0);
	});

	it('shifts every value of a multi-valued attribute and DA and TM ranges', () => {
		const offset: TemporalOffset = { days: 1, seconds: 60 };
		expect(shiftTemporalValue('DA', '20200101\\20200102', offset)).toBe('20200102\\20200103');
		expect(shiftTemporalValue('DA', '20200101-20200131', offset)).toBe('20200102-20200201');
		expect(shiftTemporalValue('TM', '080000-235930', offset)).toBe('080100-000030');
		expect(shiftTemporalValue('DA', '20200101\\20200102', offset, '120000\\235930')).toBe('20200102\\20200104');
	});

	it('keeps every interval between DA/TM pairs and DTs exact to the second, across midnight', () => {
		const offset: TemporalOffset = { days: -3000, seconds: 86_399 };
		const pairs = [
			['20191231', '235959'],
			['20200101', '000000'],
			['20200101', '120000.5'],
			['20200229', '000001']
		];
		const moved = pairs.map(([d, t]) => [shiftTemporalValue('DA', d, offset, t), shiftTemporalValue('TM', t, offset)]);
		for (let i = 0; i < pairs.length; i++) {
			expect(instant(moved[i][0], moved[i][1]) - instant(pairs[i][0], pairs[i][1])).toBe(offset.days * 86_400 + offset.seconds);
			const dt = shiftDt(pairs[i][0] + pairs[i][1], offset);
			expect(dt).toBe(moved[i][0] + moved[i][1]);
		}
	});
});
