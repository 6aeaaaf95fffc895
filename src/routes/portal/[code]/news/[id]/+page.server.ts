import type { PageServerLoad } from './$types';
import { getArticle } from '$lib/server/modules/portal/portal.service';
import { orPortalError, publicCache, requireActive } from '$lib/server/modules/portal/portal.http';

export const load: PageServerLoad = async ({ parent, locals, params, setHeaders }) => {
	const { portal } = await parent();
	requireActive(portal);
	const db = (await locals.runtime()).database.db;
	const article = await orPortalError(() => getArticle(db, portal, params.id));
	setHeaders(publicCache(!!locals.actor));
	return { article };
};
