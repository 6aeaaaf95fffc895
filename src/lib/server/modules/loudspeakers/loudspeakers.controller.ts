import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import { sha256 } from '../../auth/tokens';
import { readStoredFile } from '../../files/store';
import { TIME_ZONE } from '../../periods';
import { selectBroadcast, selectBulletin, selectStation, selectStationByTokenHash, type StationPlaced } from './loudspeakers.repository';
import { audioCurrent } from './loudspeakers.audio';
import { getStationDay, localNow } from './loudspeakers.schedule';
import { confirmPlay } from './loudspeakers.plays';

/** The token a controller sent: `Authorization: Bearer …`, else `?token=` for those that can only take an address. */
export function controllerToken(request: Request, url: URL): string | null {
	const header = request.headers.get('authorization');
	if (header && /^bearer\s+/i.test(header)) return header.replace(/^bearer\s+/i, '').trim() || null;
	return url.searchParams.get('token')?.trim() || null;
}

/**
 * The station a controller may speak for: its token must be the station's current one. No token,
 * an unknown or revoked one, or an inactive station → 401; another station's token → 403.
 */
export async function authenticateController(db: Db, stationId: string, token: string | null): Promise<StationPlaced> {
	if (!token) throw new AppError('UNAUTHENTICATED', 'loudspeakers.tokenMissing');
	if (token.length > 200) throw new AppError('UNAUTHENTICATED', 'loudspeakers.tokenInvalid');
	const holder = await selectStationByTokenHash(db, sha256(token));
	if (!holder || !holder.station.active) throw new AppError('UNAUTHENTICATED', 'loudspeakers.tokenInvalid');
	if (holder.station.id !== stationId) {
		const asked = await selectStation(db, stationId);
		throw asked ? new AppError('FORBIDDEN', 'loudspeakers.tokenOtherStation') : new AppError('NOT_FOUND', 'loudspeakers.stationNotFound');
	}
	return holder;
}

/**
 * A station's day as its controller reads it: slots in time order, each with the broadcasts to
 * play in order (cancelled ones left out) and the address of each audio (null when no current
 * audio exists: a changed text is not played with old words).
 */
export async function controllerSchedule(db: Db, station: StationPlaced, date: string | undefined, audioUrl: (broadcastId: string) => string, now = new Date()) {
	const day = await getStationDay(db, station, date ?? localNow(now).date, now);
	return {
		station: { id: station.station.id, name: station.station.name, kind: station.station.kind },
		date: day.date,
		timeZone: TIME_ZONE,
		slots: day.slots.map((s) => ({
			id: s.id,
			startTime: s.startTime,
			minutes: s.minutes,
			label: s.label,
			broadcasts: s.broadcasts
				.filter((b) => b.status !== 'cancelled')
				.map((b) => ({
					id: b.id,
					contentId: b.contentId,
					title: b.title,
					priority: b.priority,
					status: b.status,
					seconds: b.seconds,
					audioUrl: b.hasAudio && !b.audioStale ? audioUrl(b.id) : null
				}))
		}))
	};
}

/** Text of an M3U line: no line breaks or commas that would end the title early. */
const m3uText = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

/**
 * The day as an extended M3U playlist, in playing order: `#EXTM3U`, then for each broadcast still
 * to play that has current audio `#EXTINF:<seconds>,<title>` and its absolute address (played ones
 * are left out, so a controller fetching it again after a slot does not play them twice).
 */
export function toM3u(schedule: Awaited<ReturnType<typeof controllerSchedule>>): string {
	const lines = ['#EXTM3U', `#PLAYLIST:${m3uText(schedule.station.name)} ${schedule.date}`];
	for (const slot of schedule.slots) {
		// A plain comment line (not a directive) naming the slot, for a person reading the list.
		lines.push(`# ${slot.startTime} ${m3uText(slot.label ?? '')}`.trimEnd());
		for (const b of slot.broadcasts) {
			if (!b.audioUrl || b.status === 'played') continue;
			lines.push(`#EXTINF:${b.seconds},${m3uText(b.title)}`, b.audioUrl);
		}
	}
	return lines.join('\r\n') + '\r\n';
}

/** The audio of one of the station's broadcasts (current audio only). */
export async function controllerAudio(db: Db, station: StationPlaced, broadcastId: string) {
	const row = await selectBroadcast(db, broadcastId);
	if (!row || row.stationId !== station.station.id) throw new AppError('NOT_FOUND', 'loudspeakers.broadcastNotFound');
	const bulletin = await selectBulletin(db, row.contentId);
	if (!bulletin?.audioFileId || !audioCurrent(bulletin)) throw new AppError('NOT_FOUND', 'loudspeakers.audioNotMade');
	const file = await readStoredFile(db, bulletin.audioFileId);
	if (!file) throw new AppError('NOT_FOUND', 'loudspeakers.audioNotMade');
	return file;
}

/** A controller's confirmation: idempotent (a repeat answers the first result). */
export const controllerPlay = (db: Db, station: StationPlaced, broadcastId: string, playedAt: Date, now = new Date()) =>
	confirmPlay(db, { kind: 'controller', station }, broadcastId, playedAt, now);
