import { and, asc, gte, lte } from 'drizzle-orm';
import type { Db } from './db/client';
import { publicHolidays } from './modules/feedback/feedback.tables';

/**
 * Working days in Việt Nam: Monday to Friday, less the public holidays kept in `public_holidays`
 * (Tết, 30/4, 1/5, 2/9 …; administrators add each year's as the government announces them).
 * Dates are calendar dates `YYYY-MM-DD` in Asia/Ho_Chi_Minh; the arithmetic is on the calendar,
 * so no time zone can shift a day.
 */

const toUtc = (date: string) => {
	const [y, m, d] = date.split('-').map(Number);
	return Date.UTC(y, m - 1, d);
};
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;

/** The calendar date `n` days after `date` (negative: before). */
export function addCalendarDays(date: string, n: number): string {
	return fromUtc(toUtc(date) + n * DAY);
}

/** Saturday or Sunday. */
export function isWeekend(date: string): boolean {
	const day = new Date(toUtc(date)).getUTCDay();
	return day === 0 || day === 6;
}

export function isWorkingDay(date: string, holidays: ReadonlySet<string>): boolean {
	return !isWeekend(date) && !holidays.has(date);
}

/**
 * The date `n` working days after `date`: the day of receipt does not count, so an item received on
 * a Friday with a deadline of 1 working day is due the Monday after (or later, past holidays).
 */
export function addWorkingDays(date: string, n: number, holidays: ReadonlySet<string>): string {
	let d = date;
	let left = n;
	while (left > 0) {
		d = addCalendarDays(d, 1);
		if (isWorkingDay(d, holidays)) left--;
	}
	return d;
}

/**
 * Working days from `from` to `to`: positive when `to` is later (days left), negative when it is
 * earlier (days overdue), 0 on the same day. `from` itself is not counted, `to` is when it is one.
 */
export function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
	if (from === to) return 0;
	const sign = to > from ? 1 : -1;
	const [a, b] = sign > 0 ? [from, to] : [to, from];
	let n = 0;
	for (let d = addCalendarDays(a, 1); d <= b; d = addCalendarDays(d, 1)) if (isWorkingDay(d, holidays)) n++;
	return sign * n;
}

/** Holidays between two dates (inclusive), as a set for the functions above. */
export async function loadHolidays(db: Db, from: string, to: string): Promise<Set<string>> {
	const rows = await db
		.select({ date: publicHolidays.date })
		.from(publicHolidays)
		.where(and(gte(publicHolidays.date, from), lte(publicHolidays.date, to)));
	return new Set(rows.map((r) => r.date));
}

/** Every configured holiday from a date on (for the administrators' list). */
export async function listHolidays(db: Db, from: string) {
	return db.select().from(publicHolidays).where(gte(publicHolidays.date, from)).orderBy(asc(publicHolidays.date));
}

/**
 * Holidays around `date` wide enough for any deadline (90 working days fit in well under a year),
 * loaded once per call of a deadline computation.
 */
export function holidaysAround(db: Db, date: string): Promise<Set<string>> {
	return loadHolidays(db, addCalendarDays(date, -400), addCalendarDays(date, 400));
}
