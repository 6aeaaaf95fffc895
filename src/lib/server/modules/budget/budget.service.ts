import { createHash, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { canSomewhere, scopeCondition, type Actor } from '../../access/actor';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { documentKinds, readStoredFile, storeFile } from '../../files/store';
import { today } from '../../periods';
import { selectUnitByCode } from '../units/units.repository';
import { units } from '../units/units.tables';
import { channels, fundingSources } from '../catalog/catalog.tables';
import { plans } from '../plans/plans.tables';
import { loadActivity, isUuid } from '../activities/activities.service';
import { assertPeriodOpen } from '../reports/reports.locks';
import { budgetAllocations, budgetYears, spendingLines, spendingReceipts } from './budget.tables';
import {
	budgetLevels,
	isYearClosed,
	selectAllocations,
	selectBudgetUnitOf,
	selectFigures,
	selectReceiptFile,
	selectReceipts,
	selectSpending,
	selectSpendingById,
	type BudgetUnit,
	type SourceFigures
} from './budget.repository';
import { canAllocate, canReadBudget, canRecordSpending, canReviewBudget } from './budget.policy';
import { presentAllocation, presentSpending } from './budget.presenter';
import { AllocationInput, BudgetQuery, ReviewInput, SpendingInput } from './budget.schemas';

export interface BudgetCtx {
	db: Db;
	actor: Actor;
	/** The clock (tests, demo data). */
	now?: () => Date;
}

const nowOf = (ctx: BudgetCtx) => (ctx.now ?? (() => new Date()))();

/** Advisory lock namespace of (holder, year, source): spending against one pot waits its turn. */
const BUDGET_LOCK = 7346301;

/** A receipt as uploaded: its bytes and the name it came with. */
export interface ReceiptUpload {
	bytes: Uint8Array;
	name: string;
}

/** A unit by code that holds a budget (commune or province); NOT_FOUND or VALIDATION otherwise. */
export async function loadHolder(db: Db, code: string): Promise<BudgetUnit> {
	const found = await selectUnitByCode(db, code);
	if (!found) throw notFound('budget.unitNotFound', { code });
	const u = found.unit;
	if (!(budgetLevels as readonly string[]).includes(u.level)) throw invalid('budget.notHolder', { unit: u.name });
	return { id: u.id, code: u.code, name: u.name, path: u.path, level: u.level };
}

async function requireSource(db: Db, code: string) {
	const [row] = await db.select().from(fundingSources).where(eq(fundingSources.code, code));
	if (!row) throw invalid('budget.sourceUnknown', { source: code });
	return row;
}

async function assertYearOpen(db: Db, holder: BudgetUnit, year: number) {
	if (await isYearClosed(db, holder.id, year)) throw new AppError('LOCKED', 'budget.yearClosed', { unit: holder.name, year });
}

/** Serialises writes that change what is left of one holder's source in one year. */
async function lockPot(tx: Db, holderId: string, year: number, source: string) {
	await tx.execute(sql`SELECT pg_advisory_xact_lock(${BUDGET_LOCK}, hashtext(${`${holderId}:${year}:${source}`}))`);
}

/** What is left of a source: allocation minus spending (any status) and commitment. */
export const available = (f: SourceFigures) => f.allocated - f.approved - f.pending - f.committed;

/**
 * Refuses a write that leaves the pot overspent (commitment and spending beyond allocation),
 * unless it carries the finance officer's override. Called after the write, under the pot's lock,
 * so the figures include it; the refusal rolls the transaction back.
 */
async function checkPot(tx: Db, actor: Actor, holder: BudgetUnit, year: number, source: string, override: { reason: string } | null) {
	const [f] = await selectFigures(tx, holder, year, source);
	const left = available(f);
	if (left >= 0) return { overspent: false, figures: f };
	if (!override) {
		throw new AppError('CONFLICT', 'budget.overspend', {
			year,
			allocated: f.allocated.toLocaleString('vi-VN'),
			over: (-left).toLocaleString('vi-VN')
		});
	}
	if (!canReviewBudget(actor, holder)) throw forbidden('budget.overrideForbidden');
	return { overspent: true, figures: f };
}

/** Budget pages and lists are for those who see money somewhere: a village head sees none (403, not an empty page). */
export function assertBudgetReader(actor: Actor) {
	if (!canSomewhere(actor, 'budget.read')) throw forbidden('budget.noAccess');
}

// ---- allocations ---------------------------------------------------------------------------

export async function createAllocation(ctx: BudgetCtx, raw: unknown) {
	const input = AllocationInput.parse(raw);
	return ctx.db.transaction(async (tx) => {
		const holder = await loadHolder(tx, input.unit);
		if (!canAllocate(ctx.actor, holder)) throw forbidden();
		await requireSource(tx, input.source);
		if (input.decisionDate > `${input.year}-12-31`) throw invalid('budget.decisionAfterYear');
		if (input.channel) {
			const [c] = await tx.select({ code: channels.code }).from(channels).where(eq(channels.code, input.channel));
			if (!c) throw invalid('budget.channelUnknown');
		}
		if (input.plan) {
			const [p] = await tx.select({ id: plans.id }).from(plans).where(eq(plans.id, input.plan));
			if (!p) throw invalid('budget.planUnknown');
		}
		await assertYearOpen(tx, holder, input.year);
		await lockPot(tx, holder.id, input.year, input.source);
		const [row] = await tx
			.insert(budgetAllocations)
			.values({
				unitId: holder.id,
				year: input.year,
				sourceCode: input.source,
				amount: input.amount,
				decisionNumber: input.decisionNumber,
				decisionDate: input.decisionDate,
				decisionIssuer: input.decisionIssuer,
				planId: input.plan,
				channelCode: input.channel,
				note: input.note,
				createdBy: ctx.actor.userId
			})
			.returning();
		await recordChange(tx, ctx.actor, { action: 'budget.allocation.create', entityType: 'budget_allocation', entityId: row.id, unitId: holder.id, after: row });
		return presentAllocation({ allocation: row, unitCode: holder.code, unitName: holder.name, unitPath: holder.path });
	});
}

/**
 * Removes an allocation entered by mistake. Refused in a closed year, and when what is left would
 * no longer cover the spending and commitments already drawn on the source.
 */
export async function deleteAllocation(ctx: BudgetCtx, id: string) {
	if (!isUuid(id)) throw notFound('budget.allocationNotFound');
	return ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.select({ allocation: budgetAllocations, unitCode: units.code, unitName: units.name, unitPath: units.path, level: units.level })
			.from(budgetAllocations)
			.innerJoin(units, eq(units.id, budgetAllocations.unitId))
			.where(eq(budgetAllocations.id, id));
		if (!row) throw notFound('budget.allocationNotFound');
		const holder: BudgetUnit = { id: row.allocation.unitId, code: row.unitCode, name: row.unitName, path: row.unitPath, level: row.level };
		if (!canAllocate(ctx.actor, holder)) throw forbidden();
		await assertYearOpen(tx, holder, row.allocation.year);
		await lockPot(tx, holder.id, row.allocation.year, row.allocation.sourceCode);
		await tx.delete(budgetAllocations).where(eq(budgetAllocations.id, id));
		const [f] = await selectFigures(tx, holder, row.allocation.year, row.allocation.sourceCode);
		if (available(f) < 0) throw conflict('budget.allocationInUse');
		await recordChange(tx, ctx.actor, { action: 'budget.allocation.delete', entityType: 'budget_allocation', entityId: id, unitId: holder.id, before: row.allocation });
	});
}

