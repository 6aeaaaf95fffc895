import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { tBoth } from '$lib/i18n';
import { orPortalError, publicCache, requireActive } from '$lib/server/modules/portal/portal.http';
import { getPublishedStory } from '$lib/server/modules/stories/stories.public';
import { today } from '$lib/server/periods';

/** One published story; 410 Gone once withdrawn (a consent taken back), 404 if never published here. */
export const load: PageServerLoad = async ({ parent, locals, params, setHeaders }) => {
	const { portal } = await parent();
	requireActive(portal);
	const db = (await locals.runtime()).database.db;
	const shown = await orPortalError(() => getPublishedStory(db, portal.code, params.id));
	if (shown.gone) error(410, tBoth('stories.portal.gone'));
	setHeaders(publicCache(!!locals.actor));
	return { story: { ...shown.story, publishedOn: today(new Date(shown.story.publishedAt)) } };
};
