import { canSomewhere, type Actor } from '../../access/actor';
import { recordChanges, type AuditInput } from '../../audit/audit.service';
import type { Db } from '../../db/client';
import { AppError, forbidden, pgErrorCode } from '../../errors';
import { DEFAULT_MAX_BYTES, readTable } from '../../files/tabular';
import type { UploadSource } from '../../files/upload';
import { t, type Locale } from '../../../i18n';
import { insertUnits, rewriteSubtreePaths, selectLevels, selectUnitsByCodes, updateUnitFields } from './units.repository';
import { missingColumns, planImport, readImportRows, unitColumns, type PlannedUnit, type RowProblem } from './units.import-rows';
import { presentUnit } from './units.presenter';
import type { ImportProblem, Unit, UnitImportResult } from './units.schemas';
import type { Ctx } from './units.service';

export interface UnitImportOptions {
	/** Import the valid rows and leave out the bad ones; without it one bad row stops the import. */
	skipErrors?: boolean;
	/** Language of the row messages (the command line and API choose; default Vietnamese). */
	locale?: Locale;
	maxBytes?: number;
}

/**
 * Imports a unit table (CSV or XLSX; columns code, name, level, parent_code and optionally
 * valid_from, valid_to, successor_code), upserting by code, in one transaction. Every bad row is
 * reported with its line and column; unless `skipErrors` is set, any bad row means nothing is
 * stored and a VALIDATION error carries all of them as details.
 */
export async function importUnits(ctx: Ctx, source: UploadSource, options: UnitImportOptions = {}): Promise<UnitImportResult> {
	// Refused before the file is even read: only administrators shape the tree.
	if (!canSomewhere(ctx.actor, 'units.manage')) throw forbidden();
	const locale = options.locale ?? 'vi';
	const table = await readTable(source, { maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES });
	const missing = missingColumns(table);
	if (missing.length) {
		const details = missing.map((column) => ({ column, message: t(locale, 'unit.import.missingColumn', { column }) }));
		throw new AppError('VALIDATION', 'unit.import.notTable', {}, details);
	}
	if (!table.rows.length) throw new AppError('VALIDATION', 'unit.import.empty');

	return ctx.db.transaction(async (tx) => {
		const levels = await selectLevels(tx);
		const { rows, problems } = readImportRows(table, levels);
		const codes = new Set<string>();
		for (const r of rows) for (const c of [r.code, r.parentCode, r.successorCode]) if (c) codes.add(c);
		const existing = new Map((await selectUnitsByCodes(tx, [...codes])).map((u) => [u.unit.code, u]));
		const plan = planImport(rows, problems, existing, levels, ctx.actor);
		const errors = presentProblems(problems, locale);
		const badRows = new Set(problems.map((p) => p.row)).size;
		if (badRows && !options.skipErrors) {
			throw new AppError('VALIDATION', 'unit.import.hasErrors', { count: badRows, rows: rows.length }, errors);
		}
		try {
			await applyPlan(tx, ctx.actor, plan);
		} catch (err) {
			// Someone stored one of these codes while the file was being checked.
			if (pgErrorCode(err) === '23505') throw new AppError('CONFLICT', 'error.conflict');
			throw err;
		}
		const count = (change: PlannedUnit['change']) => plan.filter((p) => p.change === change).length;
		return {
			rows: rows.length,
			created: count('create'),
			updated: count('update') + count('move'),
			unchanged: count('unchanged'),
			skipped: badRows,
			errors
		};
	});
}

/** Problems in file order, columns in table order, messages in the chosen language. */
function presentProblems(problems: RowProblem[], locale: Locale): ImportProblem[] {
	const columnOrder = (c: string) => unitColumns.indexOf(c as (typeof unitColumns)[number]);
	return [...problems]
		.sort((a, b) => a.row - b.row || columnOrder(a.column) - columnOrder(b.column))
		.map((p) => ({ row: p.row, column: p.column, message: t(locale, p.key, p.params) }));
}

/**
 * Writes the plan level by level, parents first: new units of a level (successors left for
 * later, as they may be new units of the same level), then moves with their subtrees, then
 * the fields of changed units. One audit entry per created or changed unit.
 */
async function applyPlan(tx: Db, actor: Actor, plan: PlannedUnit[]): Promise<void> {
	const ranks = [...new Set(plan.map((p) => p.rank))].sort((a, b) => a - b);
	for (const rank of ranks) {
		const level = plan.filter((p) => p.rank === rank);
		await insertUnits(
			tx,
			level
				.filter((p) => p.change === 'create')
				.map((p) => ({
					id: p.id,
					code: p.code,
					name: p.name,
					level: p.level,
					parentId: p.parentId,
					path: p.path,
					validFrom: p.validFrom,
					validTo: p.validTo
				}))
		);
		for (const p of level) if (p.change === 'move') await rewriteSubtreePaths(tx, p.oldPath!, p.path);
		await updateUnitFields(
			tx,
			level
				.filter((p) => p.change === 'update' || p.change === 'move' || (p.change === 'create' && p.successorId))
				.map(({ id, name, parentId, validFrom, validTo, successorId }) => ({ id, name, parentId, validFrom, validTo, successorId }))
		);
	}
	const actions = { create: 'unit.create', update: 'unit.update', move: 'unit.move' } as const;
	const entries: AuditInput[] = plan
		.filter((p) => p.change !== 'unchanged')
		.map((p) => ({
			action: actions[p.change as keyof typeof actions],
			entityType: 'unit',
			entityId: p.id,
			unitId: p.id,
			before: p.existing ? presentUnit(p.existing) : undefined,
			after: presentPlanned(p),
			context: { source: 'import', row: p.line }
		}));
	await recordChanges(tx, actor, entries);
}

function presentPlanned(p: PlannedUnit): Unit {
	return {
		id: p.id,
		code: p.code,
		name: p.name,
		level: p.level,
		parentCode: p.parentCode,
		validFrom: p.validFrom,
		validTo: p.validTo,
		successorCode: p.successorCode,
		active: p.validTo === null && p.successorId === null
	};
}
