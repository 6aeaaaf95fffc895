import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError, forbidden, notFound, pgErrorCode } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { requirePeriod } from '../../periods';
import { selectUnitByCode } from '../units/units.repository';
import { assertPeriodsOpen } from '../reports/reports.locks';
import { logAccesses, type AccessPurpose } from '../households/households.context';
import {
	insertActivity,
	replaceActivityChildren,
	selectActivities,
	selectActivityById,
	selectActivityParts,
	updateActivityRow,
	type ActivitySelection,
	type ActivityWithUnit
} from './activities.repository';
import { canEditActivity, canReadActivity, canSeeHouseholdName, canVerifyActivity } from './activities.policy';
import { presentActivity, presentListItem } from './activities.presenter';
import { checkActivity, payloadHash } from './activities.checks';
import { ActivityInput, type ActivityFilter, type ActivityInputFields, type ActivityListQuery, type ActivitySource, type ActivityView } from './activities.schemas';

export type { AccessPurpose };

/** What the activity use cases receive: the database, who acts, and (for tests and demo data) the clock. */
export interface ActivityCtx {
	db: Db;
	actor: Actor;
	now?: () => Date;
	/** Where household names are shown, for the access log (default: the API). */
	access?: AccessPurpose;
}

const nowOf = (ctx: { now?: () => Date }) => (ctx.now ?? (() => new Date()))();
const apiAccess: AccessPurpose = { screen: 'api', purpose: 'activity' };

/** Ids reach the services from addresses, forms and phones: anything else than a uuid is no record. */
export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Advisory lock namespace: writes of one activity id wait for each other (repeated offline sends). */
const ACTIVITY_LOCK = 7346201;

