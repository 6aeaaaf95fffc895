/** Calendar dates of plans are dates in Việt Nam (DOMAIN.md: Time). */
export const PLAN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** `YYYY-MM-DD` of `at` in Asia/Ho_Chi_Minh. */
export function localDate(at: Date): string {
	return at.toLocaleDateString('sv-SE', { timeZone: PLAN_TIME_ZONE });
}

/** `2025` → `2026`, `2025Q3` → `2026Q3`, `2025-03` → `2026-03`; keys without a year ("month") stay. */
export function shiftPeriodKey(key: string, years: number): string {
	return key.replace(/^(\d{4})/, (y) => String(Number(y) + years));
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function shiftIsoDate(date: string, years: number): string {
	const [y, m, d] = date.split('-').map(Number);
	const year = y + years;
	const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
	return `${year}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** `2026-01-05` → `05/01/2026`, as official documents write dates. */
export function vietnameseDate(date: string): string {
	const [y, m, d] = date.split('-');
	return `${d}/${m}/${y}`;
}
