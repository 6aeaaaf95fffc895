import { and, asc, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { scopeCondition } from '../../access/actor';
import type { Locale } from '../../../i18n';
import { units } from '../units/units.tables';
import { findAudienceGroups } from '../catalog/catalog.service';
import { canCreateEventIn } from './events.policy';
import { eventKinds } from './events.schemas';

/** Most units a form lists (a province officer's whole province would be thousands of villages). */
const MAX_UNITS = 2000;

/**
 * What the event form offers the actor: the units they may organise events in, the villages
 * under each (to invite), the audience groups and the kinds.
 */
export async function eventFormOptions(ctx: { db: Db; actor: Actor }, locale: Locale) {
	const [rows, groups] = await Promise.all([
		ctx.db
			.select({ id: units.id, code: units.code, name: units.name, level: units.level, path: units.path, parentId: units.parentId })
			.from(units)
			.where(and(scopeCondition(ctx.actor, 'events.manage', units.path), isNull(units.validTo), isNull(units.successorId)))
			.orderBy(asc(units.path))
			.limit(MAX_UNITS),
		findAudienceGroups(ctx.db, locale)
	]);
	const allowed = rows.filter((u) => canCreateEventIn(ctx.actor, u.path));
	const villages = rows.filter((u) => u.level === 'village').map((u) => ({ code: u.code, name: u.name, parentId: u.parentId }));
	return {
		units: allowed.map((u) => ({ code: u.code, name: u.name, level: u.level, villages: villages.filter((v) => v.parentId === u.id).map(({ code, name }) => ({ code, name })) })),
		groups: groups.map((g) => ({ code: g.code, name: g.name })),
		kinds: [...eventKinds]
	};
}
