import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError, forbidden, invalid, pgErrorCode } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { units } from './units.tables';
import {
	rewriteSubtreePaths,
	selectLevels,
	selectUnitByCode,
	selectUnitById,
	selectUnits,
	type UnitLevelRow,
	type UnitRow,
	type UnitWithCodes
} from './units.repository';
import { canManageUnit, canReadUnit } from './units.policy';
import { presentUnit } from './units.presenter';
import type { UnitCreateInput, UnitListQuery, UnitMergeInput, UnitUpdateInput } from './units.schemas';

export interface Ctx {
	db: Db;
	actor: Actor;
}

/** Reads a unit the actor may see; NOT_FOUND when it does not exist, FORBIDDEN when out of scope. */
export async function getUnit(ctx: Ctx, code: string): Promise<UnitWithCodes> {
	const row = await selectUnitByCode(ctx.db, code);
	if (!row) throw new AppError('NOT_FOUND', 'unit.notFound', { code });
	if (!canReadUnit(ctx.actor, row.unit)) throw forbidden();
	return row;
}

export async function getUnitById(ctx: Ctx, id: string): Promise<UnitWithCodes> {
	const row = await selectUnitById(ctx.db, id);
	if (!row) throw new AppError('NOT_FOUND', 'error.notFound');
	if (!canReadUnit(ctx.actor, row.unit)) throw forbidden();
	return row;
}

export async function findUnits(ctx: Ctx, query: UnitListQuery) {
	let parentId: string | undefined;
	if (query.parent) parentId = (await getUnit(ctx, query.parent)).unit.id;
	const { items, hasMore } = await selectUnits(ctx.db, ctx.actor, {
		q: query.q,
		level: query.level,
		parentId,
		includeInactive: query.includeInactive,
		limit: query.limit,
		offset: query.offset
	});
	return { items: items.map(presentUnit), hasMore, limit: query.limit, offset: query.offset };
}

/** Checks that a unit of `level` may sit under `parent` (levels are data, ordered by rank). */
export function checkPlacement(levels: UnitLevelRow[], level: string, parentLevel: string | null) {
	const own = levels.find((l) => l.code === level);
	if (!own) throw invalid('unit.levelUnknown', { level });
	const root = levels[0];
	if (parentLevel === null) {
		if (own.rank !== root.rank) throw invalid('unit.parentRequired', { level });
		return;
	}
	const up = levels.find((l) => l.code === parentLevel)!;
	if (up.rank >= own.rank) throw invalid('unit.parentLevel', { level, parentLevel });
}

function checkDates(validFrom?: string | null, validTo?: string | null) {
	if (validFrom && validTo && validTo < validFrom) throw invalid('unit.dateOrder');
}

async function parentByCode(ctx: Ctx, code: string | null | undefined): Promise<UnitRow | null> {
	if (!code) return null;
	const row = await selectUnitByCode(ctx.db, code);
	if (!row) throw invalid('unit.notFound', { code });
	return row.unit;
}

export async function createUnit(ctx: Ctx, input: UnitCreateInput) {
	return ctx.db.transaction(async (tx) => {
		const c = { ...ctx, db: tx };
		const parent = await parentByCode(c, input.parentCode);
		if (!canManageUnit(ctx.actor, parent)) throw forbidden();
		checkPlacement(await selectLevels(tx), input.level, parent?.level ?? null);
		checkDates(input.validFrom, input.validTo);
		const id = randomUUID();
		try {
			await tx.insert(units).values({
				id,
				code: input.code,
				name: input.name,
				level: input.level,
				parentId: parent?.id ?? null,
				path: (parent?.path ?? '/') + id + '/',
				validFrom: input.validFrom ?? null,
				validTo: input.validTo ?? null
			});
		} catch (err) {
			if (pgErrorCode(err) === '23505') throw new AppError('CONFLICT', 'unit.codeTaken', { code: input.code });
			throw err;
		}
		const created = presentUnit((await selectUnitById(tx, id))!);
		await recordChange(tx, ctx.actor, { action: 'unit.create', entityType: 'unit', entityId: id, unitId: id, after: created });
		return created;
	});
}

