import { randomUUID } from 'node:crypto';
import type { Actor } from '../../access/actor';
import { can, scopePaths } from '../../access/actor';
import { AppError } from '../../errors';
import type { MessageKey } from '../../../i18n';
import { parseCalendarDate, type Table } from '../../files/tabular';
import type { UnitLevelRow, UnitWithCodes } from './units.repository';
import { checkPlacement } from './units.service';

/**
 * The checks of a unit import, as pure functions over the file and the units already stored, so
 * every bad row is found (not only the first) before anything is written.
 */

export const requiredColumns = ['code', 'name', 'level', 'parent_code'] as const;
export const optionalColumns = ['valid_from', 'valid_to', 'successor_code'] as const;
export const unitColumns = [...requiredColumns, ...optionalColumns];

export interface RowProblem {
	row: number;
	column: string;
	key: MessageKey;
	params?: Record<string, string | number>;
}

/** A row as read. An optional field is `undefined` when the file lacks its column: the stored value stays. */
export interface ImportRow {
	line: number;
	code: string;
	name: string;
	level: string;
	parentCode: string | null;
	validFrom?: string | null;
	validTo?: string | null;
	successorCode?: string | null;
}

export interface PlannedUnit {
	line: number;
	id: string;
	code: string;
	level: string;
	rank: number;
	name: string;
	parentCode: string | null;
	parentId: string | null;
	/** Materialised path after the import. */
	path: string;
	/** The stored unit's path just before this row is applied (earlier moves included); null for new units. */
	oldPath: string | null;
	validFrom: string | null;
	validTo: string | null;
	successorCode: string | null;
	successorId: string | null;
	existing: UnitWithCodes | null;
	change: 'create' | 'update' | 'move' | 'unchanged';
}

const codePattern = /^[A-Za-z0-9._-]{1,40}$/;
const MAX_NAME = 200;

/** The required columns the file lacks. */
export function missingColumns(table: Table): string[] {
	return requiredColumns.filter((c) => !table.header.includes(c));
}

/** Reads each row's fields and checks what needs no database: presence, formats, dates, repeats. */
export function readImportRows(table: Table, levels: UnitLevelRow[]): { rows: ImportRow[]; problems: RowProblem[] } {
	const problems: RowProblem[] = [];
	const has = (column: string) => table.header.includes(column);
	const firstLine = new Map<string, number>();
	const rows = table.rows.map(({ line, values }) => {
		const problem = (column: string, key: MessageKey, params?: RowProblem['params']) => problems.push({ row: line, column, key, params });
		const code = values.code ?? '';
		if (!code) problem('code', 'unit.import.required');
		else if (!codePattern.test(code)) problem('code', 'unit.import.codeFormat');
		else if (firstLine.has(code)) problem('code', 'unit.import.duplicateInFile', { code, line: firstLine.get(code)! });
		else firstLine.set(code, line);

		const name = values.name ?? '';
		if (!name) problem('name', 'unit.import.required');
		else if (name.length > MAX_NAME) problem('name', 'unit.import.tooLong', { max: MAX_NAME });

		// Level codes are data; people type them in any case.
		const level = (values.level ?? '').toLowerCase();
		if (!level) problem('level', 'unit.import.required');
		else if (!levels.some((l) => l.code === level)) problem('level', 'unit.levelUnknown', { level: values.level });

		const optionalCode = (column: string): string | null => {
			const value = values[column] ?? '';
			if (value && !codePattern.test(value)) problem(column, 'unit.import.codeFormat');
			return value || null;
		};
		const optionalDate = (column: string): string | null | undefined => {
			if (!has(column)) return undefined;
			const value = values[column] ?? '';
			if (!value) return null;
			const date = parseCalendarDate(value);
			if (!date) problem(column, 'unit.import.badDate');
			return date;
		};
		const row: ImportRow = { line, code, name, level, parentCode: optionalCode('parent_code') };
		row.validFrom = optionalDate('valid_from');
		row.validTo = optionalDate('valid_to');
		if (has('successor_code')) row.successorCode = optionalCode('successor_code');
		return row;
	});
	return { rows, problems };
}

