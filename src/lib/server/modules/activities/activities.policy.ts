import type { Actor } from '../../access/actor';
import { can, isGlobal } from '../../access/actor';
import { rolePermissions, type Permission, type Role } from '../../access/roles';

type Placed = { unitPath: string };

/**
 * Roles that record and verify only the activities of the very unit they are granted on: a
 * province officer runs the province's own conferences and reads the communes' activities, but
 * does not change or verify what a commune recorded (the commune officer does).
 */
const ownUnitOnly: readonly Role[] = ['province_officer'];

/** True when a grant of the actor gives `permission` for a record of `unitPath`, with the own-unit rule above. */
function holdsForChange(actor: Actor, permission: Permission, unitPath: string): boolean {
	return actor.grants.some((g) => {
		if (!rolePermissions[g.role].includes(permission)) return false;
		if (isGlobal(g)) return true;
		if (ownUnitOnly.includes(g.role)) return unitPath === g.unitPath;
		return unitPath.startsWith(g.unitPath!);
	});
}

/** Reading an activity: everyone with activities.read on its unit (village heads their village, officers their commune, the province its communes). */
export const canReadActivity = (actor: Actor, a: Placed) => can(actor, 'activities.read', a.unitPath);

/** Recording a new activity in a unit. */
export const canRecordIn = (actor: Actor, unitPath: string) => holdsForChange(actor, 'activities.edit', unitPath);

/** Verifying activities of a unit (commune officers and chairs for their commune and its villages). */
export const canVerifyIn = (actor: Actor, unitPath: string) => holdsForChange(actor, 'activities.verify', unitPath);

/**
 * Changing an activity, its households and evidence. A verified activity is closed to those who
 * may not verify there: what the commune officer checked is not changed behind their back.
 */
export function canEditActivity(actor: Actor, a: Placed & { status: string }): boolean {
	if (!canRecordIn(actor, a.unitPath)) return false;
	return a.status !== 'verified' || canVerifyIn(actor, a.unitPath);
}

/** Marking a done activity verified. */
export const canVerifyActivity = (actor: Actor, a: Placed & { status: string }) => a.status === 'done' && canVerifyIn(actor, a.unitPath);

/** Household names on an activity: only for those who read the household's village. */
export const canSeeHouseholdName = (actor: Actor, h: { villagePath: string }) => can(actor, 'households.read', h.villagePath);
