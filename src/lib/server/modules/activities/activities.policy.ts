import type { Actor } from '../../access/actor';
import { can } from '../../access/actor';

type Placed = { unitPath: string };

/** Reading an activity: everyone with activities.read on its unit (village heads their village, officers their commune, the province its communes). */
export const canReadActivity = (actor: Actor, a: Placed) => can(actor, 'activities.read', a.unitPath);

/**
 * Changing an activity, its households and evidence. A verified activity is closed to those who
 * may not verify there: what the commune officer checked is not changed behind their back.
 */
export function canEditActivity(actor: Actor, a: Placed & { status: string }): boolean {
	if (!can(actor, 'activities.edit', a.unitPath)) return false;
	return a.status !== 'verified' || can(actor, 'activities.verify', a.unitPath);
}

/** Recording a new activity in a unit. */
export const canRecordIn = (actor: Actor, unitPath: string) => can(actor, 'activities.edit', unitPath);

/** Marking a done activity verified (commune officers and chairs, province officers). */
export const canVerifyActivity = (actor: Actor, a: Placed & { status: string }) => a.status === 'done' && can(actor, 'activities.verify', a.unitPath);

/** Household names on an activity: only for those who read the household's village. */
export const canSeeHouseholdName = (actor: Actor, h: { villagePath: string }) => can(actor, 'households.read', h.villagePath);
