import type { Actor } from '../../access/actor';
import { can } from '../../access/actor';

type Placed = { unitPath: string };

/** Items are in reach by the unit they concern: a commune's officers see their commune's, the province all of its communes'. */
export const canReadFeedback = (actor: Actor, item: Placed) => can(actor, 'feedback.read', item.unitPath);

/** Assign, note, answer, close, merge, publish; and see who sent it. */
export const canHandleFeedback = (actor: Actor, item: Placed) => can(actor, 'feedback.handle', item.unitPath);

export const canConfigureFeedback = (actor: Actor) => can(actor, 'feedback.configure', null);
