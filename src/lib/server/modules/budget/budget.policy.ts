import type { Actor } from '../../access/actor';
import { can, isGlobal } from '../../access/actor';
import { rolePermissions, type Role } from '../../access/roles';

type Placed = { path: string };

/** Seeing money (allocations, spending, settlement) of a budget holder: budget.read over its unit. */
export const canReadBudget = (actor: Actor, holder: Placed) => can(actor, 'budget.read', holder.path);

/** Recording allocations of a holder: the commune's officers for the commune, the province for itself and its communes. */
export const canAllocate = (actor: Actor, holder: Placed) => can(actor, 'budget.edit', holder.path);

/**
 * Roles that record spending only on their own unit's activities: a province officer pays for
 * the province's conferences, not for what a commune did with the commune's money.
 */
const ownUnitOnly: readonly Role[] = ['province_officer'];

/** Recording or correcting spending drawn on a holder. */
export function canRecordSpending(actor: Actor, holder: Placed): boolean {
	return actor.grants.some((g) => {
		if (!rolePermissions[g.role].includes('budget.edit')) return false;
		if (isGlobal(g)) return true;
		if (ownUnitOnly.includes(g.role)) return holder.path === g.unitPath;
		return holder.path.startsWith(g.unitPath!);
	});
}

/** Approving, sending back, overriding an overspend and closing the year: the finance officer (budget.review). */
export const canReviewBudget = (actor: Actor, holder: Placed) => can(actor, 'budget.review', holder.path);
