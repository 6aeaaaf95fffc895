/**
 * Roles and what each may do. Roles are code (each permission guards code paths); the units a
 * role reaches are data (role grants on units). Later modules add their permissions here.
 */
export const roles = [
	'admin',
	'province_officer',
	'commune_officer',
	'commune_leader',
	'finance_officer',
	'village_head',
	'organisation_member',
	'viewer',
	/** Granted explicitly to see household names where the role alone shows counts (a province). */
	'household_viewer'
] as const;
export type Role = (typeof roles)[number];

export const permissions = [
	'units.read',
	'units.manage',
	'users.manage',
	'audit.read',
	'tokens.own',
	'plans.read',
	'plans.edit',
	'plans.approve',
	'plans.issue',
	'tasks.work',
	/** Names and details of households (personal data). */
	'households.read',
	'households.edit',
	/** Counts by category and village, never names. */
	'households.counts',
	/** Phone and ID numbers unmasked. */
	'households.sensitive',
	'households.import'
] as const;
export type Permission = (typeof permissions)[number];

const everyone: Permission[] = ['units.read', 'tokens.own', 'plans.read'];

export const rolePermissions: Record<Role, readonly Permission[]> = {
	admin: [...permissions],
	// The province drafts, approves and issues its own plan, which communes cascade from.
	province_officer: [...everyone, 'audit.read', 'plans.edit', 'plans.approve', 'plans.issue', 'tasks.work', 'households.counts'],
	// The culture-social officer drafts; the chair approves and signs; either may issue (register number).
	commune_officer: [
		...everyone,
		'audit.read',
		'plans.edit',
		'plans.issue',
		'tasks.work',
		'households.read',
		'households.edit',
		'households.counts',
		'households.sensitive',
		'households.import'
	],
	commune_leader: [...everyone, 'audit.read', 'plans.approve', 'plans.issue', 'tasks.work', 'households.counts'],
	finance_officer: [...everyone, 'tasks.work'],
	// A village head keeps the village's list: names yes, phone and ID numbers masked.
	village_head: [...everyone, 'tasks.work', 'households.read', 'households.edit', 'households.counts'],
	organisation_member: [...everyone, 'tasks.work'],
	viewer: [...everyone],
	household_viewer: ['units.read', 'households.read', 'households.counts']
};

/** The unit levels a role may be granted on (the administrator's grant has no unit). */
export const roleLevels: Record<Role, readonly string[]> = {
	admin: [],
	province_officer: ['province'],
	commune_officer: ['commune'],
	commune_leader: ['commune'],
	finance_officer: ['commune', 'province'],
	village_head: ['village'],
	organisation_member: ['commune', 'village', 'province'],
	viewer: ['province', 'district', 'commune', 'village'],
	household_viewer: ['province', 'commune']
};

export function isRole(value: string): value is Role {
	return (roles as readonly string[]).includes(value);
}