/**
 * Checks each row against the stored units and the rest of the file (parents, successors, levels,
 * scope), marks rows that depend on a bad row as bad too, and plans the good ones in level order.
 */
export function planImport(
	rows: ImportRow[],
	problems: RowProblem[],
	existing: Map<string, UnitWithCodes>,
	levels: UnitLevelRow[],
	actor: Actor
): PlannedUnit[] {
	const bad = new Set(problems.map((p) => p.row));
	const byCode = new Map<string, ImportRow>();
	// The first row of a code is the one others refer to; a repeat is itself a bad row.
	for (const row of rows) if (row.code && !byCode.has(row.code)) byCode.set(row.code, row);
	const add = (row: ImportRow, column: string, key: MessageKey, params?: RowProblem['params']) => {
		problems.push({ row: row.line, column, key, params });
		bad.add(row.line);
	};
	const known = (code: string) => byCode.has(code) || existing.has(code);
	const levelOf = (code: string) => (byCode.has(code) ? byCode.get(code)!.level : (existing.get(code)?.unit.level ?? null));
	const successorOf = (code: string) => {
		const row = byCode.get(code);
		return row && row.successorCode !== undefined ? row.successorCode : (existing.get(code)?.successorCode ?? null);
	};

	for (const row of rows) {
		if (bad.has(row.line)) continue;
		const stored = existing.get(row.code);
		if (stored && stored.unit.level !== row.level) add(row, 'level', 'unit.import.levelChange', { level: stored.unit.level });
		// A parent or successor whose own row is bad is reported once, by markDependents below.
		const inBadRow = (code: string | null | undefined) => !!code && bad.has(byCode.get(code)?.line ?? -1) && code !== row.code;
		if (row.parentCode === row.code) add(row, 'parent_code', 'unit.cycle');
		else if (row.parentCode && !known(row.parentCode)) add(row, 'parent_code', 'unit.import.parentMissing', { code: row.parentCode });
		else if (!inBadRow(row.parentCode)) placement(row, row.parentCode ? levelOf(row.parentCode) : null, levels, add);
		const validFrom = row.validFrom !== undefined ? row.validFrom : (stored?.unit.validFrom ?? null);
		const validTo = row.validTo !== undefined ? row.validTo : (stored?.unit.validTo ?? null);
		if (validFrom && validTo && validTo < validFrom) add(row, row.validTo ? 'valid_to' : 'valid_from', 'unit.dateOrder');
		if (row.successorCode && !inBadRow(row.successorCode)) {
			if (row.successorCode === row.code) add(row, 'successor_code', 'unit.mergeSelf');
			else if (!known(row.successorCode)) add(row, 'successor_code', 'unit.import.successorMissing', { code: row.successorCode });
			else if (levelOf(row.successorCode) !== row.level) add(row, 'successor_code', 'unit.mergeLevel');
			else if (mergesInCircle(row.code, successorOf)) add(row, 'successor_code', 'unit.import.successorCycle');
		}
	}

	const markDependents = () => {
		for (let changed = true; changed; ) {
			changed = false;
			for (const row of rows) {
				if (bad.has(row.line)) continue;
				for (const [column, code, key] of [
					['parent_code', row.parentCode, 'unit.import.parentInvalid'],
					['successor_code', row.successorCode, 'unit.import.successorInvalid']
				] as const) {
					const target = code ? byCode.get(code) : undefined;
					if (target && bad.has(target.line) && !bad.has(row.line)) {
						add(row, column, key, { code: code!, line: target.line });
						changed = true;
					}
				}
			}
		}
	};
	markDependents();

	const ids = new Map<string, string>();
	const scoped = scopePaths(actor, 'units.manage') !== null;
	for (;;) {
		const plan = planPaths(rows.filter((r) => !bad.has(r.line)), existing, levels, ids);
		if (!scoped) return plan;
		// A manager of one province may import only inside it, before and after any move.
		const outside = plan.filter((p) => !can(actor, 'units.manage', p.path) || (p.oldPath !== null && !can(actor, 'units.manage', p.oldPath)));
		if (!outside.length) return plan;
		// Refuse the highest level first: a unit may be outside only because its parent's refused move took it there.
		const top = Math.min(...outside.map((p) => p.rank));
		for (const p of outside) if (p.rank === top) add(byCode.get(p.code)!, 'code', 'unit.import.outOfScope');
		markDependents();
	}
}

