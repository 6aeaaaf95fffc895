import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { can } from '../../access/actor';
import { AppError, forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { selectUnitByCode, type UnitRow } from '../units/units.repository';
import {
	insertStory,
	selectCategories,
	selectConsents,
	selectHouseholdChoices,
	selectHouseholdPlace,
	selectPhotos,
	selectStories,
	selectStoryById,
	selectUnitChoices,
	updateStoryRow,
	type StoryRow,
	type StoryWithUnit
} from './stories.repository';
import { canEditStory, canReadStory } from './stories.policy';
import { auditShape, presentStory, presentStorySummary } from './stories.presenter';
import { StoryCreateInput, StoryListQuery, StoryUpdateInput, type StoryView } from './stories.schemas';

/** What every story use case receives: the database, who acts, and (for tests and demo data) the clock. */
export interface StoryCtx {
	db: Db;
	actor: Actor;
	now?: () => Date;
}

export const nowOf = (ctx: StoryCtx) => (ctx.now ?? (() => new Date()))();

export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** A story by id, locked when asked; NOT_FOUND also for an id that is not a uuid. */
export async function loadStory(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<StoryWithUnit> {
	const row = isUuid(id) ? await selectStoryById(db, id, opts) : undefined;
	if (!row) throw notFound('stories.notFound');
	return row;
}

/** A story the actor may read; out of reach it is NOT_FOUND (another commune learns nothing). */
export async function loadReadableStory(ctx: StoryCtx, id: string, opts: { forUpdate?: boolean } = {}): Promise<StoryWithUnit> {
	const row = await loadStory(ctx.db, id, opts);
	if (!canReadStory(ctx.actor, { unitPath: row.unitPath, status: row.story.status })) throw notFound('stories.notFound');
	return row;
}

/** The story as the workspace and the API show it. */
export async function storyView(ctx: StoryCtx, row: StoryWithUnit): Promise<StoryView> {
	const { story } = row;
	const [consents, photos] = await Promise.all([selectConsents(ctx.db, story.id), selectPhotos(ctx.db, story.id)]);
	const place = story.householdId ? await selectHouseholdPlace(ctx.db, story.householdId) : undefined;
	const years = [story.beforeYear, story.afterYear].filter((y): y is number => y !== null);
	const categories = story.householdId ? await selectCategories(ctx.db, story.householdId, years) : new Map<number, string>();
	return presentStory(ctx.actor, row, { consents, photos, household: place ?? null, categories });
}

/** Runs a change in one transaction, then answers the story as committed. */
export async function changeAndShow(ctx: StoryCtx, change: (tx: Db) => Promise<string>): Promise<StoryView> {
	const id = await ctx.db.transaction(change);
	return storyView(ctx, await loadStory(ctx.db, id));
}

export async function getStory(ctx: StoryCtx, id: string): Promise<StoryView> {
	return storyView(ctx, await loadReadableStory(ctx, id));
}

export async function loadUnit(db: Db, code: string): Promise<UnitRow> {
	const row = await selectUnitByCode(db, code);
	if (!row) throw invalid('stories.unitUnknown', { code }, [{ path: 'unit', message: code }]);
	return row.unit;
}

/** Stories the actor may read, filtered, newest change first. */
export async function findStories(ctx: StoryCtx, input: StoryListQuery) {
	const query = StoryListQuery.parse(input);
	const unitPath = query.unit ? (await loadUnit(ctx.db, query.unit)).path : undefined;
	const { items, hasMore } = await selectStories(ctx.db, ctx.actor, { ...query, unitPath });
	return { items: items.map(presentStorySummary), hasMore, limit: query.limit, offset: query.offset };
}

type Subject = Pick<StoryRow, 'subjectKind' | 'householdId' | 'beforeYear' | 'afterYear'>;

/**
 * Checks what a story says of its subject: a household story names a household of the story's
 * unit that the actor may read in the register, and two years (before earlier than after); other
 * stories name neither.
 */
async function checkSubject(db: Db, actor: Actor, unitPath: string, s: Subject) {
	if (s.subjectKind !== 'household') {
		if (s.householdId) throw invalid('stories.householdOnly', {}, [{ path: 'householdId', message: s.householdId }]);
		if (s.beforeYear !== null || s.afterYear !== null) throw invalid('stories.householdOnly', {}, [{ path: 'beforeYear', message: String(s.beforeYear ?? s.afterYear) }]);
		return;
	}
	if ((s.beforeYear === null) !== (s.afterYear === null)) throw invalid('stories.yearsBoth', {}, [{ path: s.beforeYear === null ? 'beforeYear' : 'afterYear', message: '—' }]);
	if (s.beforeYear !== null && s.afterYear !== null && s.beforeYear >= s.afterYear)
		throw invalid('stories.yearsOrder', { before: s.beforeYear, after: s.afterYear }, [{ path: 'afterYear', message: String(s.afterYear) }]);
	if (s.householdId) {
		const place = await selectHouseholdPlace(db, s.householdId);
		// One message whether the household does not exist or is out of reach: the register stays private.
		if (!place || place.mergedIntoId || !place.villagePath.startsWith(unitPath) || !can(actor, 'households.read', place.villagePath))
			throw invalid('stories.householdUnknown', {}, [{ path: 'householdId', message: s.householdId }]);
	}
}

/** Writes a new draft story of a unit; the actor is its writer. */
export async function createStory(ctx: StoryCtx, input: StoryCreateInput): Promise<StoryView> {
	const data = StoryCreateInput.parse(input);
	return changeAndShow(ctx, async (tx) => {
		const unit = await loadUnit(tx, data.unit);
		if (!canEditStory(ctx.actor, { unitPath: unit.path })) throw forbidden();
		if (unit.validTo !== null || unit.successorId !== null) throw invalid('stories.unitInactive', { code: unit.code });
		const values = {
			id: randomUUID(),
			unitId: unit.id,
			subjectKind: data.subjectKind,
			subjectName: data.subjectName,
			householdId: data.householdId ?? null,
			title: data.title,
			summary: data.summary,
			whatTheyDid: data.whatTheyDid,
			results: data.results,
			beforeYear: data.beforeYear ?? null,
			afterYear: data.afterYear ?? null,
			status: 'draft',
			createdBy: ctx.actor.userId
		};
		await checkSubject(tx, ctx.actor, unit.path, values);
		await insertStory(tx, values);
		await recordChange(tx, ctx.actor, { action: 'stories.create', entityType: 'story', entityId: values.id, unitId: unit.id, after: auditShape(values) });
		return values.id;
	});
}

/** Columns cleared when a story goes back to draft: the approval was for the old text, and it leaves the portal. */
export const reopened = { status: 'draft', approvedBy: null, approvedAt: null, publishedAt: null } as const;

/** A story the actor may change (`stories.edit` on its unit), locked; readable but not editable is FORBIDDEN. */
export async function loadEditableStory(ctx: StoryCtx, id: string): Promise<StoryWithUnit> {
	const row = await loadReadableStory(ctx, id, { forUpdate: true });
	if (!canEditStory(ctx.actor, { unitPath: row.unitPath })) throw forbidden();
	return row;
}

/**
 * Changes a story. A draft changes in place; a story in review, approved, published or withdrawn
 * goes back to draft with its approval cleared (a published story leaves the portal until approved
 * and published again); the audit entry says from which status. The same values change nothing.
 */
export async function updateStory(ctx: StoryCtx, id: string, input: StoryUpdateInput): Promise<StoryView> {
	const data = StoryUpdateInput.parse(input);
	return changeAndShow(ctx, async (tx) => {
		const row = await loadEditableStory({ ...ctx, db: tx }, id);
		const current = row.story;
		const patch: Partial<StoryRow> = {};
		for (const key of ['subjectName', 'title', 'summary', 'whatTheyDid', 'results'] as const) {
			if (data[key] !== undefined && data[key] !== current[key]) patch[key] = data[key];
		}
		for (const key of ['householdId', 'beforeYear', 'afterYear'] as const) {
			const value = data[key];
			if (value !== undefined && (value ?? null) !== current[key]) (patch as Record<string, unknown>)[key] = value ?? null;
		}
		if (!Object.keys(patch).length) return id;
		const next = { ...current, ...patch };
		await checkSubject(tx, ctx.actor, row.unitPath, next);
		const from = current.status;
		const full = from === 'draft' ? patch : { ...patch, ...reopened };
		await updateStoryRow(tx, id, full);
		await recordChange(tx, ctx.actor, {
			action: 'stories.update',
			entityType: 'story',
			entityId: id,
			unitId: current.unitId,
			before: auditShape(current),
			after: auditShape({ ...next, ...full }),
			context: from === 'draft' ? undefined : { reopenedFrom: from }
		});
		return id;
	});
}

/** What the write form offers: the units the actor writes stories for, and households they may read there. */
export async function storyFormOptions(ctx: StoryCtx, unitCode?: string) {
	const unitChoices = await selectUnitChoices(ctx.db, ctx.actor, 'stories.edit', ['province', 'commune', 'village']);
	const base = unitCode ? unitChoices.find((u) => u.code === unitCode) : unitChoices[0];
	const households = base ? await selectHouseholdChoices(ctx.db, ctx.actor, base.path) : [];
	return { units: unitChoices.map(({ code, name, level }) => ({ code, name, level })), households };
}

/** Refuses a step from the wrong status, naming the status the story is in. */
export function expectStatus(row: StoryWithUnit, allowed: string[]) {
	if (!allowed.includes(row.story.status)) throw new AppError('CONFLICT', 'stories.wrongStatus', { status: row.story.status });
}
