import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { getStory, storyFormOptions, updateStory } from '$lib/server/modules/stories/stories.service';
import { storyFields } from '../../form';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const story = await getStory({ db, actor }, params.id);
		if (!story.actions.edit) error(403, t(locals.locale, 'error.forbidden'));
		const options = await storyFormOptions({ db, actor }, story.unit);
		const initial = {
			subjectName: story.subjectName,
			householdId: story.household?.id ?? '',
			beforeYear: story.beforeYear?.toString() ?? '',
			afterYear: story.afterYear?.toString() ?? '',
			title: story.title,
			summary: story.summary,
			whatTheyDid: story.whatTheyDid,
			results: story.results
		};
		return { story, households: options.households, initial };
	});
};

export const actions: Actions = {
	default: async (event) => {
		const { update, typed } = await storyFields(event.request);
		const outcome = await attempt(event, (ctx) => updateStory(ctx, event.params.id, update));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, fields: typed });
		redirect(303, `/app/stories/${event.params.id}?done=1`);
	}
};