/** Allocations in the actor's reach; a unit filter outside it is FORBIDDEN. */
export async function findAllocations(ctx: BudgetCtx, raw: unknown) {
	assertBudgetReader(ctx.actor);
	const q = BudgetQuery.parse(raw);
	const unitPath = q.unit ? (await readableUnit(ctx, q.unit)).path : undefined;
	const { items, total } = await selectAllocations(ctx.db, ctx.actor, { unitPath, year: q.year, source: q.source }, q.limit, q.offset);
	return { items: items.map(presentAllocation), total, limit: q.limit, offset: q.offset };
}

async function readableUnit(ctx: BudgetCtx, code: string) {
	const found = await selectUnitByCode(ctx.db, code);
	if (!found) throw notFound('budget.unitNotFound', { code });
	if (!canReadBudget(ctx.actor, found.unit)) throw forbidden();
	return found.unit;
}

// ---- spending ------------------------------------------------------------------------------

function spendingHash(input: SpendingInput): string {
	const canonical = JSON.stringify([input.activity, input.source, input.amount, input.spentOn, input.payee, input.description, input.override?.reason ?? null]);
	return createHash('sha256').update(canonical).digest('hex');
}

/** The spending line's holder, for the policy. */
async function holderOfLine(db: Db, line: { budgetUnitId: string }): Promise<BudgetUnit> {
	const [u] = await db.select({ id: units.id, code: units.code, name: units.name, path: units.path, level: units.level }).from(units).where(eq(units.id, line.budgetUnitId));
	return u;
}

