import { sql } from 'drizzle-orm';
import { AppError, conflict, forbidden } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import {
	allocateRegisterNumber,
	carryTaskStatuses,
	selectMaxVersion,
	selectOpenVersion,
	updatePlanRow,
	type PlanWithUnit
} from './plans.repository';
import { plans } from './plans.tables';
import { canApprovePlans, canEditPlans, canIssuePlans } from './plans.policy';
import { referenceOf } from './plans.presenter';
import type { PlanReturnInput, PlanView } from './plans.schemas';
import { localDate } from './plans.dates';
import { assertDraft, changeAndShow, insertDraft, loadPlan, loadReadablePlan, nowOf, unitOf, type PlanCtx } from './plans.service';

/**
 * The life of a plan: draft → submitted → approved → issued, with "returned" meaning back to
 * draft with the leader's comment, and a revision of an issued plan that supersedes it once
 * issued in turn. Each step locks the plan's row, checks state and rights, and is audited.
 */

/** What a step changes: the state, not the content (the content is recorded when created or updated). */
const stateOf = (p: PlanWithUnit['plan']) => ({ status: p.status, version: p.version, reference: referenceOf(p.number, p.symbol) });

/**
 * A step changes the plan `row` and says what to record: the action, the state it left (`status`,
 * and `reference` once numbered), context; `show` names another plan to answer with (a new revision).
 */
type Step = (
	ctx: PlanCtx & { row: PlanWithUnit; at: Date }
) => Promise<{ action: string; status: string; reference?: string | null; context?: Record<string, unknown>; show?: string }>;

async function step(ctx: PlanCtx, id: string, run: Step): Promise<PlanView> {
	return changeAndShow(ctx, async (tx) => {
		const c = { ...ctx, db: tx };
		const row = await loadReadablePlan(c, id, { forUpdate: true });
		const { action, status, reference, context, show } = await run({ ...c, row, at: nowOf(ctx) });
		const before = stateOf(row.plan);
		await recordChange(tx, ctx.actor, {
			action,
			entityType: 'plan',
			entityId: id,
			unitId: row.plan.unitId,
			before,
			after: { ...before, status, reference: reference ?? before.reference },
			context
		});
		return show ?? id;
	});
}

/** The officer hands a draft to the leader for approval. */
export function submitPlan(ctx: PlanCtx, id: string): Promise<PlanView> {
	return step(ctx, id, async ({ db, actor, row, at: now }) => {
		if (!canEditPlans(actor, unitOf(row))) throw forbidden();
		assertDraft(row);
		await updatePlanRow(db, id, { status: 'submitted', submittedAt: now, submittedBy: actor.userId });
		return { action: 'plan.submit', status: 'submitted' };
	});
}

/** The leader sends a submitted (or approved, not yet issued) plan back to draft, saying what to change. */
export function returnPlan(ctx: PlanCtx, id: string, input: PlanReturnInput): Promise<PlanView> {
	return step(ctx, id, async ({ db, actor, row }) => {
		if (!canApprovePlans(actor, unitOf(row))) throw forbidden();
		const status = row.plan.status;
		if (status === 'issued' || status === 'superseded') assertDraft(row);
		if (status !== 'submitted' && status !== 'approved') throw conflict('plan.notSubmitted');
		await updatePlanRow(db, id, { status: 'draft', returnComment: input.comment, approvedAt: null, approvedBy: null });
		return { action: 'plan.return', status: 'draft', context: { comment: input.comment } };
	});
}

/** The unit's leader approves a submitted plan (the commune chair; the province officer for the province's plan). */
export function approvePlan(ctx: PlanCtx, id: string): Promise<PlanView> {
	return step(ctx, id, async ({ db, actor, row, at: now }) => {
		if (!canApprovePlans(actor, unitOf(row))) throw forbidden();
		const status = row.plan.status;
		if (status === 'issued' || status === 'superseded') assertDraft(row);
		if (status !== 'submitted') throw conflict('plan.notSubmitted');
		await updatePlanRow(db, id, { status: 'approved', approvedAt: now, approvedBy: actor.userId, returnComment: null });
		return { action: 'plan.approve', status: 'approved' };
	});
}

