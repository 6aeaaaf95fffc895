import type { PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { findUnitLevels } from '$lib/server/modules/units/units.detail';
import { findUnits } from '$lib/server/modules/units/units.service';
import { UnitListQuery } from '$lib/server/modules/units/units.schemas';
import { orErrorPage, signedIn } from '$lib/server/http/actions';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const query = UnitListQuery.parse({
			q: url.searchParams.get('q') || undefined,
			level: url.searchParams.get('level') || undefined,
			includeInactive: url.searchParams.get('includeInactive') || undefined,
			offset: url.searchParams.get('offset') || undefined,
			limit: url.searchParams.get('limit') || undefined
		});
		const [list, levels] = await Promise.all([findUnits({ db, actor }, query), findUnitLevels(db, locals.locale)]);
		return {
			list,
			levels,
			filter: { q: query.q ?? '', level: query.level ?? '', includeInactive: query.includeInactive ?? false },
			canManage: canSomewhere(actor, 'units.manage')
		};
	});
};
