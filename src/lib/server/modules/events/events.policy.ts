import type { Actor } from '../../access/actor';
import { can } from '../../access/actor';
import { canReadActivity, canRecordIn } from '../activities/activities.policy';

/** Where an event sits: its unit's path and the paths of the villages it invites. */
export interface EventPlace {
	unitPath: string;
	invitedPaths: string[];
}

/**
 * Reading an event: activities.read on its unit (officers their commune, the province its
 * communes, a village head their village) — or on one of the villages it invites, so a village
 * head sees the commune's dialogue their village is invited to. Phones of those registered are
 * shown only to those who manage the event (canManageEvent).
 */
export const canReadEvent = (actor: Actor, e: EventPlace) =>
	can(actor, 'activities.read', e.unitPath) || e.invitedPaths.some((p) => can(actor, 'activities.read', p));

/**
 * Changing an event (details, publishing, registrations, attendance, questions, minutes, held or
 * cancelled): events.manage on its unit, and the right to record its activity there (a province
 * officer runs the province's own events, not a commune's: the activities rule of the own unit).
 */
export const canManageEvent = (actor: Actor, e: { unitPath: string }) => can(actor, 'events.manage', e.unitPath) && canRecordIn(actor, e.unitPath);

/** Creating an event in a unit: the same rule as changing one there. */
export const canCreateEventIn = (actor: Actor, unitPath: string) => canManageEvent(actor, { unitPath });

/** Opening the carrying activity (its attendance list, households): the activity's own rule. */
export const canReadEventActivity = (actor: Actor, e: { unitPath: string }) => canReadActivity(actor, e);

/**
 * Recording a question asked at the event: whoever runs the event (a mass organisation's member
 * too, who has no feedback.handle). The question enters the feedback intake in the event's unit,
 * where those who handle feedback take it up.
 */
export const canAddQuestion = (actor: Actor, e: { unitPath: string }) => canManageEvent(actor, e);

/**
 * The actor as the feedback intake sees it while entering a question of an event it may manage:
 * with the right to enter feedback in the event's unit and below, for that one call. The item
 * and its audit entry still name the actor.
 */
export function questionIntakeActor(actor: Actor, e: { unitId: string; unitCode: string; unitName: string; unitPath: string }): Actor {
	if (can(actor, 'feedback.handle', e.unitPath)) return actor;
	// commune_officer is a role holding feedback.handle; the grant reaches only the event's unit.
	return { ...actor, grants: [...actor.grants, { role: 'commune_officer', unitId: e.unitId, unitCode: e.unitCode, unitName: e.unitName, unitPath: e.unitPath }] };
}
