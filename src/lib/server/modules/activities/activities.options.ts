import { and, asc, desc, eq, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { escapeLike, scopeCondition, scopePaths } from '../../access/actor';
import type { Permission } from '../../access/roles';
import type { Locale } from '../../../i18n';
import { units } from '../units/units.tables';
import { plans } from '../plans/plans.tables';
import { households } from '../households/households.tables';
import { selectAudienceGroups, selectChannels, selectFundingSources } from '../catalog/catalog.repository';
import { logAccesses, type AccessPurpose } from '../households/households.context';
import { canRecordIn, canSeeHouseholdName } from './activities.policy';
import { planThemes } from './activities.checks';
import { notFound } from '../../errors';
import { isUuid } from './activities.service';

const MAX_UNITS = 400;

/** Units in force the actor holds `permission` on (their own and below), in tree order. */
async function unitsInReach(db: Db, actor: Actor, permission: Permission) {
	return db
		.select({ code: units.code, name: units.name, level: units.level, path: units.path })
		.from(units)
		.where(and(scopeCondition(actor, permission, units.path), isNull(units.validTo), isNull(units.successorId)))
		.orderBy(asc(units.path))
		.limit(MAX_UNITS);
}

/**
 * Plans an actor's activities may serve: those of units in reach and of the units above them,
 * not superseded, newest first.
 */
async function plansInReach(db: Db, actor: Actor) {
	const paths = scopePaths(actor, 'activities.read');
	let where: SQL;
	if (paths === null) where = sql`true`;
	else if (!paths.length) where = sql`false`;
	else
		where = or(
			// Unit paths are made of uuids and slashes: no LIKE wildcards to escape on the right-hand side.
			...paths.flatMap((p) => [sql`${units.path} LIKE ${escapeLike(p) + '%'}`, sql`${p} LIKE ${units.path} || '%'`])
		)!;
	return db
		.select({ id: plans.id, title: plans.title, status: plans.status, periodFrom: plans.periodFrom, periodTo: plans.periodTo, document: plans.document, unitName: units.name })
		.from(plans)
		.innerJoin(units, eq(units.id, plans.unitId))
		.where(and(ne(plans.status, 'superseded'), where))
		.orderBy(desc(plans.periodTo), asc(units.path), desc(plans.version))
		.limit(100);
}

const named = (r: { code: string; nameVi: string; nameEn: string }, locale: Locale) => ({ code: r.code, name: locale === 'en' ? r.nameEn : r.nameVi });

/** What the activity form and filters offer: units, channels, groups, funding sources, plans with their themes. */
export async function activityOptions(ctx: { db: Db; actor: Actor }, locale: Locale, opts: { for: 'edit' | 'read' }) {
	const [unitRows, channelRows, groupRows, sourceRows, planRows] = await Promise.all([
		unitsInReach(ctx.db, ctx.actor, opts.for === 'edit' ? 'activities.edit' : 'activities.read'),
		selectChannels(ctx.db),
		selectAudienceGroups(ctx.db),
		selectFundingSources(ctx.db),
		plansInReach(ctx.db, ctx.actor)
	]);
	const unitList = unitRows.filter((u) => opts.for === 'read' || canRecordIn(ctx.actor, u.path));
	return {
		units: unitList.map((u) => ({ code: u.code, name: u.name, level: u.level, depth: u.path.split('/').length - 3 })),
		channels: channelRows.map((c) => named(c, locale)),
		groups: groupRows.map((g) => ({ ...named(g, locale), householdCategory: g.householdCategory })),
		fundingSources: sourceRows.map((s) => named(s, locale)),
		plans: planRows.map((p) => ({
			id: p.id,
			title: p.title,
			unitName: p.unitName,
			status: p.status,
			period: p.periodFrom === null ? null : p.periodFrom === p.periodTo ? `${p.periodFrom}` : `${p.periodFrom}–${p.periodTo}`,
			themes: planThemes(p.document)
		}))
	};
}
export type ActivityOptions = Awaited<ReturnType<typeof activityOptions>>;

/** One plan's title and themes for the per-plan view; NOT_FOUND when it is not among the plans in reach. */
export async function planForView(ctx: { db: Db; actor: Actor }, id: string) {
	if (!isUuid(id)) throw notFound('activities.planUnknown');
	const row = (await plansInReach(ctx.db, ctx.actor)).find((p) => p.id === id);
	if (!row) throw notFound('activities.planUnknown');
	return { id: row.id, title: row.title, unitName: row.unitName, status: row.status, periodFrom: row.periodFrom, periodTo: row.periodTo, themes: planThemes(row.document) };
}

/**
 * Names of households picked on a form, for those who read them (each read access-logged);
 * ids the actor may not read come back without a name.
 */
export async function describeHouseholds(ctx: { db: Db; actor: Actor }, ids: string[], access: AccessPurpose) {
	const wanted = ids.filter(isUuid).slice(0, 5000);
	if (!wanted.length) return [];
	return ctx.db.transaction(async (tx) => {
		const rows = await tx
			.select({ id: households.id, headName: households.headName, unitId: households.unitId, villageName: units.name, villagePath: units.path })
			.from(households)
			.innerJoin(units, eq(units.id, households.unitId))
			.where(inArray(households.id, wanted));
		const readable = rows.filter((r) => canSeeHouseholdName(ctx.actor, r));
		await logAccesses(tx, ctx.actor, readable.map((r) => ({ id: r.id, unitId: r.unitId })), access);
		const byId = new Map(rows.map((r) => [r.id, r]));
		return wanted.map((id) => {
			const r = byId.get(id);
			return { id, headName: r && canSeeHouseholdName(ctx.actor, r) ? r.headName : null, villageName: r?.villageName ?? null };
		});
	});
}
