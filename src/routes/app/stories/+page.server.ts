import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { canSomewhere } from '$lib/server/access/actor';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { findStories } from '$lib/server/modules/stories/stories.service';
import { storyStatuses } from '$lib/server/modules/stories/stories.schemas';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'content.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const q = (name: string) => url.searchParams.get(name)?.trim().slice(0, 200) || undefined;
	const filter = { status: q('status'), unit: q('unit'), q: q('q'), limit: q('limit') ?? '50', offset: q('offset') ?? '0' };
	return orErrorPage(locals.locale, async () => ({
		list: await findStories({ db, actor }, filter as never),
		filter: { status: filter.status ?? '', unit: filter.unit ?? '', q: filter.q ?? '' },
		statuses: storyStatuses,
		canWrite: canSomewhere(actor, 'stories.edit'),
		canApprove: canSomewhere(actor, 'stories.approve')
	}));
};
