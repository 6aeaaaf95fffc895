import { can } from '../../access/actor';
import { findAuditEntries } from '../../audit/audit.service';
import type { Db } from '../../db/client';
import type { Locale } from '../../../i18n';
import { selectLevels, selectMergedInto, selectUnitByCode } from './units.repository';
import { canManageUnit, canReadUnit } from './units.policy';
import { presentUnit } from './units.presenter';
import type { Unit } from './units.schemas';
import { findUnits, getUnit, unitAncestors, type Ctx } from './units.service';

/** Unit levels with their names in one language, for filters, forms and tables. */
export async function findUnitLevels(db: Db, locale: Locale) {
	return (await selectLevels(db)).map((l) => ({ code: l.code, name: locale === 'en' ? l.nameEn : l.nameVi }));
}

export interface UnitChange {
	field: string;
	from: unknown;
	to: unknown;
}

const shownFields = ['code', 'name', 'level', 'parentCode', 'validFrom', 'validTo', 'successorCode'] as const;

/** What an audit entry changed, field by field (a creation lists the fields it set). */
function changesOf(before: unknown, after: unknown): UnitChange[] {
	const b = (before ?? {}) as Partial<Unit>;
	const a = (after ?? {}) as Partial<Unit>;
	return shownFields
		.filter((f) => (b[f] ?? null) !== (a[f] ?? null))
		.map((field) => ({ field, from: b[field] ?? null, to: a[field] ?? null }));
}

/**
 * Everything the workspace page of one unit shows: the unit, its place in the tree, its children,
 * its merger history and (for those who may read the audit trail there) its recorded changes.
 * FORBIDDEN when the unit is outside the actor's reach.
 */
export async function getUnitDetail(ctx: Ctx, code: string) {
	const row = await getUnit(ctx, code);
	const unit = row.unit;
	const readAudit = can(ctx.actor, 'audit.read', unit.path);
	const [ancestors, children, mergedFrom, successor, audit] = await Promise.all([
		unitAncestors(ctx.db, unit),
		findUnits(ctx, { parent: unit.code, includeInactive: true, limit: 500, offset: 0 }),
		selectMergedInto(ctx.db, unit.id),
		row.successorCode ? selectUnitByCode(ctx.db, row.successorCode) : undefined,
		readAudit ? findAuditEntries(ctx.db, ctx.actor, { entityType: 'unit', entityId: unit.id, limit: 50, offset: 0 }) : null
	]);
	return {
		unit: presentUnit(row),
		ancestors: ancestors.map((a) => ({ code: a.code, name: a.name, readable: canReadUnit(ctx.actor, a) })),
		children: children.items,
		moreChildren: children.hasMore,
		mergedFrom,
		successor: successor ? { code: successor.unit.code, name: successor.unit.name } : null,
		canManage: canManageUnit(ctx.actor, unit),
		audit: audit?.items.map(({ entry }) => {
			const context = (entry.context ?? {}) as { source?: string; row?: number; successor?: string };
			return {
				seq: entry.seq,
				at: entry.at.toISOString(),
				actor: entry.actorName,
				action: entry.action,
				importRow: context.source === 'import' ? (context.row ?? null) : null,
				changes: changesOf(entry.before, entry.after)
			};
		}) ?? null
	};
}
