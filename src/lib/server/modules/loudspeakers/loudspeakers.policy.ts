import type { Actor } from '../../access/actor';
import { can } from '../../access/actor';

type Placed = { unitPath: string };

/** Commune officers keep the stations of their commune: slots, tokens, the schedule. */
export const canManageStation = (actor: Actor, s: Placed) => can(actor, 'stations.manage', s.unitPath);

/** Confirming a play: the village head of the station's village, or a commune officer. */
export const canConfirmPlay = (actor: Actor, s: Placed) => can(actor, 'broadcasts.confirm', s.unitPath);

/**
 * Seeing a station and its schedule: those who manage or confirm there, and those who read the
 * activities there (a confirmed play is one of them).
 */
export const canReadStation = (actor: Actor, s: Placed) =>
	canManageStation(actor, s) || canConfirmPlay(actor, s) || can(actor, 'activities.read', s.unitPath);

/** Making a bulletin's speech: its writers and its approvers (who listen before approving). */
export const canMakeSpeech = (actor: Actor, c: Placed) => can(actor, 'content.edit', c.unitPath) || can(actor, 'content.approve', c.unitPath);

/** Reading a bulletin follows the content module's rule (released ones are read below their unit too). */
export { canReadContent } from '../content/content.policy';

/**
 * A bulletin may go on a station of its own unit or below it (a commune's bulletin on its villages'
 * stations), never on another commune's.
 */
export const bulletinCovers = (content: Placed, station: Placed) => station.unitPath.startsWith(content.unitPath);
