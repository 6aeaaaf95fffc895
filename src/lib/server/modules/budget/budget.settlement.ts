import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { forbidden } from '../../errors';
import { today } from '../../periods';
import { rowsOf } from '../activities/activities.reach';
import { assertBudgetReader, loadHolder } from './budget.service';
import { units } from '../units/units.tables';
import { eq } from 'drizzle-orm';
import { renderSettlementDocx, renderSettlementXlsx, settlementFileName, xlsxContentType } from './budget.settlement.export';
import { documentContentTypes } from '../../documents';
import { canReadBudget } from './budget.policy';
import { selectSources, type BudgetUnit } from './budget.repository';

/** One budget holder's figures of the year by source: allocated, settled (approved spending), waiting. */
export interface HolderFigures {
	code: string;
	name: string;
	level: string;
	bySource: Record<string, { allocated: number; settled: number; pending: number }>;
	allocated: number;
	settled: number;
	pending: number;
}

/** An approved spending line behind a settled figure. */
export interface SettlementLine {
	id: string;
	holderCode: string;
	source: string;
	spentOn: string;
	activityTitle: string;
	activityDate: string;
	payee: string;
	description: string | null;
	amount: number;
	receipts: number;
}

export interface Allocation {
	holderCode: string;
	source: string;
	amount: number;
	decisionNumber: string;
	decisionDate: string;
	decisionIssuer: string;
}

export interface Settlement {
	unit: BudgetUnit;
	year: number;
	sources: { code: string; nameVi: string; nameEn: string }[];
	/** The unit itself first, then the budget holders under it (a province's communes) by code. */
	holders: HolderFigures[];
	total: { allocated: number; settled: number; pending: number; bySource: Record<string, { allocated: number; settled: number; pending: number }> };
	allocations: Allocation[];
	/** Approved lines, by holder (tree order), source (catalogue order), date. */
	lines: SettlementLine[];
	/** Lines of the year not approved yet: not in the settlement. */
	pendingCount: number;
	closed: boolean;
	generatedOn: string;
}

const likePrefix = (path: string) => path.replace(/[\\%_]/g, (c) => '\\' + c) + '%';

/**
 * The year-end settlement of a holder and every holder under it (a province aggregates its
 * communes). Sums are taken by the database as bigint and summed again here from the lines'
 * figures only for the totals row; the exports write these numbers, so a test can add the lines
 * back up.
 */