function placement(
	row: ImportRow,
	parentLevel: string | null,
	levels: UnitLevelRow[],
	add: (row: ImportRow, column: string, key: MessageKey, params?: RowProblem['params']) => void
) {
	try {
		checkPlacement(levels, row.level, parentLevel);
	} catch (err) {
		if (!(err instanceof AppError)) throw err;
		add(row, 'parent_code', err.messageKey, err.params);
	}
}

/** True when following successors from `code` comes back to it (A merged into B merged into A). */
function mergesInCircle(code: string, successorOf: (code: string) => string | null): boolean {
	let next = successorOf(code);
	for (let steps = 0; next && steps < 100; steps++) {
		if (next === code) return true;
		next = successorOf(next);
	}
	return false;
}

/**
 * Ids, paths and the kind of change of the good rows, parents first. Moves earlier in the order
 * rewrite the paths of everything under them, stored or in the file, as the database will.
 */
function planPaths(rows: ImportRow[], existing: Map<string, UnitWithCodes>, levels: UnitLevelRow[], ids: Map<string, string>): PlannedUnit[] {
	const rank = new Map(levels.map((l) => [l.code, l.rank]));
	const ordered = [...rows].sort((a, b) => rank.get(a.level)! - rank.get(b.level)! || a.line - b.line);
	const rewrites: [string, string][] = [];
	const current = (path: string) => rewrites.reduce((p, [from, to]) => (p.startsWith(from) ? to + p.slice(from.length) : p), path);
	const planned = new Map<string, PlannedUnit>();
	for (const row of ordered) {
		const stored = existing.get(row.code) ?? null;
		const id = stored?.unit.id ?? ids.get(row.code) ?? randomUUID();
		ids.set(row.code, id);
		const parentPlanned = row.parentCode ? planned.get(row.parentCode) : undefined;
		const parentStored = row.parentCode && !parentPlanned ? existing.get(row.parentCode) : undefined;
		const path = (parentPlanned?.path ?? (parentStored ? current(parentStored.unit.path) : '/')) + id + '/';
		const unit: PlannedUnit = {
			line: row.line,
			id,
			code: row.code,
			level: row.level,
			rank: rank.get(row.level)!,
			name: row.name,
			parentCode: row.parentCode,
			parentId: parentPlanned?.id ?? parentStored?.unit.id ?? null,
			path,
			oldPath: stored ? current(stored.unit.path) : null,
			validFrom: row.validFrom !== undefined ? row.validFrom : (stored?.unit.validFrom ?? null),
			validTo: row.validTo !== undefined ? row.validTo : (stored?.unit.validTo ?? null),
			successorCode: row.successorCode !== undefined ? row.successorCode : (stored?.successorCode ?? null),
			successorId: null,
			existing: stored,
			change: 'create'
		};
		if (stored) {
			const same =
				stored.unit.name === unit.name &&
				stored.unit.validFrom === unit.validFrom &&
				stored.unit.validTo === unit.validTo &&
				stored.successorCode === unit.successorCode;
			unit.change = stored.parentCode !== unit.parentCode ? 'move' : same ? 'unchanged' : 'update';
			if (unit.change === 'move') rewrites.push([unit.oldPath!, path]);
		}
		planned.set(row.code, unit);
	}
	// Successors share the level, so they may come later in the same level: resolve them last.
	for (const unit of planned.values()) {
		if (unit.successorCode) unit.successorId = planned.get(unit.successorCode)?.id ?? existing.get(unit.successorCode)?.unit.id ?? null;
	}
	return [...planned.values()];
}
