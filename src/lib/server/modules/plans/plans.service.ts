import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError, conflict, forbidden, invalid, notFound, pgErrorCode } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { selectUnitByCode } from '../units/units.repository';
import type { UnitRow } from '../units/units.repository';
import { selectCatalogCodes } from '../catalog/catalog.repository';
import { PlanDocument, type PlanDocumentInput } from './plans.interchange';
import {
	insertPlan,
	replacePlanTargets,
	replacePlanTasks,
	selectExistingPlanIds,
	selectPlanById,
	selectPlans,
	selectSeriesVersions,
	selectTasksOfPlan,
	updatePlanRow,
	type PlanInsert,
	type PlanWithUnit
} from './plans.repository';
import { canEditPlans, canReadPlan } from './plans.policy';
import { presentPlan, presentPlanSummary, referenceOf } from './plans.presenter';
import { unstorableText, type Paging, type PlanListQuery, type PlanView } from './plans.schemas';
import { assigneeRoleOf } from './plans.assignees';
import { localDate } from './plans.dates';

/** What every plan use case receives: the database, who acts, and (for tests and demo data) the clock. */
export interface PlanCtx {
	db: Db;
	actor: Actor;
	/** The present moment; defaults to the system clock. */
	now?: () => Date;
}

export const nowOf = (ctx: PlanCtx) => (ctx.now ?? (() => new Date()))();

/** Ids reach the services from addresses and forms: anything else than a uuid is no record (not a database error). */
export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** A plan by id, locked when asked; NOT_FOUND also for an id that is not a uuid. */
export async function loadPlan(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<PlanWithUnit> {
	const row = isUuid(id) ? await selectPlanById(db, id, opts) : undefined;
	if (!row) throw notFound('plan.notFound');
	return row;
}

/** A plan the actor may read; FORBIDDEN for a draft outside their reach. */
export async function loadReadablePlan(ctx: PlanCtx, id: string, opts: { forUpdate?: boolean } = {}): Promise<PlanWithUnit> {
	const row = await loadPlan(ctx.db, id, opts);
	if (!canReadPlan(ctx.actor, row.plan, { path: row.unitPath })) throw forbidden();
	return row;
}

export async function loadUnit(db: Db, code: string): Promise<UnitRow> {
	const row = await selectUnitByCode(db, code);
	if (!row) throw invalid('unit.notFound', { code });
	return row.unit;
}

export const unitOf = (row: PlanWithUnit) => ({ id: row.plan.unitId, path: row.unitPath });

/** The plan as pages and the API show it: document, record fields, versions, tracked tasks, allowed actions. */
export async function planView(ctx: PlanCtx, row: PlanWithUnit): Promise<PlanView> {
	const versions = await selectSeriesVersions(ctx.db, ctx.actor, row.plan.seriesId);
	const tasks = await selectTasksOfPlan(ctx.db, row.plan.id);
	const hasOpenVersion = versions.some((v) => ['draft', 'submitted', 'approved'].includes(v.status));
	return presentPlan(ctx.actor, row, { versions, tasks, hasOpenVersion, today: localDate(nowOf(ctx)) });
}

/**
 * Runs a change in one transaction and answers the plan it names as committed. The view's reads
 * come after the commit, so the change's locks (the register number's above all) are held for the
 * change alone.
 */
export async function changeAndShow(ctx: PlanCtx, change: (tx: Db) => Promise<string>): Promise<PlanView> {
	const id = await ctx.db.transaction(change);
	return planView(ctx, await loadPlan(ctx.db, id));
}

/** Reads one plan: issued plans for any signed-in actor, others within reach. */
export async function getPlan(ctx: PlanCtx, id: string): Promise<PlanView> {
	return planView(ctx, await loadReadablePlan(ctx, id));
}

/** A plan's document as stored (for the renderer), with what a download's file name needs. */
export async function getPlanDocument(ctx: PlanCtx, id: string) {
	const row = await loadReadablePlan(ctx, id);
	return { document: row.plan.document, unit: row.unitCode, reference: referenceOf(row.plan.number, row.plan.symbol), version: row.plan.version };
}

/** Plans the actor may read, filtered, newest change first. */
export async function findPlans(ctx: PlanCtx, query: PlanListQuery) {
	const unitPath = query.unit ? (await loadUnit(ctx.db, query.unit)).path : undefined;
	const { items, hasMore } = await selectPlans(ctx.db, ctx.actor, { ...query, unitPath });
	return { items: items.map(presentPlanSummary), hasMore, limit: query.limit, offset: query.offset };
}

/**
 * The plans that name this plan among their bases (the units below that cascaded from it), as
 * far as the actor's reach goes: a province sees its communes' plans, drafts included.
 */
export async function findPlanCascades(ctx: PlanCtx, id: string, paging: Paging) {
	await loadReadablePlan(ctx, id);
	const { items, hasMore } = await selectPlans(ctx.db, ctx.actor, { cascadedFrom: id, scopeOnly: true, ...paging });
	return { items: items.map(presentPlanSummary), hasMore, limit: paging.limit, offset: paging.offset };
}

// Checking a document --------------------------------------------------------------------------

function unstorablePaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
	if (typeof value === 'string') {
		if (unstorableText.test(value)) out.push(path);
	} else if (Array.isArray(value)) value.forEach((v, i) => unstorablePaths(v, [...path, i], out));
	else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) unstorablePaths(v, [...path, k], out);
	return out;
}

