import type { PageServerLoad } from './$types';
import { rolePermissions } from '$lib/server/access/roles';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = locals.actor!;
	return {
		grants: actor.grants.map((g) => ({ role: g.role, unitCode: g.unitCode, unitName: g.unitName })),
		// Roles that see household reach (reach section of the page).
		reachRoles: actor.grants.filter((g) => rolePermissions[g.role].includes('activities.read') && rolePermissions[g.role].includes('households.counts')).map((g) => g.role)
	};
};
