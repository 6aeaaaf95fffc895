import { describe, expect, it } from 'vitest';
import { inPeriod, parsePeriod, periodLabel, periodOf, previousPeriod, requirePeriod, today } from './periods';

describe('periods', () => {
	it('reads every key type with its first and last day', () => {
		expect(parsePeriod('2026')).toMatchObject({ type: 'year', from: '2026-01-01', to: '2026-12-31' });
		expect(parsePeriod('2026h2')).toMatchObject({ key: '2026H2', from: '2026-07-01', to: '2026-12-31' });
		expect(parsePeriod('2026Q1')).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
		expect(parsePeriod('2028-02')).toMatchObject({ from: '2028-02-01', to: '2028-02-29' });
		expect(parsePeriod('2026-02')!.to).toBe('2026-02-28');
	});

	it('names nothing for bad keys, and requirePeriod says so', () => {
		for (const bad of ['2026Q5', '2026-13', '2026-00', 'abc', '', '26Q1']) expect(parsePeriod(bad)).toBeNull();
		expect(() => requirePeriod('2026Q9')).toThrow(/VALIDATION/);
	});

	it('finds the period of a date and the one before', () => {
		expect(periodOf('quarter', '2026-05-17').key).toBe('2026Q2');
		expect(periodOf('half', '2026-07-01').key).toBe('2026H2');
		expect(previousPeriod(parsePeriod('2026Q1')!).key).toBe('2025Q4');
		expect(previousPeriod(parsePeriod('2026-01')!).key).toBe('2025-12');
		expect(inPeriod('2026-03-31', parsePeriod('2026Q1')!)).toBe(true);
		expect(inPeriod('2026-04-01', parsePeriod('2026Q1')!)).toBe(false);
	});

	it('today is the date in Việt Nam (UTC+7)', () => {
		expect(today(new Date('2026-03-31T18:00:00Z'))).toBe('2026-04-01');
		expect(today(new Date('2026-03-31T16:59:00Z'))).toBe('2026-03-31');
	});

	it('labels periods as officials write them', () => {
		expect(periodLabel(parsePeriod('2026Q1')!, 'vi')).toBe('Quý 1/2026');
		expect(periodLabel(parsePeriod('2026H1')!, 'vi')).toBe('6 tháng đầu năm 2026');
		expect(periodLabel(parsePeriod('2026-03')!, 'en')).toBe('March 2026');
	});
});