/**
 * Issues an approved plan: takes the next number of the unit's register for this year and the
 * plan's symbol (in this transaction, so no gap and no duplicate), dates it today in Việt Nam,
 * writes both into the document, and makes the version it revises superseded.
 */
export function issuePlan(ctx: PlanCtx, id: string): Promise<PlanView> {
	return step(ctx, id, async ({ db, actor, row, at: now }) => {
		if (!canIssuePlans(actor, unitOf(row))) throw forbidden();
		const { plan } = row;
		if (plan.status === 'issued' || plan.status === 'superseded')
			throw new AppError('CONFLICT', 'plan.alreadyIssued', { reference: referenceOf(plan.number, plan.symbol) ?? '' });
		if (plan.status !== 'approved') throw conflict('plan.notApproved');
		const issuedOn = localDate(now);
		const year = Number(issuedOn.slice(0, 4));
		let superseded: string | null = null;
		if (plan.supersedesId) {
			// The version in force steps down: a series has one issued version at a time.
			const previous = await loadPlan(db, plan.supersedesId, { forUpdate: true });
			if (previous.plan.status === 'issued') {
				await updatePlanRow(db, previous.plan.id, { status: 'superseded' });
				superseded = previous.plan.id;
			}
		}
		// Lock order: plan rows, then the register row, then the audit chain (every audit write comes
		// after the number), so two issues never wait for each other in a circle. The number comes
		// late, so the register row stays locked for as short a time as possible.
		const number = await allocateRegisterNumber(db, plan.unitId, year, plan.symbol);
		await updatePlanRow(db, id, {
			status: 'issued',
			number,
			registerYear: year,
			issuedOn,
			issuedAt: now,
			issuedBy: actor.userId,
			// Only the two fields change: the document itself need not travel to the database and back.
			document: sql`${plans.document} || jsonb_build_object('number', ${String(number)}::text, 'date', ${issuedOn}::text)`
		});
		if (superseded) {
			await carryTaskStatuses(db, superseded, id);
			await recordChange(db, actor, {
				action: 'plan.supersede',
				entityType: 'plan',
				entityId: superseded,
				unitId: plan.unitId,
				before: { status: 'issued' },
				after: { status: 'superseded', supersededBy: id }
			});
		}
		const reference = referenceOf(number, plan.symbol);
		return { action: 'plan.issue', status: 'issued', reference, context: { reference, registerYear: year, ...(superseded ? { supersedes: superseded } : {}) } };
	});
}

/**
 * Starts a revision of an issued plan: a new draft version of the same series with the same
 * content (number and date cleared, task statuses carried over). The issued version stays in
 * force until the revision is issued.
 */
export function reviseIssuedPlan(ctx: PlanCtx, id: string): Promise<PlanView> {
	return step(ctx, id, async ({ db, actor, row }) => {
		const { plan } = row;
		if (!canEditPlans(actor, unitOf(row))) throw forbidden();
		if (plan.status === 'superseded') throw conflict('plan.notCurrent');
		if (plan.status !== 'issued') throw conflict('plan.notIssued');
		if (await selectOpenVersion(db, plan.seriesId)) throw conflict('plan.revisionOpen');
		const draftId = await insertDraft(db, actor, {
			unit: { id: plan.unitId },
			document: { ...plan.document, number: null, date: null },
			seriesId: plan.seriesId,
			version: (await selectMaxVersion(db, plan.seriesId)) + 1,
			supersedesId: plan.id,
			sourcePlanId: plan.sourcePlanId,
			source: 'revision'
		});
		await carryTaskStatuses(db, plan.id, draftId);
		return { action: 'plan.revise', status: plan.status, context: { revision: draftId }, show: draftId };
	});
}
