import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { selectUnitByCode, type UnitRow } from '../units/units.repository';
import { selectAudienceGroups, selectCatalogCodes } from '../catalog/catalog.repository';
import { selectPlanById } from '../plans/plans.repository';
import { canReadPlan } from '../plans/plans.policy';
import {
	countOtherApprovers,
	insertContent,
	selectContentById,
	selectContents,
	selectDistributions,
	selectFileMeta,
	selectPrintRuns,
	selectPublished,
	selectUnitChoices,
	updateContentRow,
	type ContentRow,
	type ContentWithUnit
} from './content.repository';
import { canEditContent, canReadContent } from './content.policy';
import { auditShape, presentContent, presentContentSummary } from './content.presenter';
import { ContentCreateInput, ContentListQuery, ContentUpdateInput, type ContentView } from './content.schemas';

/** What every content use case receives: the database, who acts, and (for tests and demo data) the clock. */
export interface ContentCtx {
	db: Db;
	actor: Actor;
	now?: () => Date;
}

export const nowOf = (ctx: ContentCtx) => (ctx.now ?? (() => new Date()))();

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** An item by id, locked when asked; NOT_FOUND also for an id that is not a uuid. */
export async function loadContent(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<ContentWithUnit> {
	const row = isUuid(id) ? await selectContentById(db, id, opts) : undefined;
	if (!row) throw notFound('content.notFound');
	return row;
}

/**
 * An item the actor may read. Out of reach it is NOT_FOUND, not FORBIDDEN: another commune's
 * officer learns nothing, not even that the item exists.
 */
export async function loadReadableContent(ctx: ContentCtx, id: string, opts: { forUpdate?: boolean } = {}): Promise<ContentWithUnit> {
	const row = await loadContent(ctx.db, id, opts);
	if (!canReadContent(ctx.actor, { unitPath: row.unitPath, status: row.item.status })) throw notFound('content.notFound');
	return row;
}

/** An item the actor may change (`content.edit` on its unit); readable but not editable is FORBIDDEN. */
export async function loadEditableContent(ctx: ContentCtx, id: string): Promise<ContentWithUnit> {
	const row = await loadReadableContent(ctx, id, { forUpdate: true });
	if (!canEditContent(ctx.actor, { unitPath: row.unitPath })) throw forbidden();
	return row;
}

/**
 * The author may not approve their own item while someone else can: official communication needs
 * a second pair of eyes. When nobody else holds `content.approve` over the unit (a commune with
 * one officer who also approves, say), the author may, and the audit entry says so.
 */
export async function approvalLeftToOthers(db: Db, actor: Actor, row: ContentWithUnit): Promise<boolean> {
	if (!actor.userId || row.item.authorId !== actor.userId) return false;
	return (await countOtherApprovers(db, row.unitPath, actor.userId)) > 0;
}

/** The item as pages and the API show it: text, state, people, PDF, printing, allowed actions. */
export async function contentView(ctx: ContentCtx, row: ContentWithUnit): Promise<ContentView> {
	const leaflet = row.item.kind === 'leaflet';
	const pdf = row.item.fileId ? ((await selectFileMeta(ctx.db, row.item.fileId)) ?? null) : null;
	const runs = leaflet ? await selectPrintRuns(ctx.db, row.item.id) : [];
	const distributions = leaflet ? await selectDistributions(ctx.db, row.item.id) : [];
	const leftToOthers = row.item.status === 'in_review' ? await approvalLeftToOthers(ctx.db, ctx.actor, row) : false;
	return presentContent(ctx.actor, row, { pdf, runs, distributions, approvalLeftToOthers: leftToOthers });
}

/** Runs a change in one transaction, then answers the item as committed. */
export async function changeAndShow(ctx: ContentCtx, change: (tx: Db) => Promise<string>): Promise<ContentView> {
	const id = await ctx.db.transaction(change);
	return contentView(ctx, await loadContent(ctx.db, id));
}

export async function getContent(ctx: ContentCtx, id: string): Promise<ContentView> {
	return contentView(ctx, await loadReadableContent(ctx, id));
}

async function loadUnit(db: Db, code: string): Promise<UnitRow> {
	const row = await selectUnitByCode(db, code);
	if (!row) throw invalid('unit.notFound', { code }, [{ path: 'unit', message: code }]);
	return row.unit;
}

/** Items the actor may read, filtered, newest change first. */
export async function findContents(ctx: ContentCtx, input: ContentListQuery) {
	const query = ContentListQuery.parse(input);
	const unitPath = query.unit ? (await loadUnit(ctx.db, query.unit)).path : undefined;
	const { items, hasMore } = await selectContents(ctx.db, ctx.actor, {
		...query,
		unitPath,
		awaiting: query.awaitingMe ?? false,
		awaitingUserId: ctx.actor.userId
	});
	return { items: items.map(presentContentSummary), hasMore, limit: query.limit, offset: query.offset };
}

/** Checks what an item names: the priority (bulletins only), audience groups, and a plan the actor may read. */
async function checkReferences(db: Db, actor: Actor, kind: string, fields: { priority?: string; audiences?: string[]; planId?: string | null }) {
	if (fields.priority && fields.priority !== 'normal' && kind !== 'bulletin')
		throw invalid('content.priorityBulletinOnly', {}, [{ path: 'priority', message: fields.priority }]);
	if (fields.audiences?.length) {
		const codes = await selectCatalogCodes(db);
		const unknown = fields.audiences.filter((a) => !codes.audienceGroups.has(a));
		if (unknown.length) throw invalid('content.audienceUnknown', { codes: unknown.join(', ') }, unknown.map((u) => ({ path: 'audiences', message: u })));
	}
	if (fields.planId) {
		const plan = await selectPlanById(db, fields.planId);
		if (!plan || !canReadPlan(actor, plan.plan, { path: plan.unitPath })) throw invalid('content.planUnknown', {}, [{ path: 'planId', message: fields.planId }]);
	}
}

/** Writes a new draft of the unit; the actor is its author. */
export async function createContent(ctx: ContentCtx, input: ContentCreateInput): Promise<ContentView> {
	const data = ContentCreateInput.parse(input);
	return changeAndShow(ctx, async (tx) => {
		const unit = await loadUnit(tx, data.unit);
		if (!canEditContent(ctx.actor, { unitPath: unit.path })) throw forbidden();
		if (unit.validTo !== null || unit.successorId !== null) throw invalid('content.unitInactive', { code: unit.code });
		await checkReferences(tx, ctx.actor, data.kind, data);
		const id = randomUUID();
		const values = {
			id,
			unitId: unit.id,
			kind: data.kind,
			title: data.title,
			summary: data.summary || null,
			body: data.body,
			priority: data.kind === 'bulletin' ? (data.priority ?? 'normal') : 'normal',
			status: 'draft',
			planId: data.planId ?? null,
			themes: data.themes,
			audiences: data.audiences,
			fileId: null,
			authorId: ctx.actor.userId
		};
		await insertContent(tx, values);
		await recordChange(tx, ctx.actor, { action: 'content.create', entityType: 'content', entityId: id, unitId: unit.id, after: auditShape(values) });
		return id;
	});
}

/** Columns cleared when a changed item goes back to draft: the approval was for the old text. */
export const reopened = { status: 'draft', submittedAt: null, approvedBy: null, approvedAt: null, publishedBy: null, publishedAt: null } as const;

/**
 * Changes an item. A draft changes in place. An item in review, approved or published goes back to
 * draft with its approval and publication cleared (the approval was for the old text; a published
 * article leaves the portal until approved and published again); the audit entry says from which
 * status. Giving the same values again changes nothing.
 */
export async function updateContent(ctx: ContentCtx, id: string, input: ContentUpdateInput): Promise<ContentView> {
	const data = ContentUpdateInput.parse(input);
	return changeAndShow(ctx, async (tx) => {
		const row = await loadEditableContent({ ...ctx, db: tx }, id);
		const current = row.item;
		await checkReferences(tx, ctx.actor, current.kind, data);
		const patch: Partial<ContentRow> = {};
		if (data.title !== undefined && data.title !== current.title) patch.title = data.title;
		if (data.summary !== undefined && (data.summary || null) !== current.summary) patch.summary = data.summary || null;
		if (data.body !== undefined && data.body !== current.body) patch.body = data.body;
		if (data.priority !== undefined && data.priority !== current.priority) patch.priority = data.priority;
		if (data.planId !== undefined && (data.planId ?? null) !== current.planId) patch.planId = data.planId ?? null;
		if (data.themes !== undefined && JSON.stringify(data.themes) !== JSON.stringify(current.themes)) patch.themes = data.themes;
		if (data.audiences !== undefined && JSON.stringify(data.audiences) !== JSON.stringify(current.audiences)) patch.audiences = data.audiences;
		if (!Object.keys(patch).length) return id;
		const from = current.status;
		const full = from === 'draft' ? patch : { ...patch, ...reopened };
		await updateContentRow(tx, id, full);
		await recordChange(tx, ctx.actor, {
			action: 'content.update',
			entityType: 'content',
			entityId: id,
			unitId: current.unitId,
			before: auditShape(current),
			after: auditShape({ ...current, ...full }),
			context: from === 'draft' ? undefined : { reopenedFrom: from }
		});
		return id;
	});
}

/** What the write form offers: the units the actor writes for, and the audience groups. */
export async function contentFormOptions(ctx: ContentCtx, locale: 'vi' | 'en') {
	const unitChoices = await selectUnitChoices(ctx.db, ctx.actor, 'content.edit', ['province', 'commune', 'village']);
	const groups = await selectAudienceGroups(ctx.db);
	return {
		units: unitChoices,
		audiences: groups.map((g) => ({ code: g.code, name: locale === 'en' ? g.nameEn : g.nameVi }))
	};
}

/** The villages a leaflet of this item's unit may be handed out in. */
export async function villageChoices(ctx: ContentCtx, item: Pick<ContentView, 'id'>) {
	const row = await loadReadableContent(ctx, item.id);
	return selectUnitChoices(ctx.db, ctx.actor, 'content.edit', ['village'], row.unitPath);
}

/**
 * What the public may read: published articles (or other kinds) of a unit and the units under it,
 * newest first, without anyone's account. For the public portal; no actor is needed.
 */
export async function findPublishedContent(db: Db, query: { unitCode: string; kinds?: ('article' | 'bulletin' | 'social_post' | 'leaflet')[]; limit?: number; offset?: number }) {
	const unit = await loadUnit(db, query.unitCode);
	const limit = Math.min(Math.max(query.limit ?? 20, 1), 100);
	const offset = Math.max(query.offset ?? 0, 0);
	const { items, hasMore } = await selectPublished(db, { unitPath: unit.path, kinds: query.kinds ?? ['article'], limit, offset });
	return {
		items: items.map((r) => ({
			id: r.item.id,
			unit: r.unitCode,
			unitName: r.unitName,
			kind: r.item.kind,
			title: r.item.title,
			summary: r.item.summary,
			body: r.item.body,
			publishedAt: r.item.publishedAt!.toISOString(),
			hasPdf: r.item.fileId !== null
		})),
		hasMore,
		limit,
		offset
	};
}
