import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { AppError } from '$lib/server/errors';
import { findActivities } from '$lib/server/modules/activities/activities.service';
import { activityOptions, planForView } from '$lib/server/modules/activities/activities.options';
import { ActivityListQuery, type ActivityListItem } from '$lib/server/modules/activities/activities.schemas';
import { parsePeriod, periodLabel, today } from '$lib/server/periods';

const listKeys = ['unit', 'channel', 'theme', 'period', 'from', 'to', 'status', 'plan', 'q', 'limit', 'offset'] as const;

function pick(url: URL, keys: readonly string[]) {
	const out: Record<string, string> = {};
	for (const k of keys) {
		const v = url.searchParams.get(k);
		if (v !== null && v.trim() !== '') out[k] = v;
	}
	return out;
}

const pad = (n: number) => String(n).padStart(2, '0');
const addDays = (date: string, days: number) => {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
};
/** 1 = Monday … 7 = Sunday. */
const weekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The month as weeks of seven days, Monday first, each day with its activities. */
function monthGrid(from: string, to: string, items: ActivityListItem[]) {
	const byDay = new Map<string, ActivityListItem[]>();
	for (const a of items) byDay.set(a.date, [...(byDay.get(a.date) ?? []), a]);
	const start = addDays(from, 1 - weekday(from));
	const end = addDays(to, 7 - weekday(to));
	const weeks: { date: string; day: number; inMonth: boolean; items: ActivityListItem[] }[][] = [];
	for (let d = start; d <= end; d = addDays(d, 1)) {
		if (weekday(d) === 1) weeks.push([]);
		weeks[weeks.length - 1].push({ date: d, day: Number(d.slice(8)), inMonth: d >= from && d <= to, items: byDay.get(d) ?? [] });
	}
	return weeks;
}

/** List (filters, pages), month calendar (?view=calendar&month=2026-03) and per-plan view (?plan=…, grouped by the plan's themes). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'activities.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const ctx = { db, actor };
	return orErrorPage(locals.locale, async () => {
		const query = ActivityListQuery.parse(pick(url, listKeys));
		const options = await activityOptions(ctx, locals.locale, { for: 'read' });
		const base = { options, filter: query, canRecord: canSomewhere(actor, 'activities.edit'), today: today() };
		if (url.searchParams.get('view') === 'calendar') {
			const monthKey = url.searchParams.get('month')?.trim() || today().slice(0, 7);
			const month = parsePeriod(monthKey);
			if (!month || month.type !== 'month' || month.year < 2000 || month.year > 2100)
				throw new AppError('VALIDATION', 'error.period', { value: monthKey.slice(0, 20) });
			const { items, hasMore } = await findActivities(ctx, { ...query, period: month.key, limit: 500, offset: 0 }, { order: 'asc' });
			const [y, m] = month.key.split('-').map(Number);
			const prev = m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
			const next = m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
			return { ...base, view: 'calendar' as const, month: month.key, monthLabel: periodLabel(month, locals.locale), prev, next, weeks: monthGrid(month.from, month.to, items), truncated: hasMore };
		}
		if (query.plan) {
			const plan = await planForView(ctx, query.plan);
			const { items, hasMore } = await findActivities(ctx, { ...query, limit: 500, offset: 0 }, { order: 'asc' });
			const groups = plan.themes.map((theme) => ({ theme, items: items.filter((a) => a.themes.includes(theme)) }));
			const unthemed = items.filter((a) => !a.themes.some((th) => plan.themes.includes(th)));
			return { ...base, view: 'plan' as const, plan, groups, unthemed, total: items.length, truncated: hasMore };
		}
		const list = await findActivities(ctx, query);
		const period = query.period ? parsePeriod(query.period) : null;
		return { ...base, view: 'list' as const, list, periodLabel: period ? periodLabel(period, locals.locale) : null };
	});
};
