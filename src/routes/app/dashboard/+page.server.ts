import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { today } from '$lib/server/periods';
import { findChannels } from '$lib/server/modules/catalog/catalog.service';
import { defaultDashboardUnit, getDashboard, periodChoices, periodKeyOf } from '$lib/server/modules/dashboards/dashboards.service';
import { getMobilisationDashboard } from '$lib/server/modules/mobilisation/mobilisation.dashboard';

/**
 * A commune's or province's dashboard (or a village's, when drilled down to): `?unit=<code>`
 * (the actor's own unit when absent), `?year=2026&part=Q1|01|…` or `?period=<key>`. Plain GET,
 * computed on every request, so it works without JavaScript and is never stale.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'reports.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const choices = periodChoices();
	const year = url.searchParams.get('year') ?? today().slice(0, 4);
	const part = url.searchParams.get('part') ?? '';
	const periodKey = (url.searchParams.get('period') ?? '').trim() || periodKeyOf(year, part);
	const asked = (url.searchParams.get('unit') ?? '').trim();
	const unit = asked || (await defaultDashboardUnit(db, actor));
	const byKey = /^(\d{4})(?:-?(Q[1-4]|H[12]|\d{2}))?$/i.exec((url.searchParams.get('period') ?? '').trim());
	const form = byKey ? { unit: asked, year: byKey[1], part: (byKey[2] ?? '').toUpperCase() } : { unit: asked, year, part };
	if (!unit) return { form, choices, dashboard: null, mobilisation: null, channelNames: {} };
	return orErrorPage(locals.locale, async () => {
		const [dashboard, channels, mobilisation] = await Promise.all([
			getDashboard({ db, actor, locale: locals.locale }, unit, periodKey),
			findChannels(db, locals.locale, { includeInactive: true }),
			getMobilisationDashboard({ db, actor }, unit, periodKey)
		]);
		return { form, choices, dashboard, mobilisation, channelNames: Object.fromEntries(channels.map((c) => [c.code, c.name])) };
	});
};
