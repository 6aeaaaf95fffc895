import type { PageServerLoad } from './$types';
import { getHome } from '$lib/server/modules/portal/portal.service';
import { orPortalError, publicCache, requireActive } from '$lib/server/modules/portal/portal.http';

export const load: PageServerLoad = async ({ parent, locals, setHeaders }) => {
	const { portal } = await parent();
	requireActive(portal);
	const db = (await locals.runtime()).database.db;
	const home = await orPortalError(() => getHome(db, portal));
	setHeaders(publicCache(!!locals.actor));
	return { home };
};
