import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { contentFormOptions, getContent, updateContent } from '$lib/server/modules/content/content.service';
import { contentFields } from '../../form';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const item = await getContent({ db, actor }, params.id);
		if (!item.actions.edit) error(403, t(locals.locale, 'error.forbidden'));
		const { audiences } = await contentFormOptions({ db, actor }, locals.locale);
		return {
			item,
			audiences,
			initial: { title: item.title, summary: item.summary ?? '', body: item.body, priority: item.priority, themes: item.themes.join('\n'), audiences: item.audiences }
		};
	});
};

export const actions: Actions = {
	default: async (event) => {
		const { input, typed } = await contentFields(event.request);
		const outcome = await attempt(event, (ctx) => updateContent(ctx, event.params.id, input));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, fields: typed });
		redirect(303, `/app/content/${event.params.id}?done=saved`);
	}
};
