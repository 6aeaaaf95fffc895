import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { TIME_ZONE, today } from '../../periods';
import { selectUnitByCode } from '../units/units.repository';
import { broadcasts } from './loudspeakers.tables';
import {
	selectBroadcast,
	selectBroadcasts,
	selectBulletin,
	selectBulletins,
	selectSlots,
	selectStationsUnder,
	type BroadcastRow,
	type BulletinRow,
	type StationPlaced
} from './loudspeakers.repository';
import { bulletinCovers, canManageStation, canReadContent } from './loudspeakers.policy';
import { bulletinSeconds } from './loudspeakers.audio';
import { addDays, isoWeekday, priorityRank, SPILL_DAYS, StationPlan, type PlanItem } from './loudspeakers.planner';
import { presentBroadcast, presentSlot, shownStatus } from './loudspeakers.presenter';
import { loadStation, type Ctx } from './loudspeakers.service';
import type { PlacementInput } from './loudspeakers.schemas';

/** Longest range one placement may cover. */
export const MAX_PLACEMENT_DAYS = 62;
/** Serialises schedule changes of one station (two officers placing at once see each other's). */
const STATION_LOCK = 7346201;

const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** Today's date and the time now in Việt Nam. */
export const localNow = (now: Date) => ({ date: today(now), time: hhmm.format(now) });

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** A bulletin that may go on the air: approved or published, readable by the actor. */
async function loadPlaceableBulletin(ctx: Ctx, id: string): Promise<BulletinRow> {
	const bulletin = await selectBulletin(ctx.db, id);
	if (!bulletin) throw notFound('loudspeakers.bulletinNotFound');
	if (!canReadContent(ctx.actor, bulletin)) throw forbidden();
	if (bulletin.kind !== 'bulletin') throw invalid('loudspeakers.notBulletin', {}, [{ path: 'contentId', message: id }]);
	if (!['approved', 'published'].includes(bulletin.status)) throw conflict('loudspeakers.bulletinNotApproved');
	return bulletin;
}

async function targetStations(ctx: Ctx, input: PlacementInput): Promise<StationPlaced[]> {
	if (input.stationId) {
		const station = await loadStation(ctx.db, ctx.actor, input.stationId, canManageStation);
		if (!station.station.active) throw invalid('loudspeakers.stationInactive', {}, [{ path: 'stationId', message: input.stationId }]);
		return [station];
	}
	const unit = await selectUnitByCode(ctx.db, input.unitCode!);
	if (!unit) throw invalid('unit.notFound', { code: input.unitCode! }, [{ path: 'unitCode', message: input.unitCode! }]);
	const stations = await selectStationsUnder(ctx.db, unit.unit.path);
	if (stations.some((s) => !canManageStation(ctx.actor, s)) || !canManageStation(ctx.actor, { unitPath: unit.unit.path })) throw forbidden();
	if (!stations.length) throw invalid('loudspeakers.noStations', { code: unit.unit.code }, [{ path: 'unitCode', message: unit.unit.code }]);
	return stations;
}

/**
 * Places an approved or published bulletin on one station, a village's stations or every station
 * of a commune, once a day from `from` to `to`, by the rules in loudspeakers.planner.ts. Returns
 * what was placed, what moved later to make room, and the days that found no slot.
 */
