import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, formObject, orErrorPage, signedIn } from '$lib/server/http/actions';
import { findReports, listReportForms, openReport, reportableUnits } from '$lib/server/modules/reports/reports.service';
import { reportStatuses } from '$lib/server/modules/reports/reports.schemas';
import { periodOf, today } from '$lib/server/periods';

const listKeys = ['form', 'period', 'status', 'unit', 'offset'] as const;

/** Reports the actor may read, filtered; the forms and units for opening one. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'reports.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const filters: Record<string, string> = {};
	for (const k of listKeys) {
		const v = url.searchParams.get(k);
		if (v !== null && v.trim() !== '') filters[k] = v.trim();
	}
	return orErrorPage(locals.locale, async () => {
		const ctx = { db, actor };
		const [list, forms, units] = await Promise.all([findReports(ctx, { ...filters, limit: 50 }), listReportForms(ctx), reportableUnits(ctx)]);
		const now = today();
		return {
			locale: locals.locale,
			list,
			filters,
			statuses: reportStatuses,
			forms: forms.forms.filter((f) => f.active).map((f) => ({ code: f.code, name: locals.locale === 'en' ? f.nameEn : f.nameVi, level: f.level, periodType: f.periodType, current: periodOf(f.periodType as 'month', now).key })),
			canConfigure: forms.canConfigure,
			units,
			today: now
		};
	});
};

export const actions: Actions = {
	/** Opens (or starts) the report of a unit for a period and goes to it. */
	open: async (event) => {
		const data = await formObject(event.request);
		const outcome = await attempt(event, (ctx) => openReport(ctx, { form: data.form ?? '', unit: data.unit ?? '', period: data.period ?? '' }));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, values: data });
		redirect(303, `/app/reports/${outcome.value.id}`);
	}
};
