import type { Db } from '../../db/client';
import { systemActor, type Actor } from '../../access/actor';
import { buildActor, buildTwoCommunes } from '../../testing/factories';
import type { PlanDocumentInput } from './plans.interchange';
import type { PlanStatus, PlanView } from './plans.schemas';
import { createPlan, type PlanCtx } from './plans.service';
import { createPlanFromTemplate } from './plans.sources';
import { approvePlan, issuePlan, submitPlan } from './plans.workflow';

/** Test data for plans: the two-commune tree of the factories and one account per role that works on plans. */
export async function buildPlanWorld(db: Db) {
	const units = await buildTwoCommunes(db);
	const actors = {
		admin: await buildActor(db, 'admin', null),
		province: await buildActor(db, 'province_officer', 'P1'),
		officer: await buildActor(db, 'commune_officer', 'C1'),
		leader: await buildActor(db, 'commune_leader', 'C1'),
		finance: await buildActor(db, 'finance_officer', 'C1'),
		organisation: await buildActor(db, 'organisation_member', 'C1'),
		village: await buildActor(db, 'village_head', 'C1-V1'),
		otherOfficer: await buildActor(db, 'commune_officer', 'C2'),
		otherLeader: await buildActor(db, 'commune_leader', 'C2'),
		otherVillage: await buildActor(db, 'village_head', 'C2-V1')
	};
	const as = (actor: Actor, now?: () => Date): PlanCtx => ({ db, actor, now });
	return { units, actors, as };
}

/** The workflow steps that bring a draft to `status`. */
const stepsTo: Record<Exclude<PlanStatus, 'superseded'>, ((ctx: PlanCtx, id: string) => Promise<PlanView>)[]> = {
	draft: [],
	submitted: [submitPlan],
	approved: [submitPlan, approvePlan],
	issued: [submitPlan, approvePlan, issuePlan]
};

/**
 * A plan of `unitCode` in the given state, made by the administrator from the template (or from
 * `document`); `now` dates its issue.
 */
export async function buildPlan(
	db: Db,
	opts: { unitCode: string; year?: number; status?: Exclude<PlanStatus, 'superseded'>; document?: PlanDocumentInput; now?: () => Date }
): Promise<PlanView> {
	const ctx: PlanCtx = { db, actor: systemActor, now: opts.now };
	let plan = opts.document
		? await createPlan(ctx, { unitCode: opts.unitCode, document: opts.document })
		: await createPlanFromTemplate(ctx, { unitCode: opts.unitCode, year: opts.year ?? 2026 });
	for (const step of stepsTo[opts.status ?? 'draft']) plan = await step(ctx, plan.id);
	return plan;
}

/** A fixed moment, for issue dates and overdue tasks. */
export const at = (iso: string) => () => new Date(iso);