/** An activity by id with its unit; NOT_FOUND also for an id that is not a uuid. Scope is the caller's check. */
export async function loadActivity(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<ActivityWithUnit> {
	const row = isUuid(id) ? await selectActivityById(db, id, opts) : undefined;
	if (!row) throw notFound('activities.notFound');
	return row;
}

/** An activity the actor may read; FORBIDDEN outside their reach. */
export async function loadReadableActivity(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<ActivityWithUnit> {
	const row = await loadActivity(db, id, opts);
	if (!canReadActivity(actor, row)) throw forbidden();
	return row;
}

/**
 * The view of an activity, read in `db` (the caller's transaction). Every household whose name is
 * shown is written to the access log there (personal data: who saw it, where, why).
 */
export async function activityView(db: Db, actor: Actor, row: ActivityWithUnit, access: AccessPurpose = apiAccess): Promise<ActivityView> {
	const parts = await selectActivityParts(db, row.activity);
	const named = parts.reached.filter((h) => canSeeHouseholdName(actor, h));
	await logAccesses(db, actor, named.map((h) => ({ id: h.id, unitId: h.unitId })), access);
	return presentActivity(actor, row, parts);
}

/** The fields of the activity row a parsed input sets. */
function rowFields(input: ActivityInput, resolved: Awaited<ReturnType<typeof checkActivity>>) {
	return {
		unitId: resolved.unit.id,
		coveredUnitIds: resolved.coveredUnitIds,
		channelCode: input.channel,
		planId: input.plan,
		themes: input.themes,
		title: input.title,
		description: input.description,
		place: input.place,
		date: input.date,
		startTime: input.startTime,
		endTime: input.endTime,
		organiser: input.organiser,
		responsible: input.responsible,
		audiences: input.audiences,
		materials: input.materials,
		cost: input.cost ?? (input.costs.length ? input.costs.reduce((s, c) => s + c.amount, 0) : null),
		contentId: input.contentId
	};
}

/** What the audit trail keeps of an activity: its facts, never household names (ids and counts only). */
function audited(input: ActivityInput, status: string) {
	const { version: _v, households, ...rest } = input;
	return { ...rest, status, households: households.length };
}

const howOf = (source: ActivitySource) => (source === 'offline' ? 'offline' : 'picked');

/**
 * Writes an activity by id inside the caller's transaction: the idempotent core of every write.
 * Unknown id → created. Same content as stored (payload hash) → the stored activity, unchanged.
 * Different content: with `version` equal to the stored version → updated (version + 1);
 * otherwise CONFLICT, carrying the stored version, and nothing is overwritten.
 */
export async function writeActivity(
	tx: Db,
	actor: Actor,
	id: string,
	fields: ActivityInputFields,
	opts: { source: ActivitySource; now?: Date; access?: AccessPurpose }
): Promise<{ activity: ActivityView; created: boolean }> {
	if (!isUuid(id)) throw notFound('activities.notFound');
	const input = ActivityInput.parse(fields);
	const now = opts.now ?? new Date();
	const access = opts.access ?? apiAccess;
	const hash = payloadHash(input);
	// Two sends of the same id (a phone retrying) wait for each other here, so the second sees the first.
	await tx.execute(sql`SELECT pg_advisory_xact_lock(${sql.raw(String(ACTIVITY_LOCK))}, hashtext(${id.toLowerCase()}))`);
	const existing = await selectActivityById(tx, id, { forUpdate: true });

	if (!existing) {
		const resolved = await checkActivity(tx, actor, input, now);
		// An approved report's period is closed to new records of its units (reports.locks.ts).
		await assertPeriodsOpen(tx, [resolved.unit.id, ...resolved.coveredUnitIds], [input.date]);
		const status = input.status;
		await insertActivity(tx, {
			id,
			...rowFields(input, resolved),
			status,
			source: opts.source,
			payloadHash: hash,
			version: 1,
			createdBy: actor.userId,
			createdAt: now,
			updatedAt: now
		});
		await replaceActivityChildren(tx, id, { counts: input.counts, households: input.households, how: howOf(opts.source), costs: input.costs });
		await recordChange(tx, actor, {
			action: 'activity.create',
			entityType: 'activity',
			entityId: id,
			unitId: resolved.unit.id,
			after: { ...audited(input, status), source: opts.source }
		});
		const row = await loadActivity(tx, id);
		return { activity: await activityView(tx, actor, row, access), created: true };
	}

	if (!canReadActivity(actor, existing)) throw forbidden();
	if (existing.activity.payloadHash === hash) return { activity: await activityView(tx, actor, existing, access), created: false };
	if (!canEditActivity(actor, { unitPath: existing.unitPath, status: existing.activity.status }))
		throw forbidden(existing.activity.status === 'verified' ? 'activities.verifiedLocked' : 'error.forbidden');
	if (input.version !== existing.activity.version) {
		throw new AppError('CONFLICT', 'activities.conflict', { version: existing.activity.version }, [
			{ path: 'version', message: String(existing.activity.version) },
			{ path: 'updatedAt', message: existing.activity.updatedAt.toISOString() }
		]);
	}
	const resolved = await checkActivity(tx, actor, input, now);
	// Both where and when it was and where and when it goes must lie outside a locked period.
	await assertPeriodsOpen(tx, [existing.activity.unitId, ...existing.activity.coveredUnitIds], [existing.activity.date]);
	await assertPeriodsOpen(tx, [resolved.unit.id, ...resolved.coveredUnitIds], [input.date]);
	// A verifier's correction of a verified activity keeps it verified, in their name; setting it
	// back to planned withdraws the verification. Anyone else never reaches here (refused above).
	const wasVerified = existing.activity.status === 'verified';
	const status = wasVerified && input.status === 'done' ? 'verified' : input.status;
	await updateActivityRow(tx, id, {
		...rowFields(input, resolved),
		status,
		verifiedBy: status === 'verified' ? actor.userId : null,
		verifiedAt: status === 'verified' ? now : null,
		payloadHash: hash,
		version: existing.activity.version + 1,
		updatedAt: now
	});
	await replaceActivityChildren(tx, id, { counts: input.counts, households: input.households, how: howOf(opts.source), costs: input.costs });
	await recordChange(tx, actor, {
		action: 'activity.update',
		entityType: 'activity',
		entityId: id,
		unitId: resolved.unit.id,
		before: { version: existing.activity.version, status: existing.activity.status, unitCode: existing.unitCode },
		after: { ...audited(input, status), version: existing.activity.version + 1, source: opts.source }
	});
	return { activity: await activityView(tx, actor, await loadActivity(tx, id), access), created: false };
}

/**
 * Records a new activity inside the caller's transaction (loudspeaker plays and content modules
 * call it): authorises, validates, audits. With an `id` already stored, the same content returns
 * the stored activity and other content is a CONFLICT.
 */
export async function createActivity(
	tx: Db,
	actor: Actor,
	input: ActivityInputFields,
	opts: { id?: string; source: ActivitySource; now?: Date }
): Promise<ActivityView> {
	const { version: _ignored, ...fields } = input;
	return (await writeActivity(tx, actor, opts.id ?? crypto.randomUUID(), fields, opts)).activity;
}

/**
 * The idempotent write behind `PUT /api/v1/activities/{id}` and the forms: see writeActivity.
 * A race that slips past the lock (another id spelling) is retried once and then answered as a repeat.
 */
export async function saveActivity(
	ctx: ActivityCtx,
	id: string,
	input: ActivityInputFields,
	source: ActivitySource
): Promise<{ activity: ActivityView; created: boolean }> {
	const run = () => ctx.db.transaction((tx) => writeActivity(tx, ctx.actor, id, input, { source, now: nowOf(ctx), access: ctx.access }));
	try {
		return await run();
	} catch (err) {
		if (pgErrorCode(err) === '23505') return run();
		throw err;
	}
}

/** One activity the actor may read; names of reached households only where they read households (logged). */
export async function getActivity(ctx: ActivityCtx, id: string): Promise<ActivityView> {
	return ctx.db.transaction(async (tx) => activityView(tx, ctx.actor, await loadReadableActivity(tx, ctx.actor, id), ctx.access ?? apiAccess));
}

/** A list filter as the repository takes it: unit code → path, period key → dates (intersected with from/to). */
export async function selectionOf(db: Db, f: ActivityFilter): Promise<ActivitySelection> {
	let from = f.from;
	let to = f.to;
	if (f.period) {
		const p = requirePeriod(f.period);
		from = from && from > p.from ? from : p.from;
		to = to && to < p.to ? to : p.to;
	}
	let unitPath: string | undefined;
	if (f.unit) {
		const row = await selectUnitByCode(db, f.unit);
		if (!row) throw notFound('unit.notFound', { code: f.unit });
		unitPath = row.unit.path;
	}
	return { unitPath, channel: f.channel, theme: f.theme, from, to, status: f.status, planId: f.plan, q: f.q };
}

/** Activities the actor may read (activities.read on their unit), filtered, a page at a time; newest first or in calendar order. */
export async function findActivities(ctx: ActivityCtx, query: ActivityListQuery, opts: { order?: 'asc' | 'desc' } = {}) {
	const selection = await selectionOf(ctx.db, query);
	const { items, hasMore } = await selectActivities(ctx.db, ctx.actor, selection, query.limit, query.offset, opts.order);
	return { items: items.map(presentListItem), hasMore, limit: query.limit, offset: query.offset };
}

/**
 * Marks a done activity verified (activities.verify on its unit), recording who and when; it then
 * counts as reach. A planned activity is not verified (CONFLICT), nor one verified already.
 */
export async function verifyActivity(ctx: ActivityCtx, id: string): Promise<ActivityView> {
	return ctx.db.transaction(async (tx) => {
		const row = await loadReadableActivity(tx, ctx.actor, id, { forUpdate: true });
		if (row.activity.status !== 'done') {
			if (!canVerifyActivity(ctx.actor, { unitPath: row.unitPath, status: 'done' })) throw forbidden();
			throw new AppError('CONFLICT', row.activity.status === 'verified' ? 'activities.alreadyVerified' : 'activities.verifyNotDone');
		}
		if (!canVerifyActivity(ctx.actor, { unitPath: row.unitPath, status: row.activity.status })) throw forbidden('activities.verifyForbidden');
		await assertPeriodsOpen(tx, [row.activity.unitId, ...row.activity.coveredUnitIds], [row.activity.date]);
		const now = nowOf(ctx);
		await updateActivityRow(tx, id, { status: 'verified', verifiedBy: ctx.actor.userId, verifiedAt: now, version: row.activity.version + 1, updatedAt: now });
		await recordChange(tx, ctx.actor, {
			action: 'activity.verify',
			entityType: 'activity',
			entityId: id,
			unitId: row.activity.unitId,
			before: { status: 'done', version: row.activity.version },
			after: { status: 'verified', version: row.activity.version + 1 }
		});
		return activityView(tx, ctx.actor, await loadActivity(tx, id), ctx.access ?? apiAccess);
	});
}

export { addEvidence, deleteEvidence, getEvidenceFile } from './activities.evidence';
