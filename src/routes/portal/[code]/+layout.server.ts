import type { LayoutServerLoad } from './$types';
import { requirePortalUnit } from '$lib/server/modules/portal/portal.http';

/** Every page under /portal/<code> knows its unit: a province or commune, or one merged away. */
export const load: LayoutServerLoad = async ({ params, locals }) => {
	const db = (await locals.runtime()).database.db;
	const portal = await requirePortalUnit(db, params.code.slice(0, 60));
	return { portal };
};