export async function placeBulletin(ctx: Ctx, input: PlacementInput, now = new Date()) {
	return ctx.db.transaction(async (tx) => {
		const c = { db: tx, actor: ctx.actor };
		const bulletin = await loadPlaceableBulletin(c, input.contentId);
		const clock = localNow(now);
		if (input.from < clock.date) throw invalid('loudspeakers.pastDate', {}, [{ path: 'from', message: input.from }]);
		if (daysBetween(input.from, input.to) >= MAX_PLACEMENT_DAYS)
			throw invalid('loudspeakers.rangeTooLong', { days: MAX_PLACEMENT_DAYS }, [{ path: 'to', message: input.to }]);
		const stations = await targetStations(c, input);
		for (const s of stations) if (!bulletinCovers(bulletin, s)) throw invalid('loudspeakers.outsideArea', { station: s.station.name });

		const placed: { row: BroadcastRow; station: StationPlaced }[] = [];
		const moved: BroadcastRow[] = [];
		const unplaced: { stationId: string; date: string; reason: string }[] = [];
		const horizon = addDays(input.to, SPILL_DAYS * 2 + 1);
		for (const station of stations) {
			const stationId = station.station.id;
			await tx.execute(sql`SELECT pg_advisory_xact_lock(${STATION_LOCK}, hashtext(${stationId}))`);
			const slots = await selectSlots(tx, [stationId]);
			const rows = await selectBroadcasts(tx, [stationId], input.from, horizon, true);
			const live = rows.filter((r) => r.status !== 'cancelled' && r.slotId);
			const cancelled = rows.filter((r) => r.status === 'cancelled');
			const bulletins = await selectBulletins(tx, [...live.map((r) => r.contentId), bulletin.id]);
			const itemOf = (r: BroadcastRow): PlanItem => {
				const b = bulletins.get(r.contentId)!;
				return {
					id: r.id,
					contentId: r.contentId,
					rank: priorityRank[b.priority] ?? 2,
					seconds: bulletinSeconds(b),
					requestedAt: r.createdAt.getTime(),
					status: r.status,
					date: r.date,
					slotId: r.slotId!
				};
			};
			const plan = new StationPlan(slots, live.map(itemOf), cancelled, clock);
			const before = new Map(live.map((r) => [r.id, r]));
			// Days it already played or was placed on before this request are left as they are.
			const alreadyOn = new Set(live.filter((r) => r.contentId === bulletin.id).map((r) => r.date));
			const fresh = { id: null, contentId: bulletin.id, rank: priorityRank[bulletin.priority] ?? 2, seconds: bulletinSeconds(bulletin), requestedAt: now.getTime(), status: 'scheduled' };
			for (let d = input.from; d <= input.to; d = addDays(d, 1)) if (!alreadyOn.has(d)) plan.place(fresh, d);
			unplaced.push(...plan.unplaced.map((u) => ({ stationId, ...u })));

			// Write back: new rows (or cancelled ones brought back), moves, then every touched slot's order.
			for (const occ of plan.occurrences()) {
				for (const [position, item] of occ.items.entries()) {
					if (item.changed === 'new') {
						const old = cancelled.find((r) => r.contentId === item.contentId && r.date === item.date && r.slotId === item.slotId);
						const values = { status: 'scheduled', position, playedAt: null, confirmedBy: null, confirmedVia: null, createdBy: ctx.actor.userId, createdAt: now };
						const [row] = old
							? await tx.update(broadcasts).set(values).where(eq(broadcasts.id, old.id)).returning()
							: await tx
									.insert(broadcasts)
									.values({ ...values, stationId, slotId: item.slotId, contentId: item.contentId, date: item.date })
									.returning();
						item.id = row.id;
						placed.push({ row, station });
					} else if (item.changed === 'moved' || before.get(item.id!)?.position !== position) {
						const [row] = await tx
							.update(broadcasts)
							.set({ date: item.date, slotId: item.slotId, position })
							.where(eq(broadcasts.id, item.id!))
							.returning();
						if (item.changed === 'moved') moved.push(row);
					}
				}
			}
		}
		await recordChange(tx, ctx.actor, {
			action: 'broadcast.place',
			entityType: 'content',
			entityId: bulletin.id,
			unitId: bulletin.unitId,
			after: {
				stations: stations.map((s) => s.station.id),
				from: input.from,
				to: input.to,
				placed: placed.map((p) => ({ id: p.row.id, stationId: p.row.stationId, date: p.row.date, slotId: p.row.slotId })),
				moved: moved.map((m) => ({ id: m.id, date: m.date, slotId: m.slotId })),
				unplaced
			}
		});
		const all = [...placed.map((p) => p.row), ...moved];
		const allBulletins = await selectBulletins(tx, all.map((r) => r.contentId));
		const slotMap = new Map((await selectSlots(tx, [...new Set(all.map((r) => r.stationId))])).map((s) => [s.id, s]));
		const show = (r: BroadcastRow) => presentBroadcast(r, allBulletins.get(r.contentId)!, slotMap, clock.date);
		return { placed: placed.map((p) => show(p.row)), moved: moved.map(show), unplaced };
	});
}

/** Takes a scheduled broadcast off the schedule (a played one stays: it happened). */
export async function cancelBroadcast(ctx: Ctx, broadcastId: string) {
	return ctx.db.transaction(async (tx) => {
		const row = await selectBroadcast(tx, broadcastId);
		if (!row) throw notFound('loudspeakers.broadcastNotFound');
		const station = await loadStation(tx, ctx.actor, row.stationId, canManageStation);
		if (row.status === 'played') throw conflict('loudspeakers.alreadyPlayed');
		let current = row;
		if (row.status !== 'cancelled') {
			[current] = await tx.update(broadcasts).set({ status: 'cancelled' }).where(and(eq(broadcasts.id, broadcastId), eq(broadcasts.status, row.status))).returning();
			if (!current) throw new AppError('CONFLICT', 'loudspeakers.broadcastChanged');
			await recordChange(tx, ctx.actor, {
				action: 'broadcast.cancel',
				entityType: 'broadcast',
				entityId: broadcastId,
				unitId: station.station.unitId,
				before: { status: row.status, date: row.date, contentId: row.contentId }
			});
		}
		const bulletin = (await selectBulletins(tx, [current.contentId])).get(current.contentId)!;
		const slots = new Map((await selectSlots(tx, [current.stationId])).map((s) => [s.id, s]));
		return presentBroadcast(current, bulletin, slots);
	});
}

/**
 * A station's day: the slots that run that weekday with their broadcasts in playing order, the
 * seconds used of each, and broadcasts whose slot was removed. Missed plays are shown as such.
 */
export async function getStationDay(db: Db, station: StationPlaced, date: string, now = new Date()) {
	const stationId = station.station.id;
	const [slots, rows] = await Promise.all([selectSlots(db, [stationId]), selectBroadcasts(db, [stationId], date, date, true)]);
	const bulletins = await selectBulletins(db, rows.map((r) => r.contentId));
	const slotMap = new Map(slots.map((s) => [s.id, s]));
	const shown = rows.map((r) => ({ row: r, view: presentBroadcast(r, bulletins.get(r.contentId)!, slotMap, localNow(now).date), bulletin: bulletins.get(r.contentId)! }));
	const weekday = isoWeekday(date);
	const daySlots = slots
		.filter((s) => s.weekdays.includes(weekday) || shown.some((b) => b.row.slotId === s.id))
		.map((s) => {
			const items = shown.filter((b) => b.row.slotId === s.id);
			return {
				...presentSlot(s),
				broadcasts: items.map((b) => b.view),
				usedSeconds: items.filter((b) => b.view.status !== 'cancelled').reduce((n, b) => n + b.view.seconds, 0)
			};
		});
	return { date, weekday, slots: daySlots, unslotted: shown.filter((b) => !b.row.slotId).map((b) => b.view), bulletins, rows };
}

export { shownStatus };
