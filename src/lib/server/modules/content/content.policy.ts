import type { Actor } from '../../access/actor';
import { can, scopePaths } from '../../access/actor';

/** What a content check needs of an item: its unit's path and its status. */
export interface Placed {
	unitPath: string;
	status: string;
}

/** Items that have passed review: from here on the units below the item's unit read them too. */
export const releasedStatuses = ['approved', 'published'] as const;
export const isReleased = (status: string) => (releasedStatuses as readonly string[]).includes(status);

/**
 * Reading: every item of the units under the actor's `content.read` grants, in any status (the
 * commune officer and chair their commune, the province officer the province); and items of the
 * units above a grant once approved or published (the village head reads the commune's bulletins
 * and leaflets, not its drafts). Never another commune's items.
 */
export function canReadContent(actor: Actor, item: Placed): boolean {
	if (can(actor, 'content.read', item.unitPath)) return true;
	if (!isReleased(item.status)) return false;
	const paths = scopePaths(actor, 'content.read');
	return paths !== null && paths.some((p) => p.startsWith(item.unitPath));
}

/** Write, change, submit, publish, attach a PDF, record printing: `content.edit` reaching the item's unit. */
export const canEditContent = (actor: Actor, item: Pick<Placed, 'unitPath'>) => can(actor, 'content.edit', item.unitPath);

/** Approve or return an item in review: `content.approve` reaching the item's unit (the commune chair, the province officer). */
export const canApproveContent = (actor: Actor, item: Pick<Placed, 'unitPath'>) => can(actor, 'content.approve', item.unitPath);
