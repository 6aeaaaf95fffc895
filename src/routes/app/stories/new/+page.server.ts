import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, signedIn } from '$lib/server/http/actions';
import { createStory, storyFormOptions } from '$lib/server/modules/stories/stories.service';
import { storyFields } from '../form';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'stories.edit')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const options = await storyFormOptions({ db, actor });
	return { ...options, initial: { unit: options.units.find((u) => u.level === 'commune')?.code ?? options.units[0]?.code ?? '', subjectKind: 'household' } };
};

export const actions: Actions = {
	default: async (event) => {
		const { create, typed } = await storyFields(event.request);
		const outcome = await attempt(event, (ctx) => createStory(ctx, create));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, fields: typed });
		redirect(303, `/app/stories/${outcome.value.id}?done=1`);
	}
};
