import type { Actor } from '../../access/actor';
import { can } from '../../access/actor';
import type { UnitRow } from './units.repository';

export const canReadUnit = (actor: Actor, unit: Pick<UnitRow, 'path'>) => can(actor, 'units.read', unit.path);

/** Creating, renaming, moving, merging and importing units is the administrator's work. */
export const canManageUnit = (actor: Actor, unit?: Pick<UnitRow, 'path'> | null) =>
	can(actor, 'units.manage', unit?.path ?? null);
