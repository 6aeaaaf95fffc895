import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { conflict, forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { today } from '../../periods';
import { createActivity } from '../activities/activities.service';
import { broadcasts } from './loudspeakers.tables';
import { selectBroadcast, selectBulletin, selectStation, type BroadcastRow, type StationPlaced } from './loudspeakers.repository';
import { canConfirmPlay } from './loudspeakers.policy';
import { localNow } from './loudspeakers.schedule';

/** Who confirms a play: a signed-in user (the button) or a station's controller (its token). */
export type PlayConfirmer = { kind: 'user'; actor: Actor } | { kind: 'controller'; station: StationPlaced };

/**
 * The controller acts as its station: it may record the play of its own station's unit and
 * nothing else (the activity is written through the activities service like any other).
 */
export function stationActor(station: StationPlaced): Actor {
	return {
		userId: null,
		username: `station:${station.station.id}`,
		displayName: station.station.name,
		grants: [{ role: 'village_head', unitId: station.station.unitId, unitCode: station.unitCode, unitName: station.unitName, unitPath: station.unitPath }],
		via: 'token'
	};
}

export const presentPlay = (row: BroadcastRow) => ({
	broadcastId: row.id,
	status: 'played' as const,
	playedAt: row.playedAt!.toISOString(),
	confirmedVia: row.confirmedVia!,
	activityId: row.activityId!
});

/**
 * Confirms that a scheduled bulletin was played: the broadcast becomes `played` with when and by
 * whom, and ONE broadcast activity (channel loudspeaker, done) of the station's unit is recorded
 * through the activities service, in the same transaction. A repeat confirmation returns the
 * first one's result and records nothing new.
 */
export async function confirmPlay(db: Db, who: PlayConfirmer, broadcastId: string, playedAt: Date, now = new Date()) {
	return db.transaction(async (tx) => {
		// Two confirmations of one broadcast (a controller retrying while the head presses the button) queue here.
		await tx.execute(sql`SELECT pg_advisory_xact_lock(7346202, hashtext(${broadcastId}))`);
		const row = await selectBroadcast(tx, broadcastId);
		if (!row) throw notFound('loudspeakers.broadcastNotFound');
		const station = await selectStation(tx, row.stationId);
		if (!station) throw notFound('loudspeakers.broadcastNotFound');
		if (who.kind === 'controller' && who.station.station.id !== row.stationId) throw notFound('loudspeakers.broadcastNotFound');
		if (who.kind === 'user' && !canConfirmPlay(who.actor, station)) throw forbidden();
		if (row.status === 'played') return presentPlay(row);
		if (row.status === 'cancelled') throw conflict('loudspeakers.broadcastCancelled');
		const clock = localNow(now);
		const playedOn = today(playedAt);
		if (row.date > clock.date) throw invalid('loudspeakers.notYet', { date: row.date });
		if (playedAt.getTime() > now.getTime() + 5 * 60_000) throw invalid('loudspeakers.playedInFuture', {}, [{ path: 'playedAt', message: playedAt.toISOString() }]);
		if (playedOn !== row.date) throw invalid('loudspeakers.playedOtherDay', { date: row.date }, [{ path: 'playedAt', message: playedAt.toISOString() }]);

		const bulletin = await selectBulletin(tx, row.contentId);
		const actor = who.kind === 'user' ? who.actor : stationActor(station);
		const time = localNow(playedAt).time;
		const activity = await createActivity(
			tx,
			actor,
			{
				unit: station.unitCode,
				channel: 'loudspeaker',
				title: bulletin!.title,
				description: null,
				place: station.station.name,
				date: row.date,
				startTime: time,
				status: 'done',
				contentId: row.contentId
			},
			{ source: 'loudspeaker', now }
		);
		const via = who.kind === 'controller' ? 'controller' : 'button';
		const [updated] = await tx
			.update(broadcasts)
			.set({ status: 'played', playedAt, confirmedBy: who.kind === 'user' ? who.actor.userId : null, confirmedVia: via, activityId: activity.id })
			.where(eq(broadcasts.id, broadcastId))
			.returning();
		await recordChange(tx, actor, {
			action: 'broadcast.played',
			entityType: 'broadcast',
			entityId: broadcastId,
			unitId: station.station.unitId,
			before: { status: row.status },
			after: { playedAt: playedAt.toISOString(), via, activityId: activity.id }
		});
		return presentPlay(updated);
	});
}
