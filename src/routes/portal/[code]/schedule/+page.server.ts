import type { PageServerLoad } from './$types';
import { getSchedule } from '$lib/server/modules/portal/portal.service';
import { orPortalError, publicCache, requireActive } from '$lib/server/modules/portal/portal.http';

export const load: PageServerLoad = async ({ parent, locals, setHeaders }) => {
	const { portal } = await parent();
	requireActive(portal);
	const db = (await locals.runtime()).database.db;
	const schedule = await orPortalError(() => getSchedule(db, portal));
	setHeaders(publicCache(!!locals.actor));
	return { schedule };
};
