import type { Actor, Grant } from '../../access/actor';
import { can, isGlobal } from '../../access/actor';
import type { Permission } from '../../access/roles';
import { rolePermissions } from '../../access/roles';

/** The unit a report belongs to, and its parent's path (the level above). */
export interface ReportUnit {
	id: string;
	path: string;
	/** The parent's materialised path; null for a unit at the top. */
	parentPath: string | null;
}

/**
 * A report is the unit's own: written and submitted by those whose grant is on that unit, approved
 * by its leader (for a village, the village head). A province officer reads the communes' reports
 * but neither writes nor approves them; only an administrator's grant reaches below for that.
 */
function holdsOnUnit(actor: Actor, permission: Permission, unit: ReportUnit): boolean {
	return actor.grants.some(
		(g: Grant) =>
			rolePermissions[g.role].includes(permission) &&
			(isGlobal(g) || g.unitId === unit.id || (g.role === 'admin' && unit.path.startsWith(g.unitPath!)))
	);
}

export const canReadReport = (actor: Actor, unit: Pick<ReportUnit, 'path'>) => can(actor, 'reports.read', unit.path);
/** Write narrative and entered figures, submit. */
export const canEditReport = (actor: Actor, unit: ReportUnit) => holdsOnUnit(actor, 'reports.edit', unit);
/** Approve a submitted report: the unit's leader. */
export const canApproveReport = (actor: Actor, unit: ReportUnit) => holdsOnUnit(actor, 'reports.approve', unit);
/**
 * Accept, return and unlock: `reports.accept` on the level above (the parent unit), never on the
 * unit itself, so a commune cannot accept its own report.
 */
export const canAcceptReport = (actor: Actor, unit: ReportUnit) =>
	unit.parentPath !== null ? can(actor, 'reports.accept', unit.parentPath) : actor.grants.some((g) => isGlobal(g) && rolePermissions[g.role].includes('reports.accept'));
