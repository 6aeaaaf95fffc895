import { describe, expect, test } from 'vitest';
import { addCalendarDays, addWorkingDays, holidaysAround, isWeekend, workingDaysBetween } from './workdays';
import { createTestDatabase, testDrivers } from './testing/db';

const none = new Set<string>();

describe('working days', () => {
	test('weekends are skipped and the day of receipt does not count', () => {
		expect(isWeekend('2026-03-07')).toBe(true); // Saturday
		expect(isWeekend('2026-03-09')).toBe(false);
		// Friday + 1 working day is the Monday after.
		expect(addWorkingDays('2026-03-06', 1, none)).toBe('2026-03-09');
		// Saturday + 1 is Monday too; Monday + 5 is the next Monday.
		expect(addWorkingDays('2026-03-07', 1, none)).toBe('2026-03-09');
		expect(addWorkingDays('2026-03-09', 5, none)).toBe('2026-03-16');
		// 10 working days from a Wednesday span two weekends.
		expect(addWorkingDays('2026-03-11', 10, none)).toBe('2026-03-25');
	});

	test('holidays are skipped like weekends', () => {
		const h = new Set(['2026-04-30', '2026-05-01']);
		// Wednesday 29/4 + 1: Thursday 30/4 and Friday 1/5 are off, then the weekend.
		expect(addWorkingDays('2026-04-29', 1, h)).toBe('2026-05-04');
		expect(workingDaysBetween('2026-04-29', '2026-05-04', h)).toBe(1);
	});

	test('days left and days overdue', () => {
		expect(workingDaysBetween('2026-03-09', '2026-03-16', none)).toBe(5);
		expect(workingDaysBetween('2026-03-16', '2026-03-09', none)).toBe(-5);
		expect(workingDaysBetween('2026-03-09', '2026-03-09', none)).toBe(0);
		expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
	});
});

describe.each(testDrivers)('seeded holidays (%s)', (driver) => {
	test('a deadline across Tết 2026 skips the seeded Tết days', async () => {
		const database = await createTestDatabase(driver);
		try {
			const h = await holidaysAround(database.db, '2026-02-12');
			for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2027-02-08', '2026-09-02']) expect(h.has(d)).toBe(true);
			// Thursday 12/2/2026 + 10 working days: 13/2, then Tết (16–20/2) and two weekends.
			expect(addWorkingDays('2026-02-12', 10, h)).toBe('2026-03-05');
			expect(addWorkingDays('2026-02-12', 10, none)).toBe('2026-02-26');
			// Across Tết 2027 (4–10/2 off).
			expect(addWorkingDays('2027-02-03', 1, await holidaysAround(database.db, '2027-02-03'))).toBe('2027-02-11');
		} finally {
			await database.close();
		}
	});
});