/**
 * Validates a plan document: its shape (PlanDocument), the catalogue codes it names (indicators,
 * channels, audience groups, funding sources), the plans its bases point to, and text PostgreSQL
 * can store. Problems are thrown as one ZodError, each with its path, which the API answers as 400.
 */
export async function checkDocument(db: Db, input: PlanDocumentInput | PlanDocument): Promise<PlanDocument> {
	const document = PlanDocument.parse(input);
	const issues: z.core.$ZodIssue[] = [];
	const problem = (path: (string | number)[], message: string) => issues.push({ code: 'custom', path, message, input: undefined });
	for (const path of unstorablePaths(document)) problem(path, 'plan.badText');
	const codes = await selectCatalogCodes(db);
	const seen = new Set<string>();
	document.targets.forEach((t, i) => {
		if (!codes.indicators.has(t.indicator)) problem(['targets', i, 'indicator'], 'plan.indicatorUnknown');
		const key = `${t.indicator}\u0001${t.period}`;
		if (seen.has(key)) problem(['targets', i, 'period'], 'plan.targetDuplicate');
		seen.add(key);
	});
	document.channels.forEach((c, i) => codes.channels.has(c) || problem(['channels', i], 'plan.channelUnknown'));
	document.audiences.forEach((c, i) => codes.audienceGroups.has(c) || problem(['audiences', i], 'plan.audienceUnknown'));
	document.fundingSources.forEach((c, i) => codes.fundingSources.has(c) || problem(['fundingSources', i], 'plan.fundingSourceUnknown'));
	if (document.period && document.period.to < document.period.from) problem(['period', 'to'], 'plan.periodOrder');
	const linked = document.bases.map((b) => b.planId).filter((id): id is string => id !== null);
	const existing = await selectExistingPlanIds(db, linked);
	document.bases.forEach((b, i) => b.planId && !existing.has(b.planId) && problem(['bases', i, 'planId'], 'plan.basisUnknown'));
	if (issues.length) throw new z.ZodError(issues);
	return document;
}

/** The record's columns that repeat the document (title, period, symbol, linked plans). */
export function documentColumns(document: PlanDocument) {
	return {
		title: document.title,
		periodFrom: document.period?.from ?? null,
		periodTo: document.period?.to ?? null,
		symbol: document.symbol,
		document,
		basisPlanIds: [...new Set(document.bases.map((b) => b.planId).filter((id): id is string => id !== null))]
	};
}

/** Rewrites a plan's targets and tasks from its document (tasks all open). */
export async function storeDocumentParts(tx: Db, planId: string, unitId: string, document: PlanDocument) {
	await replacePlanTargets(tx, planId, document.targets);
	await replacePlanTasks(
		tx,
		planId,
		unitId,
		document.tasks.map((t) => ({ assignee: t.assignee, assigneeRole: assigneeRoleOf(t.assignee), text: t.text, due: t.due }))
	);
}

