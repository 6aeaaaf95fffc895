import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, formObject, signedIn } from '$lib/server/http/actions';
import { findCategories, updateCategory } from '$lib/server/modules/feedback/feedback.service';
import { CategoryUpdateInput } from '$lib/server/modules/feedback/feedback.schemas';
import { listHolidays } from '$lib/server/workdays';
import { today } from '$lib/server/periods';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'feedback.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const [categories, holidays] = await Promise.all([findCategories(db, locals.locale, false), listHolidays(db, `${today().slice(0, 4)}-01-01`)]);
	return { categories, holidays: holidays.map((h) => ({ date: h.date, name: locals.locale === 'vi' ? h.nameVi : h.nameEn })), canConfigure: canSomewhere(actor, 'feedback.configure') };
};

export const actions: Actions = {
	default: async (event) => {
		const fields = await formObject(event.request);
		const outcome = await attempt(event, (ctx) =>
			updateCategory(
				{ ...ctx, locale: event.locals.locale },
				(fields.code ?? '').slice(0, 40),
				CategoryUpdateInput.parse({ deadlineDays: Number(fields.deadlineDays) || fields.deadlineDays, active: fields.active === 'on' })
			)
		);
		if (!outcome.ok) return fail(outcome.status, { code: fields.code, error: outcome.error, details: outcome.details });
		return { code: fields.code, ok: t(event.locals.locale, 'feedback.done') };
	}
};
