import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { publicHolidays } from './feedback.tables';
import { selectCategories, type CategoryRow } from './feedback.repository';
import { addWorkingDays, workingDaysBetween } from '../../workdays';
import { today } from '../../periods';

/**
 * Categories and holidays change a few times a year but are read on every submission: they are
 * kept per database for a minute, and dropped at once when this process changes them.
 */
const cache = new WeakMap<Db, { at: number; categories: CategoryRow[]; holidays: Set<string> }>();
const TTL_MS = 60_000;

export async function calendar(db: Db) {
	const hit = cache.get(db);
	if (hit && Date.now() - hit.at < TTL_MS) return hit;
	const [categories, holidays] = await Promise.all([
		selectCategories(db, false),
		db.select({ date: publicHolidays.date }).from(publicHolidays).orderBy(asc(publicHolidays.date))
	]);
	const entry = { at: Date.now(), categories, holidays: new Set(holidays.map((h) => h.date)) };
	cache.set(db, entry);
	return entry;
}

export function forgetCalendar(db: Db): void {
	cache.delete(db);
}

/** The due date of an item of `category` received on `receivedOn`: its deadline in working days later. */
export async function dueDateFor(db: Db, category: CategoryRow, receivedOn: string): Promise<string> {
	const { holidays } = await calendar(db);
	return addWorkingDays(receivedOn, category.deadlineDays, holidays);
}

/** Working days left until `dueOn` (negative: overdue by that many), counted from today in Việt Nam. */
export async function daysLeft(db: Db, dueOn: string, on = today()): Promise<number> {
	const { holidays } = await calendar(db);
	return workingDaysBetween(on, dueOn, holidays);
}

export { today };
