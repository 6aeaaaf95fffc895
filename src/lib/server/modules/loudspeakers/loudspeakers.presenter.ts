import type { Actor } from '../../access/actor';
import { today } from '../../periods';
import type { BroadcastRow, BulletinRow, SlotRow, StationPlaced } from './loudspeakers.repository';
import { audioCurrent, bulletinSeconds } from './loudspeakers.audio';
import { addDays } from './loudspeakers.planner';
import { canConfirmPlay, canManageStation } from './loudspeakers.policy';
import type { BroadcastStatus, BulletinPriority, StationKind } from './loudspeakers.schemas';

export const presentSlot = (s: SlotRow) => ({ id: s.id, startTime: s.startTime, minutes: s.minutes, weekdays: [...s.weekdays], label: s.label });

export function presentStation(actor: Actor, s: StationPlaced, slots: SlotRow[]) {
	return {
		id: s.station.id,
		name: s.station.name,
		kind: s.station.kind as StationKind,
		active: s.station.active,
		unitCode: s.unitCode,
		unitName: s.unitName,
		hasToken: s.station.tokenHash !== null,
		slots: slots.filter((x) => x.stationId === s.station.id).map(presentSlot),
		canManage: canManageStation(actor, s),
		canConfirm: canConfirmPlay(actor, s)
	};
}
export type PresentedStation = ReturnType<typeof presentStation>;

/**
 * A scheduled play nobody confirmed by the end of the next day is shown as missed. Computed when
 * read: nothing has to run at midnight, and a late confirmation (a controller that was offline)
 * still turns it into a play.
 */
export function shownStatus(b: Pick<BroadcastRow, 'status' | 'date'>, on = today()): BroadcastStatus {
	return b.status === 'scheduled' && b.date < addDays(on, -1) ? 'missed' : (b.status as BroadcastStatus);
}

/** A broadcast as shown; `on` is today's date in Việt Nam (what counts as missed). */
export function presentBroadcast(b: BroadcastRow, bulletin: BulletinRow, slots: Map<string, SlotRow>, on = today()) {
	return {
		id: b.id,
		stationId: b.stationId,
		date: b.date,
		slotId: b.slotId,
		startTime: b.slotId ? (slots.get(b.slotId)?.startTime ?? null) : null,
		position: b.position,
		status: shownStatus(b, on),
		contentId: b.contentId,
		title: bulletin.title,
		priority: bulletin.priority as BulletinPriority,
		seconds: bulletinSeconds(bulletin),
		hasAudio: bulletin.audioFileId !== null,
		audioStale: bulletin.audioFileId !== null && !audioCurrent(bulletin),
		playedAt: b.playedAt?.toISOString() ?? null,
		confirmedVia: b.confirmedVia,
		activityId: b.activityId
	};
}
export type PresentedBroadcast = ReturnType<typeof presentBroadcast>;
