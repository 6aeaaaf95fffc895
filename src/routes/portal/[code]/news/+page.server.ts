import type { PageServerLoad } from './$types';
import { findNews, parsePage } from '$lib/server/modules/portal/portal.service';
import { orPortalError, publicCache, requireActive } from '$lib/server/modules/portal/portal.http';

export const load: PageServerLoad = async ({ parent, locals, url, setHeaders }) => {
	const { portal } = await parent();
	requireActive(portal);
	const db = (await locals.runtime()).database.db;
	const news = await orPortalError(async () => findNews(db, portal, parsePage(url.searchParams.get('page')?.slice(0, 30) ?? null)));
	setHeaders(publicCache(!!locals.actor));
	return { news };
};
