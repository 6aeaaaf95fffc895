import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { countHouseholds, findHouseholds } from '$lib/server/modules/households/households.service';
import { classifiedYears, householdFormOptions } from '$lib/server/modules/households/households.detail';
import { periodLabel, requirePeriod } from '$lib/server/periods';
import { currentYear, HouseholdCountsQuery, HouseholdListQuery, householdCategories } from '$lib/server/modules/households/households.schemas';

const listKeys = ['q', 'village', 'year', 'category', 'lacking', 'consent', 'duplicates', 'notReached', 'limit', 'offset'] as const;

/** The query's known fields, blanks left out (an empty select means "any"). */
function pick(url: URL, keys: readonly string[]) {
	const out: Record<string, string> = {};
	for (const k of keys) {
		const v = url.searchParams.get(k);
		if (v !== null && v.trim() !== '') out[k] = v;
	}
	return out;
}

/**
 * Names for those who may read them (search, filters, list, each household shown access-logged);
 * counts by village and category for everyone who may count, and the only view of counts-only roles.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'households.counts')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const ctx = { db, actor };
	const readsNames = canSomewhere(actor, 'households.read');
	const view = !readsNames || url.searchParams.get('view') === 'counts' ? 'counts' : 'list';
	return orErrorPage(locals.locale, async () => {
		if (view === 'counts') {
			const query = HouseholdCountsQuery.parse(pick(url, ['unit', 'year']));
			const years = await classifiedYears(ctx);
			const year = query.year ?? years[0] ?? currentYear();
			const counts = await countHouseholds(ctx, { ...query, year });
			const byVillage = new Map<string, { villageCode: string; villageName: string; communeName: string | null; counts: Record<string, number>; total: number }>();
			for (const c of counts) {
				const v = byVillage.get(c.villageCode) ?? { villageCode: c.villageCode, villageName: c.villageName, communeName: c.communeName, counts: {}, total: 0 };
				v.counts[c.category] = c.households;
				v.total += c.households;
				byVillage.set(c.villageCode, v);
			}
			return { view: 'counts' as const, readsNames, year, years: [...new Set([year, ...years])].sort((a, b) => b - a), unit: query.unit ?? '', rows: [...byVillage.values()], categories: [...householdCategories] };
		}
		const query = HouseholdListQuery.parse(pick(url, listKeys));
		const period = query.notReached ? requirePeriod(query.notReached) : null;
		const year = query.year ?? period?.year ?? currentYear();
		const [list, options] = await Promise.all([
			findHouseholds(ctx, query, { screen: 'household_list', purpose: 'register' }),
			householdFormOptions(ctx, 'households.read', year, locals.locale)
		]);
		const exportQuery = new URLSearchParams(Object.entries(pick(url, listKeys)).filter(([k]) => k !== 'limit' && k !== 'offset'));
		return {
			view: 'list' as const,
			readsNames,
			list,
			options,
			filter: { ...query, year },
			notReachedLabel: period ? periodLabel(period, locals.locale) : null,
			exportHref: '/api/v1/households/export' + (exportQuery.size ? '?' + exportQuery : ''),
			canEdit: canSomewhere(actor, 'households.edit'),
			canImport: canSomewhere(actor, 'households.import'),
			categories: [...householdCategories]
		};
	});
};
