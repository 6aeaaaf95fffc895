import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, signedIn } from '$lib/server/http/actions';
import { contentFormOptions, createContent } from '$lib/server/modules/content/content.service';
import { contentFields } from '../form';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'content.edit')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const options = await contentFormOptions({ db, actor }, locals.locale);
	const kind = url.searchParams.get('kind') ?? 'article';
	return { ...options, initial: { kind, unit: options.units.find((u) => u.level === 'commune')?.code ?? options.units[0]?.code ?? '', priority: 'normal' } };
};

export const actions: Actions = {
	default: async (event) => {
		const { input, unit, kind, typed } = await contentFields(event.request);
		const outcome = await attempt(event, (ctx) => createContent(ctx, { ...input, unit, kind: kind as never }));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, fields: typed });
		redirect(303, `/app/content/${outcome.value.id}?done=created`);
	}
};