/** Checks shared by recording and correcting: the date, the year, the period locks. */
async function checkSpendingDate(tx: Db, ctx: BudgetCtx, holder: BudgetUnit, spentOn: string) {
	if (spentOn > today(nowOf(ctx))) throw invalid('budget.spentInFuture');
	await assertYearOpen(tx, holder, Number(spentOn.slice(0, 4)));
	await assertPeriodOpen(tx, holder.id, [spentOn]);
}

async function attachReceipts(tx: Db, actor: Actor, lineId: string, holder: BudgetUnit, receipts: ReceiptUpload[]) {
	for (const r of receipts) {
		const file = await storeFile(tx, { bytes: r.bytes, originalName: r.name, unitId: holder.id, createdBy: actor.userId, accept: documentKinds });
		await tx.insert(spendingReceipts).values({ lineId, fileId: file.id, createdBy: actor.userId }).onConflictDoNothing();
	}
}

/**
 * Records money spent on an activity from one source, with its receipts, in one transaction.
 * `id` (made by the caller) makes a repeat harmless: the same content returns the stored line,
 * other content is a conflict. Spending that would leave the source overspent is refused unless
 * the finance officer overrides it with a reason (kept on the line and in the audit trail).
 */
export async function recordSpending(ctx: BudgetCtx, raw: unknown, opts: { id?: string; receipts?: ReceiptUpload[] } = {}) {
	const input = SpendingInput.parse(raw);
	const id = opts.id ?? randomUUID();
	if (!isUuid(id)) throw invalid('budget.idFormat');
	const hash = spendingHash(input);
	return ctx.db.transaction(async (tx) => {
		const activity = await loadActivity(tx, input.activity);
		const holder = await selectBudgetUnitOf(tx, activity.unitPath);
		if (!holder || !canRecordSpending(ctx.actor, holder)) throw forbidden();
		await requireSource(tx, input.source);
		const year = Number(input.spentOn.slice(0, 4));
		await lockPot(tx, holder.id, year, input.source);
		const [existing] = await tx.select().from(spendingLines).where(eq(spendingLines.id, id));
		if (existing) {
			if (existing.payloadHash !== hash || existing.budgetUnitId !== holder.id) throw conflict('budget.idConflict');
			return { created: false, line: await getSpendingIn(tx, ctx.actor, id) };
		}
		await checkSpendingDate(tx, ctx, holder, input.spentOn);
		const [row] = await tx
			.insert(spendingLines)
			.values({
				id,
				activityId: activity.activity.id,
				budgetUnitId: holder.id,
				sourceCode: input.source,
				year,
				amount: input.amount,
				spentOn: input.spentOn,
				payee: input.payee,
				description: input.description,
				override: false,
				payloadHash: hash,
				createdBy: ctx.actor.userId
			})
			.returning();
		const pot = await checkPot(tx, ctx.actor, holder, year, input.source, input.override);
		if (pot.overspent) {
			await tx.update(spendingLines).set({ override: true, overrideReason: input.override!.reason }).where(eq(spendingLines.id, id));
		}
		await attachReceipts(tx, ctx.actor, id, holder, opts.receipts ?? []);
		await recordChange(tx, ctx.actor, {
			action: pot.overspent ? 'budget.spending.override' : 'budget.spending.create',
			entityType: 'spending_line',
			entityId: id,
			unitId: holder.id,
			after: { ...row, override: pot.overspent, overrideReason: pot.overspent ? input.override!.reason : null },
			context: pot.overspent ? { allocated: pot.figures.allocated, over: -available(pot.figures) } : undefined
		});
		return { created: true, line: await getSpendingIn(tx, ctx.actor, id) };
	});
}

