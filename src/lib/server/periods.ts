import { AppError } from './errors';

/**
 * Periods as DHIS2-style keys (DOMAIN.md): year `2026`, half `2026H1`, quarter `2026Q1`, month
 * `2026-03`. Dates are calendar dates in Asia/Ho_Chi_Minh; a period is a closed range of them.
 */
export type PeriodType = 'year' | 'half' | 'quarter' | 'month';

export interface Period {
	key: string;
	type: PeriodType;
	year: number;
	/** First and last calendar day, `YYYY-MM-DD`, both inclusive. */
	from: string;
	to: string;
}

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const range = (y: number, m1: number, m2: number) => ({ from: `${y}-${pad(m1)}-01`, to: `${y}-${pad(m2)}-${pad(lastDay(y, m2))}` });

/** The period a key names, or null when it names none (`2026Q5`, `2026-13`, `abc`). */
export function parsePeriod(key: string): Period | null {
	const k = key.trim().toUpperCase();
	let m: RegExpMatchArray | null;
	if ((m = k.match(/^(\d{4})$/))) return { key: k, type: 'year', year: +m[1], ...range(+m[1], 1, 12) };
	if ((m = k.match(/^(\d{4})H([12])$/))) {
		const h = +m[2];
		return { key: k, type: 'half', year: +m[1], ...range(+m[1], h * 6 - 5, h * 6) };
	}
	if ((m = k.match(/^(\d{4})Q([1-4])$/))) {
		const q = +m[2];
		return { key: k, type: 'quarter', year: +m[1], ...range(+m[1], q * 3 - 2, q * 3) };
	}
	if ((m = k.match(/^(\d{4})-(\d{2})$/))) {
		const mo = +m[2];
		if (mo < 1 || mo > 12) return null;
		return { key: `${m[1]}-${m[2]}`, type: 'month', year: +m[1], ...range(+m[1], mo, mo) };
	}
	return null;
}

/** Like parsePeriod, but a bad key is a 400 with a clear message in both languages. */
export function requirePeriod(key: string): Period {
	const p = parsePeriod(key);
	if (!p || p.year < 1900 || p.year > 2200) throw new AppError('VALIDATION', 'error.period', { value: key.slice(0, 40) });
	return p;
}

/** Today's calendar date in Việt Nam. */
export function today(at: Date = new Date()): string {
	return at.toLocaleDateString('sv-SE', { timeZone: TIME_ZONE });
}

/** The period of a type that holds a date. */
export function periodOf(type: PeriodType, date: string): Period {
	const [y, m] = date.split('-').map(Number);
	const key =
		type === 'year' ? `${y}` : type === 'half' ? `${y}H${m <= 6 ? 1 : 2}` : type === 'quarter' ? `${y}Q${Math.ceil(m / 3)}` : `${y}-${pad(m)}`;
	return parsePeriod(key)!;
}

/** The period of the same type just before. */
export function previousPeriod(p: Period): Period {
	const [y, m] = p.from.split('-').map(Number);
	const d = new Date(Date.UTC(y, m - 2, 1));
	return periodOf(p.type, `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-01`);
}

/** Whether a calendar date lies in a period. */
export const inPeriod = (date: string, p: Period) => date >= p.from && date <= p.to;

/** "Quý 1/2026", "Tháng 3/2026", "6 tháng đầu năm 2026", "Năm 2026" and their English. */
export function periodLabel(p: Period, locale: 'vi' | 'en'): string {
	const [y, m] = p.from.split('-').map(Number);
	if (locale === 'vi') {
		if (p.type === 'year') return `Năm ${y}`;
		if (p.type === 'half') return m === 1 ? `6 tháng đầu năm ${y}` : `6 tháng cuối năm ${y}`;
		if (p.type === 'quarter') return `Quý ${Math.ceil(m / 3)}/${y}`;
		return `Tháng ${m}/${y}`;
	}
	if (p.type === 'year') return `${y}`;
	if (p.type === 'half') return `${m === 1 ? 'First' : 'Second'} half of ${y}`;
	if (p.type === 'quarter') return `Q${Math.ceil(m / 3)} ${y}`;
	return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
