import { can, type Actor } from '../../access/actor';
import { forbidden } from '../../errors';

/** Pages of a portal are written by those who may edit the unit's content (articles, leaflets). */
export const canEditPortal = (actor: Actor, unitPath: string) => can(actor, 'content.edit', unitPath);

export function assertCanEditPortal(actor: Actor, unitPath: string): void {
	if (!canEditPortal(actor, unitPath)) throw forbidden('portal.edit.forbidden');
}