/**
 * Corrects a line that is waiting or was sent back (not an approved one): it is recorded again
 * and checked against the source once more.
 */
export async function correctSpending(ctx: BudgetCtx, id: string, raw: unknown, receipts: ReceiptUpload[] = []) {
	const input = SpendingInput.parse(raw);
	if (!isUuid(id)) throw notFound('budget.spendingNotFound');
	return ctx.db.transaction(async (tx) => {
		const found = await selectSpendingById(tx, id);
		if (!found) throw notFound('budget.spendingNotFound');
		const holder = await holderOfLine(tx, found.line);
		if (!canReadBudget(ctx.actor, holder)) throw forbidden();
		if (!canRecordSpending(ctx.actor, holder)) throw forbidden();
		if (found.line.status === 'approved') throw conflict('budget.approvedLocked');
		if (input.activity !== found.line.activityId) throw invalid('budget.activityFixed');
		await requireSource(tx, input.source);
		const oldYear = found.line.year;
		const year = Number(input.spentOn.slice(0, 4));
		// Both pots in a fixed order, so two corrections never wait for each other.
		const pots = [`${oldYear}:${found.line.sourceCode}`, `${year}:${input.source}`].sort();
		for (const p of new Set(pots)) {
			const [y, s] = p.split(':');
			await lockPot(tx, holder.id, Number(y), s);
		}
		await assertYearOpen(tx, holder, oldYear);
		await assertPeriodOpen(tx, holder.id, [found.line.spentOn]);
		await checkSpendingDate(tx, ctx, holder, input.spentOn);
		const [line] = await tx.select().from(spendingLines).where(eq(spendingLines.id, id)).for('update');
		const patch = {
			sourceCode: input.source,
			year,
			amount: input.amount,
			spentOn: input.spentOn,
			payee: input.payee,
			description: input.description,
			status: 'recorded',
			payloadHash: spendingHash(input),
			updatedAt: nowOf(ctx)
		};
		await tx.update(spendingLines).set(patch).where(eq(spendingLines.id, id));
		const pot = await checkPot(tx, ctx.actor, holder, year, input.source, input.override ?? (line.override ? { reason: line.overrideReason! } : null));
		await tx
			.update(spendingLines)
			.set({ override: pot.overspent, overrideReason: pot.overspent ? (input.override?.reason ?? line.overrideReason) : null })
			.where(eq(spendingLines.id, id));
		await attachReceipts(tx, ctx.actor, id, holder, receipts);
		await recordChange(tx, ctx.actor, {
			action: pot.overspent ? 'budget.spending.override' : 'budget.spending.correct',
			entityType: 'spending_line',
			entityId: id,
			unitId: holder.id,
			before: line,
			after: { ...line, ...patch, override: pot.overspent }
		});
		return getSpendingIn(tx, ctx.actor, id);
	});
}

