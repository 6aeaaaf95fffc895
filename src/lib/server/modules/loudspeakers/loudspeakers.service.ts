import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { canSomewhere } from '../../access/actor';
import { forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { newSecret, sha256 } from '../../auth/tokens';
import { selectUnitByCode } from '../units/units.repository';
import { stationSlots, stations } from './loudspeakers.tables';
import { selectSlots, selectStation, selectStations, type StationPlaced } from './loudspeakers.repository';
import { canManageStation, canReadStation } from './loudspeakers.policy';
import { presentStation } from './loudspeakers.presenter';
import type { SlotInput, StationCreateInput, StationListQuery, StationUpdateInput } from './loudspeakers.schemas';

export interface Ctx {
	db: Db;
	actor: Actor;
}

/** The station, or NOT_FOUND; FORBIDDEN when it is out of the actor's reach for `check`. */
export async function loadStation(db: Db, actor: Actor, id: string, check: (a: Actor, s: StationPlaced) => boolean = canReadStation) {
	const row = await selectStation(db, id);
	if (!row) throw notFound('loudspeakers.stationNotFound');
	if (!check(actor, row)) throw forbidden();
	return row;
}

/** Stations the actor may see, with their slots. */
export async function findStations(ctx: Ctx, query: StationListQuery) {
	let under: string | null = null;
	if (query.unit) {
		const unit = await selectUnitByCode(ctx.db, query.unit);
		if (!unit) throw invalid('unit.notFound', { code: query.unit }, [{ path: 'unit', message: query.unit }]);
		under = unit.unit.path;
	}
	const rows = await selectStations(ctx.db, ctx.actor, under, query);
	const items = rows.slice(0, query.limit);
	const slots = await selectSlots(ctx.db, items.map((r) => r.station.id));
	return { items: items.map((r) => presentStation(ctx.actor, r, slots)), hasMore: rows.length > query.limit, limit: query.limit, offset: query.offset };
}

export async function getStation(ctx: Ctx, id: string) {
	const row = await loadStation(ctx.db, ctx.actor, id);
	return presentStation(ctx.actor, row, await selectSlots(ctx.db, [id]));
}

/** A station of a village, or the central one of a commune; only where the actor manages stations. */
export async function createStation(ctx: Ctx, input: StationCreateInput) {
	if (!canSomewhere(ctx.actor, 'stations.manage')) throw forbidden();
	return ctx.db.transaction(async (tx) => {
		const unit = await selectUnitByCode(tx, input.unitCode);
		if (!unit) throw invalid('unit.notFound', { code: input.unitCode }, [{ path: 'unitCode', message: input.unitCode }]);
		if (!canManageStation(ctx.actor, { unitPath: unit.unit.path })) throw forbidden();
		if (!['village', 'commune'].includes(unit.unit.level)) throw invalid('loudspeakers.stationLevel', {}, [{ path: 'unitCode', message: input.unitCode }]);
		if (unit.unit.validTo !== null || unit.unit.successorId !== null) throw invalid('loudspeakers.unitInactive', { code: input.unitCode });
		const [row] = await tx.insert(stations).values({ unitId: unit.unit.id, name: input.name, kind: input.kind }).returning();
		await recordChange(tx, ctx.actor, {
			action: 'station.create',
			entityType: 'station',
			entityId: row.id,
			unitId: unit.unit.id,
			after: { name: row.name, kind: row.kind }
		});
		return presentStation(ctx.actor, { station: row, unitCode: unit.unit.code, unitName: unit.unit.name, unitPath: unit.unit.path, unitLevel: unit.unit.level }, []);
	});
}

export async function updateStation(ctx: Ctx, id: string, input: StationUpdateInput) {
	return ctx.db.transaction(async (tx) => {
		const current = await loadStation(tx, ctx.actor, id, canManageStation);
		const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as StationUpdateInput;
		if (!Object.keys(patch).length) return presentStation(ctx.actor, current, await selectSlots(tx, [id]));
		const [row] = await tx
			.update(stations)
			.set({ ...patch, updatedAt: new Date() })
			.where(eq(stations.id, id))
			.returning();
		await recordChange(tx, ctx.actor, {
			action: 'station.update',
			entityType: 'station',
			entityId: id,
			unitId: row.unitId,
			before: { name: current.station.name, kind: current.station.kind, active: current.station.active },
			after: patch
		});
		return presentStation(ctx.actor, { ...current, station: row }, await selectSlots(tx, [id]));
	});
}

export async function addSlot(ctx: Ctx, stationId: string, input: SlotInput) {
	return ctx.db.transaction(async (tx) => {
		const station = await loadStation(tx, ctx.actor, stationId, canManageStation);
		const [row] = await tx
			.insert(stationSlots)
			.values({ stationId, startTime: input.startTime, minutes: input.minutes, weekdays: input.weekdays, label: input.label })
			.returning();
		await recordChange(tx, ctx.actor, {
			action: 'station.slot.add',
			entityType: 'station',
			entityId: stationId,
			unitId: station.station.unitId,
			after: { slotId: row.id, startTime: row.startTime, minutes: row.minutes, weekdays: row.weekdays }
		});
		return presentStation(ctx.actor, station, await selectSlots(tx, [stationId]));
	});
}

/** Removes a slot; broadcasts placed in it keep their day but lose their slot (the table's rule). */
export async function removeSlot(ctx: Ctx, stationId: string, slotId: string) {
	return ctx.db.transaction(async (tx) => {
		const station = await loadStation(tx, ctx.actor, stationId, canManageStation);
		const [gone] = await tx
			.delete(stationSlots)
			.where(and(eq(stationSlots.id, slotId), eq(stationSlots.stationId, stationId)))
			.returning();
		if (!gone) throw notFound('loudspeakers.slotNotFound');
		await recordChange(tx, ctx.actor, {
			action: 'station.slot.remove',
			entityType: 'station',
			entityId: stationId,
			unitId: station.station.unitId,
			before: { slotId, startTime: gone.startTime, minutes: gone.minutes }
		});
		return presentStation(ctx.actor, station, await selectSlots(tx, [stationId]));
	});
}

/** Controller tokens start with this, so one found in a log is recognised for what it is. */
export const STATION_TOKEN_PREFIX = 'lts_';

/**
 * A new controller token for the station, replacing any earlier one. Shown once: only its
 * sha256 is kept.
 */
export async function issueStationToken(ctx: Ctx, stationId: string) {
	return ctx.db.transaction(async (tx) => {
		const station = await loadStation(tx, ctx.actor, stationId, canManageStation);
		const token = STATION_TOKEN_PREFIX + newSecret(24);
		await tx.update(stations).set({ tokenHash: sha256(token), updatedAt: new Date() }).where(eq(stations.id, stationId));
		await recordChange(tx, ctx.actor, {
			action: station.station.tokenHash ? 'station.token.replace' : 'station.token.issue',
			entityType: 'station',
			entityId: stationId,
			unitId: station.station.unitId
		});
		return { stationId, token };
	});
}

export async function revokeStationToken(ctx: Ctx, stationId: string) {
	return ctx.db.transaction(async (tx) => {
		const station = await loadStation(tx, ctx.actor, stationId, canManageStation);
		await tx.update(stations).set({ tokenHash: null, updatedAt: new Date() }).where(eq(stations.id, stationId));
		if (station.station.tokenHash)
			await recordChange(tx, ctx.actor, { action: 'station.token.revoke', entityType: 'station', entityId: stationId, unitId: station.station.unitId });
		return presentStation(ctx.actor, { ...station, station: { ...station.station, tokenHash: null } }, await selectSlots(tx, [stationId]));
	});
}
