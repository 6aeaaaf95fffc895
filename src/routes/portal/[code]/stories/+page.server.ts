import type { PageServerLoad } from './$types';
import { parsePage } from '$lib/server/modules/portal/portal.service';
import { orPortalError, publicCache, requireActive } from '$lib/server/modules/portal/portal.http';
import { findPublishedStories } from '$lib/server/modules/stories/stories.public';
import { today } from '$lib/server/periods';

const PER_PAGE = 20;

/** Published stories of the unit and, for a province, of its communes; newest first. */
export const load: PageServerLoad = async ({ parent, locals, url, setHeaders }) => {
	const { portal } = await parent();
	requireActive(portal);
	const db = (await locals.runtime()).database.db;
	const list = await orPortalError(async () => {
		const page = parsePage(url.searchParams.get('page')?.slice(0, 30) ?? null);
		const found = await findPublishedStories(db, { unit: portal.code, limit: PER_PAGE, offset: Math.min((page - 1) * PER_PAGE, 100_000) });
		return { page, hasMore: found.hasMore, items: found.items.map((s) => ({ ...s, publishedOn: today(new Date(s.publishedAt)) })) };
	});
	setHeaders(publicCache(!!locals.actor));
	return { list };
};