/** Adds receipts to a line that is not approved yet. */
export async function addReceipts(ctx: BudgetCtx, id: string, receipts: ReceiptUpload[]) {
	if (!isUuid(id)) throw notFound('budget.spendingNotFound');
	if (!receipts.length) throw invalid('budget.receiptMissing');
	return ctx.db.transaction(async (tx) => {
		const found = await selectSpendingById(tx, id, { forUpdate: true });
		if (!found) throw notFound('budget.spendingNotFound');
		const holder = await holderOfLine(tx, found.line);
		if (!canRecordSpending(ctx.actor, holder)) throw forbidden();
		if (found.line.status === 'approved') throw conflict('budget.approvedLocked');
		await assertYearOpen(tx, holder, found.line.year);
		await attachReceipts(tx, ctx.actor, id, holder, receipts);
		await recordChange(tx, ctx.actor, { action: 'budget.spending.receipts', entityType: 'spending_line', entityId: id, unitId: holder.id, after: { receipts: receipts.map((r) => r.name) } });
		return getSpendingIn(tx, ctx.actor, id);
	});
}

/** The finance officer approves a line or sends it back with a note saying what to correct. */
export async function reviewSpending(ctx: BudgetCtx, id: string, raw: unknown) {
	const input = ReviewInput.parse(raw);
	if (!isUuid(id)) throw notFound('budget.spendingNotFound');
	return ctx.db.transaction(async (tx) => {
		const found = await selectSpendingById(tx, id, { forUpdate: true });
		if (!found) throw notFound('budget.spendingNotFound');
		const holder = await holderOfLine(tx, found.line);
		if (!canReviewBudget(ctx.actor, holder)) throw forbidden();
		if (found.line.status !== 'recorded') throw conflict('budget.notWaiting');
		await assertYearOpen(tx, holder, found.line.year);
		const status = input.decision === 'approve' ? 'approved' : 'correction_requested';
		const patch = { status, reviewedBy: ctx.actor.userId, reviewedAt: nowOf(ctx), reviewNote: input.note, updatedAt: nowOf(ctx) };
		await tx.update(spendingLines).set(patch).where(eq(spendingLines.id, id));
		await recordChange(tx, ctx.actor, {
			action: input.decision === 'approve' ? 'budget.spending.approve' : 'budget.spending.return',
			entityType: 'spending_line',
			entityId: id,
			unitId: holder.id,
			before: { status: found.line.status },
			after: { status, reviewNote: input.note }
		});
		return getSpendingIn(tx, ctx.actor, id);
	});
}

async function getSpendingIn(db: Db, actor: Actor, id: string) {
	const found = await selectSpendingById(db, id);
	if (!found) throw notFound('budget.spendingNotFound');
	if (!canReadBudget(actor, { path: found.unitPath })) throw forbidden();
	const holder = { path: found.unitPath };
	return presentSpending(found, await selectReceipts(db, id), {
		review: canReviewBudget(actor, holder) && found.line.status === 'recorded',
		correct: canRecordSpending(actor, holder) && found.line.status !== 'approved'
	});
}

export async function getSpending(ctx: BudgetCtx, id: string) {
	if (!isUuid(id)) throw notFound('budget.spendingNotFound');
	return getSpendingIn(ctx.db, ctx.actor, id);
}

export async function findSpending(ctx: BudgetCtx, raw: unknown) {
	assertBudgetReader(ctx.actor);
	const q = BudgetQuery.parse(raw);
	const unitPath = q.unit ? (await readableUnit(ctx, q.unit)).path : undefined;
	const { items, total } = await selectSpending(ctx.db, ctx.actor, { unitPath, year: q.year, source: q.source, status: q.status, activityId: q.activity }, q.limit, q.offset);
	return {
		items: items.map((r) => {
			const holder = { path: r.unitPath };
			return presentSpending(r, null, {
				review: canReviewBudget(ctx.actor, holder) && r.line.status === 'recorded',
				correct: canRecordSpending(ctx.actor, holder) && r.line.status !== 'approved'
			});
		}),
		total,
		limit: q.limit,
		offset: q.offset
	};
}