/** What the audit trail keeps of a plan. */
export function auditShape(row: { status: string; version: number; number: number | null; symbol: string; document: PlanDocument }) {
	return { status: row.status, version: row.version, reference: referenceOf(row.number, row.symbol), document: row.document };
}

export interface NewPlan {
	unit: Pick<UnitRow, 'id'>;
	document: PlanDocument;
	seriesId?: string;
	version?: number;
	supersedesId?: string | null;
	sourcePlanId?: string | null;
	/** How the plan was made, for the audit trail: document, template, cascade, copy, revision. */
	source: string;
}

/** Stores a new draft with its targets and tasks and records it; inside the caller's transaction. */
export async function insertDraft(tx: Db, actor: Actor, p: NewPlan): Promise<string> {
	const id = randomUUID();
	const values: PlanInsert = {
		id,
		unitId: p.unit.id,
		seriesId: p.seriesId ?? id,
		version: p.version ?? 1,
		supersedesId: p.supersedesId ?? null,
		sourcePlanId: p.sourcePlanId ?? null,
		status: 'draft',
		createdBy: actor.userId,
		...documentColumns(p.document)
	};
	try {
		await insertPlan(tx, values);
	} catch (err) {
		// Two revisions of one plan at the same moment: the series admits one version in work.
		if (pgErrorCode(err) === '23505') throw conflict('plan.revisionOpen');
		throw err;
	}
	await storeDocumentParts(tx, id, p.unit.id, p.document);
	await recordChange(tx, actor, {
		action: 'plan.create',
		entityType: 'plan',
		entityId: id,
		unitId: p.unit.id,
		after: auditShape({ status: 'draft', version: values.version!, number: null, symbol: p.document.symbol, document: p.document }),
		context: { source: p.source, ...(p.sourcePlanId ? { sourcePlanId: p.sourcePlanId } : {}) }
	});
	return id;
}

/**
 * Stores a plan document (written, imported or sent through the API) as a new draft of the unit.
 * The document is checked (VALIDATION with the path of each problem); the actor must edit the
 * unit's plans. `sourcePlanId` names a plan this one was made from.
 */
export async function createPlan(ctx: PlanCtx, input: { unitCode: string; document: PlanDocumentInput; sourcePlanId?: string | null }): Promise<PlanView> {
	return changeAndShow(ctx, async (tx) => {
		const unit = await loadUnit(tx, input.unitCode);
		if (!canEditPlans(ctx.actor, unit)) throw forbidden();
		const document = await checkDocument(tx, input.document);
		if (input.sourcePlanId) {
			const source = isUuid(input.sourcePlanId) ? await selectPlanById(tx, input.sourcePlanId) : undefined;
			if (!source || !canReadPlan(ctx.actor, source.plan, { path: source.unitPath })) throw invalid('plan.sourceUnknown');
		}
		return insertDraft(tx, ctx.actor, { unit, document, sourcePlanId: input.sourcePlanId ?? null, source: 'document' });
	});
}

/** Refuses any change to a plan that is no longer a draft, saying why. */
export function assertDraft(row: PlanWithUnit) {
	const status = row.plan.status;
	if (status === 'issued' || status === 'superseded') throw new AppError('CONFLICT', 'plan.issuedImmutable', { reference: referenceOf(row.plan.number, row.plan.symbol) ?? '' });
	if (status !== 'draft') throw conflict('plan.notDraft');
}

/** Replaces the document of a draft (or a returned plan); submitted, approved and issued plans are refused. */
export async function updatePlan(ctx: PlanCtx, id: string, input: PlanDocumentInput): Promise<PlanView> {
	return changeAndShow(ctx, async (tx) => {
		const row = await loadReadablePlan({ ...ctx, db: tx }, id, { forUpdate: true });
		if (!canEditPlans(ctx.actor, unitOf(row))) throw forbidden();
		assertDraft(row);
		const document = await checkDocument(tx, input);
		await updatePlanRow(tx, id, documentColumns(document));
		await storeDocumentParts(tx, id, row.plan.unitId, document);
		await recordChange(tx, ctx.actor, {
			action: 'plan.update',
			entityType: 'plan',
			entityId: id,
			unitId: row.plan.unitId,
			before: auditShape(row.plan),
			after: auditShape({ ...row.plan, document })
		});
		return id;
	});
}
