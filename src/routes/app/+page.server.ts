import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = locals.actor!;
	return {
		grants: actor.grants.map((g) => ({ role: g.role, unitCode: g.unitCode, unitName: g.unitName }))
	};
};