export async function getSettlement(ctx: { db: Db; actor: Actor; now?: () => Date }, unitCode: string, year: number, opts: { lines?: boolean } = {}): Promise<Settlement> {
	assertBudgetReader(ctx.actor);
	const unit = await loadHolder(ctx.db, unitCode);
	if (!canReadBudget(ctx.actor, unit)) throw forbidden();
	const db = ctx.db;
	// Every statement is sent at once: on PostgreSQL the pool answers them side by side while the
	// lines, the largest part, are still coming (PGlite takes them one after another).
	const sourcesQuery = selectSources(db);
	const holderQuery = rowsOf<{ id: string; code: string; name: string; level: string; closed: boolean }>(
		db,
		sql`SELECT u.id, u.code, u.name, u.level, EXISTS (SELECT 1 FROM budget_years y WHERE y.unit_id = u.id AND y.year = ${year}) AS closed
		FROM units u WHERE u.path LIKE ${likePrefix(unit.path)} AND u.level IN ('commune', 'province')
		AND (u.valid_to IS NULL OR u.valid_to >= ${`${year}-01-01`} OR u.id IN (SELECT budget_unit_id FROM spending_lines WHERE year = ${year}))
		ORDER BY u.depth, u.code`
	);
	const sumsQuery = rowsOf<{ code: string; source: string; allocated: string; settled: string; pending: string }>(
		db,
		sql`WITH h AS (SELECT id, code FROM units WHERE path LIKE ${likePrefix(unit.path)} AND level IN ('commune', 'province')),
		a AS (SELECT unit_id, source_code, SUM(amount)::bigint AS amount FROM budget_allocations WHERE year = ${year} AND unit_id IN (SELECT id FROM h) GROUP BY 1, 2),
		s AS (SELECT budget_unit_id AS unit_id, source_code,
			SUM(amount) FILTER (WHERE status = 'approved')::bigint AS settled, SUM(amount) FILTER (WHERE status <> 'approved')::bigint AS pending
			FROM spending_lines WHERE year = ${year} AND budget_unit_id IN (SELECT id FROM h) GROUP BY 1, 2)
		SELECT h.code, COALESCE(a.source_code, s.source_code) AS source, COALESCE(a.amount, 0) AS allocated, COALESCE(s.settled, 0) AS settled, COALESCE(s.pending, 0) AS pending
		FROM a FULL JOIN s ON s.unit_id = a.unit_id AND s.source_code = a.source_code
		JOIN h ON h.id = COALESCE(a.unit_id, s.unit_id)`
	);
	const withLines = opts.lines !== false;
	const linesQuery = withLines
		? rowsOf<{ id: string; code: string; source: string; spent_on: string; title: string; activity_date: string; payee: string; description: string | null; amount: string; receipts: number }>(
				db,
				sql`SELECT l.id, u.code, l.source_code AS source, l.spent_on::text AS spent_on, a.title, a.date::text AS activity_date, l.payee, l.description, l.amount,
					COALESCE(r.n, 0) AS receipts
				FROM spending_lines l JOIN units u ON u.id = l.budget_unit_id JOIN activities a ON a.id = l.activity_id
				LEFT JOIN (SELECT line_id, count(*)::int AS n FROM spending_receipts WHERE line_id IN (SELECT id FROM spending_lines WHERE year = ${year}) GROUP BY line_id) r ON r.line_id = l.id
				WHERE l.year = ${year} AND l.status = 'approved' AND u.path LIKE ${likePrefix(unit.path)}
				ORDER BY u.path, l.source_code, l.spent_on, l.id`
			)
		: Promise.resolve([]);
	const allocationsQuery = withLines
		? rowsOf<{ code: string; source: string; amount: string; decision_number: string; decision_date: string; decision_issuer: string }>(
				db,
				sql`SELECT u.code, b.source_code AS source, b.amount, b.decision_number, b.decision_date::text AS decision_date, b.decision_issuer
				FROM budget_allocations b JOIN units u ON u.id = b.unit_id
				WHERE b.year = ${year} AND u.path LIKE ${likePrefix(unit.path)} ORDER BY u.path, b.source_code, b.decision_date`
			)
		: Promise.resolve([]);
	const pendingQuery = rowsOf<{ n: number }>(
		db,
		sql`SELECT count(*)::int AS n FROM spending_lines l JOIN units u ON u.id = l.budget_unit_id WHERE l.year = ${year} AND l.status <> 'approved' AND u.path LIKE ${likePrefix(unit.path)}`
	);
	const [sourceRows, holderRows, sums, raw, allocationRows, pendingRows] = await Promise.all([sourcesQuery, holderQuery, sumsQuery, linesQuery, allocationsQuery, pendingQuery]);
	const sources = sourceRows.map((s) => ({ code: s.code, nameVi: s.nameVi, nameEn: s.nameEn }));
	const sourceOrder = new Map(sources.map((s, i) => [s.code, i]));
	const empty = () => Object.fromEntries(sources.map((s) => [s.code, { allocated: 0, settled: 0, pending: 0 }]));
	const holders: HolderFigures[] = holderRows.map((h) => ({ code: h.code, name: h.name, level: h.level, bySource: empty(), allocated: 0, settled: 0, pending: 0 }));
	const byCode = new Map(holders.map((h) => [h.code, h]));
	const total = { allocated: 0, settled: 0, pending: 0, bySource: empty() };
	for (const r of sums) {
		const h = byCode.get(r.code);
		if (!h) continue;
		const f = { allocated: Number(r.allocated), settled: Number(r.settled), pending: Number(r.pending) };
		h.bySource[r.source] = f;
		for (const k of ['allocated', 'settled', 'pending'] as const) {
			h[k] += f[k];
			total[k] += f[k];
			total.bySource[r.source][k] += f[k];
		}
	}
	let lines: SettlementLine[] = [];
	let allocations: Allocation[] = [];
	if (withLines) {
		lines = raw.map((r) => ({
			id: r.id,
			holderCode: r.code,
			source: r.source,
			spentOn: r.spent_on,
			activityTitle: r.title,
			activityDate: r.activity_date,
			payee: r.payee,
			description: r.description,
			amount: Number(r.amount),
			receipts: Number(r.receipts)
		}));
		// Catalogue order of sources within a holder (the SQL sorted by code).
		const holderOrder = new Map(holders.map((h, i) => [h.code, i]));
		lines.sort((a, b) => (holderOrder.get(a.holderCode)! - holderOrder.get(b.holderCode)!) || (sourceOrder.get(a.source)! - sourceOrder.get(b.source)!) || 0);
		allocations = allocationRows.map((r) => ({ holderCode: r.code, source: r.source, amount: Number(r.amount), decisionNumber: r.decision_number, decisionDate: r.decision_date, decisionIssuer: r.decision_issuer }));
	}
	const pendingCount = holders.length ? pendingRows[0].n : 0;
	return {
		unit,
		year,
		sources,
		holders,
		total,
		allocations,
		lines,
		pendingCount: Number(pendingCount),
		closed: holderRows.find((h) => h.code === unit.code)?.closed ?? false,
		generatedOn: today(ctx.now?.() ?? new Date())
	};
}

/** The settlement as the API's JSON: figures per holder and source, without the lines. */
export function presentSettlement(s: Settlement) {
	return {
		unit: { code: s.unit.code, name: s.unit.name, level: s.unit.level },
		year: s.year,
		closed: s.closed,
		pendingCount: s.pendingCount,
		sources: s.sources,
		holders: s.holders,
		total: s.total
	};
}

/** The settlement as a download: the XLSX workbook or the DOCX cover. */
export async function settlementFile(ctx: { db: Db; actor: Actor; now?: () => Date }, unitCode: string, year: number, format: 'xlsx' | 'docx') {
	const s = await getSettlement(ctx, unitCode, year);
	if (format === 'xlsx') return { body: await renderSettlementXlsx(s), name: settlementFileName(s, 'xlsx'), contentType: xlsxContentType };
	const [parent] = await ctx.db
		.select({ name: units.name })
		.from(units)
		.where(eq(units.id, sql`(SELECT parent_id FROM units WHERE id = ${s.unit.id})`));
	return { body: await renderSettlementDocx(s, parent?.name ?? null), name: settlementFileName(s, 'docx'), contentType: documentContentTypes.docx };
}
