import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { z } from 'zod';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { feedbackDashboard } from '$lib/server/modules/feedback/feedback.dashboard';
import { today } from '$lib/server/periods';

const Query = z.object({
	unit: z.string().trim().max(40).optional(),
	year: z.coerce.number().int().min(2000).max(2100).optional()
});

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'feedback.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const q = Query.parse({ unit: url.searchParams.get('unit') || undefined, year: url.searchParams.get('year') || undefined });
		const year = q.year ?? Number(today().slice(0, 4));
		return { dashboard: await feedbackDashboard({ db, actor, locale: locals.locale }, { unit: q.unit, year }) };
	});
};
