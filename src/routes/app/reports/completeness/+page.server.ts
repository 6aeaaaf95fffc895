import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { can, canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { toErrorBody } from '$lib/server/api/errors';
import { AppError } from '$lib/server/errors';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { parsePeriod, periodLabel } from '$lib/server/periods';
import { CompletenessQuery, getCompleteness, type CompletenessView } from '$lib/server/modules/reports/reports.completeness';
import { selectActiveForms, selectLevelRanks, selectUnitsByIds } from '$lib/server/modules/reports/reports.completeness.repository';

/**
 * Completeness and timeliness of the reports of the units below one of the actor's units: a GET
 * form (unit, report form, periods) over a table, a chart and the list of units late or missing.
 * Works without JavaScript. A unit out of reach is the 403 page; a bad range is said in the form.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'reports.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	// The units offered: those the actor holds reports.read on (any unit below can be typed in the address too).
	const grantedIds = [...new Set(actor.grants.filter((g) => g.unitId && can(actor, 'reports.read', g.unitPath)).map((g) => g.unitId!))];
	const units = (await selectUnitsByIds(db, grantedIds)).sort((a, b) => a.path.length - b.path.length || a.code.localeCompare(b.code));
	const ranks = await selectLevelRanks(db);
	const forms = await selectActiveForms(db);
	const unitCode = (url.searchParams.get('unit') ?? units[0]?.code ?? '').trim();
	const unit = units.find((u) => u.code === unitCode);
	// Forms of a level below the chosen unit, nearest level first.
	const below = (level: string | undefined) =>
		forms
			.filter((f) => !level || (ranks.get(f.level) ?? 0) > (ranks.get(level) ?? 0))
			.sort((a, b) => (ranks.get(a.level) ?? 0) - (ranks.get(b.level) ?? 0) || a.sort - b.sort);
	const formChoices = below(unit?.level);
	const formCode = (url.searchParams.get('form') ?? formChoices[0]?.code ?? '').trim();
	const form = { unit: unitCode, form: formCode, from: url.searchParams.get('from') ?? '', to: url.searchParams.get('to') ?? '' };
	const base = {
		form,
		units: units.map((u) => ({ code: u.code, name: u.name })),
		forms: below(undefined).map((f) => ({ code: f.code, name: locals.locale === 'vi' ? f.nameVi : f.nameEn, periodType: f.periodType })),
		view: null as CompletenessView | null,
		labels: {} as Record<string, string>,
		problem: null as string | null
	};
	if (!unitCode) return { ...base, problem: t(locals.locale, 'reports.completeness.noUnits') };
	if (!formCode) return { ...base, problem: t(locals.locale, 'reports.completeness.noForms') };
	try {
		const query = CompletenessQuery.parse({ unit: unitCode, form: formCode, from: form.from || undefined, to: form.to || undefined });
		const view = await getCompleteness({ db, actor }, query);
		const labels = Object.fromEntries(view.periods.map((p) => [p.key, periodLabel(parsePeriod(p.key)!, locals.locale)]));
		return { ...base, form: { ...form, from: view.periods[0]?.key ?? form.from, to: view.periods.at(-1)?.key ?? form.to }, view, labels };
	} catch (err) {
		// Bad input is said beside the form; a unit out of reach or unknown is the error page.
		const validation = (err instanceof AppError && err.code === 'VALIDATION') || (err as { name?: string }).name === 'ZodError';
		if (validation) return { ...base, problem: toErrorBody(err, locals.locale).body.error.message };
		return orErrorPage(locals.locale, () => Promise.reject(err));
	}
};
