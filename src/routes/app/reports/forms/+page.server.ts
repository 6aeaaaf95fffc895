import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { listReportForms, updateReportForm } from '$lib/server/modules/reports/reports.service';

/** Report forms and the indicator catalogue, for holders of reports.configure. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'reports.configure')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const { forms, catalogue } = await listReportForms({ db, actor });
		return { locale: locals.locale, forms, catalogue, saved: url.searchParams.get('saved') };
	});
};

export const actions: Actions = {
	/** One form's names, due days, indicators (ticked, in catalogue order) and whether it is in use. */
	save: async (event) => {
		const data = await event.request.formData();
		const code = String(data.get('code') ?? '');
		const input = {
			nameVi: String(data.get('nameVi') ?? ''),
			nameEn: String(data.get('nameEn') ?? ''),
			dueDays: String(data.get('dueDays') ?? '') as unknown as number,
			indicatorCodes: data.getAll('indicatorCodes').map(String),
			active: data.get('active') === 'on'
		};
		const outcome = await attempt(event, (ctx) => updateReportForm(ctx, code, input));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, code });
		redirect(303, `/app/reports/forms?saved=${encodeURIComponent(code)}#form-${encodeURIComponent(code)}`);
	}
};