// ---- figures and the year ------------------------------------------------------------------

/** Allocation, commitment and spending per source of a holder and year, with what is left. */
export async function getBudgetOverview(ctx: BudgetCtx, unitCode: string, year: number) {
	const holder = await loadHolder(ctx.db, unitCode);
	if (!canReadBudget(ctx.actor, holder)) throw forbidden();
	const [figures, sources, closed] = await Promise.all([
		selectFigures(ctx.db, holder, year),
		ctx.db.select().from(fundingSources),
		isYearClosed(ctx.db, holder.id, year)
	]);
	const names = new Map(sources.map((s) => [s.code, s]));
	const rows = figures.map((f) => ({
		...f,
		nameVi: names.get(f.source)?.nameVi ?? f.source,
		nameEn: names.get(f.source)?.nameEn ?? f.source,
		available: available(f)
	}));
	const total = rows.reduce(
		(t, r) => ({
			allocated: t.allocated + r.allocated,
			approved: t.approved + r.approved,
			pending: t.pending + r.pending,
			committed: t.committed + r.committed,
			available: t.available + r.available
		}),
		{ allocated: 0, approved: 0, pending: 0, committed: 0, available: 0 }
	);
	return {
		unit: { code: holder.code, name: holder.name, level: holder.level },
		year,
		closed,
		sources: rows,
		total,
		allowed: { review: canReviewBudget(ctx.actor, holder), allocate: canAllocate(ctx.actor, holder), spend: canRecordSpending(ctx.actor, holder) }
	};
}

/**
 * The finance officer closes a holder's year: nothing dated in it changes afterwards. Refused
 * while lines of the year still wait for review or correction.
 */
export async function closeBudgetYear(ctx: BudgetCtx, unitCode: string, year: number) {
	return ctx.db.transaction(async (tx) => {
		const holder = await loadHolder(tx, unitCode);
		if (!canReviewBudget(ctx.actor, holder)) throw forbidden();
		await assertYearOpen(tx, holder, year);
		const [{ n }] = await tx
			.select({ n: sql<number>`count(*)::int` })
			.from(spendingLines)
			.where(and(eq(spendingLines.budgetUnitId, holder.id), eq(spendingLines.year, year), sql`${spendingLines.status} <> 'approved'`));
		if (n > 0) throw conflict('budget.closeWaiting', { count: n });
		await tx.insert(budgetYears).values({ unitId: holder.id, year, closedAt: nowOf(ctx), closedBy: ctx.actor.userId });
		await recordChange(tx, ctx.actor, { action: 'budget.year.close', entityType: 'budget_year', entityId: `${holder.code}:${year}`, unitId: holder.id, after: { year } });
		return { unit: holder.code, year, closed: true };
	});
}

/** Budget holders in the actor's reach for budget.read (for pickers): communes and provinces. */
export async function readableHolders(ctx: BudgetCtx) {
	return ctx.db
		.select({ code: units.code, name: units.name, level: units.level, path: units.path })
		.from(units)
		.where(and(scopeCondition(ctx.actor, 'budget.read', units.path), sql`${units.level} IN ('commune', 'province')`, sql`${units.validTo} IS NULL`))
		.orderBy(units.path)
		.limit(500);
}

/** A receipt's file, for those who read the line's money. */
export async function getReceiptFile(ctx: BudgetCtx, lineId: string, fileId: string) {
	if (!isUuid(lineId) || !isUuid(fileId)) throw notFound('budget.receiptNotFound');
	const row = await selectReceiptFile(ctx.db, lineId, fileId);
	if (!row) throw notFound('budget.receiptNotFound');
	if (!canReadBudget(ctx.actor, { path: row.unitPath })) throw forbidden();
	const file = await readStoredFile(ctx.db, fileId);
	if (!file) throw notFound('budget.receiptNotFound');
	return file;
}