/** Renames, re-dates or moves a unit; moving carries its whole subtree. */
export async function updateUnit(ctx: Ctx, code: string, input: UnitUpdateInput) {
	return ctx.db.transaction(async (tx) => {
		const c = { ...ctx, db: tx };
		const current = await getUnit(c, code);
		if (!canManageUnit(ctx.actor, current.unit)) throw forbidden();
		const before = presentUnit(current);
		const patch: Partial<UnitRow> = { updatedAt: new Date() };
		if (input.name !== undefined) patch.name = input.name;
		if (input.validFrom !== undefined) patch.validFrom = input.validFrom;
		if (input.validTo !== undefined) patch.validTo = input.validTo;
		checkDates(patch.validFrom ?? current.unit.validFrom, patch.validTo ?? current.unit.validTo);
		if (input.parentCode !== undefined && input.parentCode !== current.parentCode) {
			const parent = await parentByCode(c, input.parentCode);
			if (parent && parent.path.startsWith(current.unit.path)) throw invalid('unit.cycle');
			if (!canManageUnit(ctx.actor, parent)) throw forbidden();
			checkPlacement(await selectLevels(tx), current.unit.level, parent?.level ?? null);
			patch.parentId = parent?.id ?? null;
			await rewriteSubtreePaths(tx, current.unit.path, (parent?.path ?? '/') + current.unit.id + '/');
		}
		await tx.update(units).set(patch).where(eq(units.id, current.unit.id));
		const after = presentUnit((await selectUnitById(tx, current.unit.id))!);
		await recordChange(tx, ctx.actor, {
			action: input.parentCode !== undefined && input.parentCode !== current.parentCode ? 'unit.move' : 'unit.update',
			entityType: 'unit',
			entityId: current.unit.id,
			unitId: current.unit.id,
			before,
			after
		});
		return after;
	});
}

/**
 * Merges a unit into its successor from `date`: the unit stays, valid until the day before, with
 * the successor recorded so reports can roll its history forward. Its children move to the successor.
 */
export async function mergeUnit(ctx: Ctx, code: string, input: UnitMergeInput) {
	return ctx.db.transaction(async (tx) => {
		const c = { ...ctx, db: tx };
		const merged = await getUnit(c, code);
		const target = await getUnit(c, input.successorCode);
		if (!canManageUnit(ctx.actor, merged.unit) || !canManageUnit(ctx.actor, target.unit)) throw forbidden();
		if (merged.unit.id === target.unit.id) throw invalid('unit.mergeSelf');
		if (merged.unit.successorId) throw new AppError('CONFLICT', 'unit.alreadyMerged', { code });
		if (merged.unit.level !== target.unit.level) throw invalid('unit.mergeLevel');
		if (target.unit.path.startsWith(merged.unit.path)) throw invalid('unit.cycle');
		const dayBefore = new Date(Date.parse(input.date + 'T00:00:00Z') - 86_400_000).toISOString().slice(0, 10);
		checkDates(merged.unit.validFrom, dayBefore);
		const before = presentUnit(merged);
		await tx
			.update(units)
			.set({ successorId: target.unit.id, validTo: dayBefore, updatedAt: new Date() })
			.where(eq(units.id, merged.unit.id));
		if (input.moveChildren) {
			const children = await tx.select().from(units).where(eq(units.parentId, merged.unit.id));
			for (const child of children) {
				await tx.update(units).set({ parentId: target.unit.id }).where(eq(units.id, child.id));
				await rewriteSubtreePaths(tx, child.path, target.unit.path + child.id + '/');
			}
		}
		const after = presentUnit((await selectUnitById(tx, merged.unit.id))!);
		await recordChange(tx, ctx.actor, {
			action: 'unit.merge',
			entityType: 'unit',
			entityId: merged.unit.id,
			unitId: merged.unit.id,
			before,
			after,
			context: { successor: target.unit.code, movedChildren: input.moveChildren }
		});
		return after;
	});
}

/** The chain of units from the root down to `unit` (for breadcrumbs and portal headers). */
export async function unitAncestors(db: Db, unit: UnitRow): Promise<UnitRow[]> {
	const ids = unit.path.split('/').filter(Boolean);
	if (ids.length <= 1) return [];
	const rows = await db.select().from(units).where(inArray(units.id, ids.slice(0, -1)));
	return ids.slice(0, -1).map((id) => rows.find((r) => r.id === id)!).filter(Boolean);
}
