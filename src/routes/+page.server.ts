import type { PageServerLoad } from './$types';
import { publicUnitDirectory } from '$lib/server/modules/units/units.public';

export const load: PageServerLoad = async ({ locals, setHeaders }) => {
	const rt = await locals.runtime();
	if (!locals.actor) setHeaders({ 'cache-control': 'public, max-age=60' });
	return { provinces: await publicUnitDirectory(rt.database.db) };
};
