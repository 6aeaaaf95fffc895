import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { findCategories, findFeedback } from '$lib/server/modules/feedback/feedback.service';
import { FeedbackListQuery } from '$lib/server/modules/feedback/feedback.schemas';

const keys = ['status', 'overdue', 'category', 'unit', 'limit', 'offset'];

/** Items of the actor's units, with time left; overdue ones marked. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'feedback.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const raw: Record<string, string> = {};
	for (const k of keys) {
		const v = url.searchParams.get(k);
		if (v !== null && v.trim() !== '') raw[k] = v.slice(0, 100);
	}
	if (raw.overdue === 'on') raw.overdue = 'true';
	return orErrorPage(locals.locale, async () => {
		const query = FeedbackListQuery.parse(raw);
		const [page, categories] = await Promise.all([findFeedback({ db, actor, locale: locals.locale }, query), findCategories(db, locals.locale, false)]);
		return { page, categories, filter: query, canHandle: canSomewhere(actor, 'feedback.handle'), canConfigure: canSomewhere(actor, 'feedback.configure') };
	});
};
