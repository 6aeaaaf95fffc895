import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, signedIn } from '$lib/server/http/actions';
import { findPublications, publishableItems, publishToPlatforms } from '$lib/server/modules/outreach/publications.service';

/** Publishing an approved item to the portal, Facebook and Zalo in one action; the latest publications with their figures. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'outreach.read') && !canSomewhere(actor, 'outreach.publish')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const canPublish = canSomewhere(actor, 'outreach.publish');
	const [items, publications] = await Promise.all([canPublish ? publishableItems(db, actor) : [], findPublications(db, actor)]);
	const done = Number(url.searchParams.get('done'));
	return { items, publications, canPublish, selected: url.searchParams.get('content') ?? '', done: Number.isInteger(done) && done > 0 ? done : null };
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const text = (name: string) => (typeof data.get(name) === 'string' ? String(data.get(name)).slice(0, 100) : '');
		const platforms = data.getAll('platforms').filter((v): v is string => typeof v === 'string').slice(0, 5);
		const fields = { content: text('content'), scheduledAt: text('scheduledAt'), platforms: platforms.join(',') };
		const outcome = await attempt(event, (ctx) =>
			publishToPlatforms(ctx, { content: fields.content, platforms: platforms as never, scheduledAt: fields.scheduledAt.trim() || null })
		);
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, fields });
		redirect(303, `/app/outreach/publish?done=${outcome.value.publications.length}`);
	}
};
