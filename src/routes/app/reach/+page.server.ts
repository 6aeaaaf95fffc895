import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { today, periodLabel, requirePeriod } from '$lib/server/periods';
import { getReach, ReachQuery } from '$lib/server/modules/activities/activities.reach';
import { findAudienceGroups, findChannels } from '$lib/server/modules/catalog/catalog.service';

/**
 * Household reach of a unit and period: the figures by category and channel, charts, and (for
 * those who read names) the way to the households not reached yet. Numbers only on this page.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'activities.read') || !canSomewhere(actor, 'households.counts')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const year = today().slice(0, 4);
	const own = actor.grants.find((g) => g.unitCode)?.unitCode ?? '';
	const unit = (url.searchParams.get('unit') ?? own).trim();
	const period = (url.searchParams.get('period') ?? year).trim();
	const suggestions = [year, `${year}H1`, `${year}H2`, `${year}Q1`, `${year}Q2`, `${year}Q3`, `${year}Q4`, String(Number(year) - 1)];
	if (!unit) return { form: { unit, period }, suggestions, reach: null };
	return orErrorPage(locals.locale, async () => {
		const query = ReachQuery.parse({ unit, period });
		const reach = await getReach({ db, actor }, query);
		const p = requirePeriod(reach.period.key);
		const [channels, groups] = await Promise.all([findChannels(db, locals.locale, { includeInactive: true }), findAudienceGroups(db, locals.locale)]);
		const notReached = new URLSearchParams({ notReached: p.key, category: 'poor', village: reach.unit.code, year: String(p.year) });
		return {
			form: { unit, period },
			suggestions,
			reach,
			periodLabel: periodLabel(p, locals.locale),
			channelNames: Object.fromEntries(channels.map((c) => [c.code, c.name])),
			groupNames: Object.fromEntries(groups.map((g) => [g.code, g.name])),
			notReachedHref: `/app/households?${notReached}`,
			notReachedExport: `/api/v1/households/export?${notReached}`
		};
	});
};
