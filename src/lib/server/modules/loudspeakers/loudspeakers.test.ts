import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { activities } from '../activities/activities.tables';
import { broadcasts } from './loudspeakers.tables';
import { buildLoudspeakerWorld } from './loudspeakers.testing';
import { addSlot, createStation, findStations, getStation, issueStationToken, removeSlot, revokeStationToken, updateStation } from './loudspeakers.service';
import { cancelBroadcast, placeBulletin } from './loudspeakers.schedule';
import { confirmPlay } from './loudspeakers.plays';
import { authenticateController, controllerSchedule, controllerPlay, toM3u } from './loudspeakers.controller';
import { SlotInput, StationCreateInput } from './loudspeakers.schemas';

// Thursday 5 March 2026 in Việt Nam: 05:00 and 18:00 (UTC+7).
const THU_5AM = new Date('2026-03-04T22:00:00Z');
const THU_6PM = new Date('2026-03-05T11:00:00Z');

describe.each(testDrivers)('loudspeaker stations, tokens and plays (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildLoudspeakerWorld>>;
	const as = (actor: (typeof w.actors)['officer']) => ({ db: database.db, actor });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildLoudspeakerWorld(database.db);
	});
	afterAll(() => database.close());

	it('officers manage the stations of their commune only; village heads see their village’s', async () => {
		const mine = await findStations(as(w.actors.officer), { limit: 100, offset: 0 });
		expect(mine.items.map((s) => s.name).sort()).toEqual(['Loa thôn Hai', 'Loa thôn Một', 'Đài trung tâm xã Một'].sort());
		expect(mine.items.every((s) => s.canManage)).toBe(true);
		const theirs = await findStations(as(w.actors.otherOfficer), { limit: 100, offset: 0 });
		expect(theirs.items.map((s) => s.name)).toEqual(['Loa thôn Ba']);
		const head = await findStations(as(w.actors.village), { limit: 100, offset: 0 });
		expect(head.items.map((s) => [s.name, s.canManage, s.canConfirm])).toEqual([['Loa thôn Một', false, true]]);

		const v1 = w.stations.v1.id;
		await expect(getStation(as(w.actors.otherOfficer), v1)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getStation(as(w.actors.otherVillage), v1)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getStation(as(w.head12), v1)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(updateStation(as(w.actors.otherOfficer), v1, { name: 'Đổi tên' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(updateStation(as(w.actors.village), v1, { name: 'Đổi tên' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(addSlot(as(w.actors.otherOfficer), v1, SlotInput.parse({ startTime: '12:00', minutes: 5 }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(issueStationToken(as(w.actors.otherOfficer), v1)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(issueStationToken(as(w.actors.village), v1)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(createStation(as(w.actors.otherOfficer), { unitCode: 'C1-V1', name: 'Loa lạ', kind: 'fm' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(createStation(as(w.actors.village), { unitCode: 'C1-V1', name: 'Loa lạ', kind: 'fm' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await getStation(as(w.actors.village), v1)).slots.map((s) => s.startTime)).toEqual(['06:00', '17:00']);
	});

	it('keeps slots, and refuses bad station and slot input', async () => {
		const officer = as(w.actors.officer);
		await expect(createStation(officer, { unitCode: 'P1', name: 'Tỉnh', kind: 'wired' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(createStation(as(w.actors.admin), { unitCode: 'P1', name: 'Tỉnh', kind: 'wired' })).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'loudspeakers.stationLevel' });
		await expect(createStation(officer, { unitCode: 'NOPE', name: 'X', kind: 'wired' })).rejects.toMatchObject({ code: 'VALIDATION' });
		for (const bad of [{ unitCode: 'C1', name: '', kind: 'fm' }, { unitCode: 'C1', name: 'X', kind: 'radio' }, { unitCode: 'C 1', name: 'X', kind: 'fm' }])
			expect(StationCreateInput.safeParse(bad).success).toBe(false);
		for (const bad of [{ startTime: '24:00', minutes: 5 }, { startTime: '6:00', minutes: 5 }, { startTime: '06:00', minutes: 0 }, { startTime: '06:00', minutes: 241 }, { startTime: '06:00', minutes: 5, weekdays: [] }, { startTime: '06:00', minutes: 5, weekdays: [8] }, { startTime: '06:00', minutes: 2.5 }])
			expect(SlotInput.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
		const s = await addSlot(officer, w.stations.central.id, SlotInput.parse({ startTime: '11:30', minutes: 10, weekdays: [7, 6, 6] }));
		const noon = s.slots.find((x) => x.startTime === '11:30')!;
		expect(noon.weekdays).toEqual([6, 7]);
		expect((await removeSlot(officer, w.stations.central.id, noon.id)).slots.map((x) => x.startTime)).toEqual(['06:00', '17:00']);
		await expect(removeSlot(officer, w.stations.central.id, noon.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('controller tokens: shown once, stored as sha256, replaced and revoked; none, wrong, revoked → 401, another station’s → 403', async () => {
		const db = database.db;
		const officer = as(w.actors.officer);
		const { token } = await issueStationToken(officer, w.stations.v1.id);
		expect(token).toMatch(/^lts_[A-Za-z0-9_-]{30,}$/);
		expect(JSON.stringify(await getStation(officer, w.stations.v1.id))).not.toContain(token);
		expect((await authenticateController(db, w.stations.v1.id, token)).station.id).toBe(w.stations.v1.id);
		await expect(authenticateController(db, w.stations.v1.id, null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
		await expect(authenticateController(db, w.stations.v1.id, token + 'x')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
		await expect(authenticateController(db, w.stations.v2.id, token)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(authenticateController(db, '00000000-0000-4000-8000-000000000000', token)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const replaced = await issueStationToken(officer, w.stations.v1.id);
		await expect(authenticateController(db, w.stations.v1.id, token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
		await authenticateController(db, w.stations.v1.id, replaced.token);
		await updateStation(officer, w.stations.v1.id, { active: false });
		await expect(authenticateController(db, w.stations.v1.id, replaced.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
		await updateStation(officer, w.stations.v1.id, { active: true });
		expect((await revokeStationToken(officer, w.stations.v1.id)).hasToken).toBe(false);
		await expect(authenticateController(db, w.stations.v1.id, replaced.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
	});

	it('a confirmed play becomes exactly one broadcast activity of the station’s village; repeats change nothing', async () => {
		const db = database.db;
		const b = await w.bulletin('Thông báo vay vốn', 60);
		const { placed } = await placeBulletin(as(w.actors.officer), { contentId: b.id, unitCode: 'C1', from: '2026-03-05', to: '2026-03-06' }, THU_5AM);
		const onV1 = placed.filter((p) => p.stationId === w.stations.v1.id);
		const onV2 = placed.filter((p) => p.stationId === w.stations.v2.id);
		expect(onV1.map((p) => p.date)).toEqual(['2026-03-05', '2026-03-06']);
		const [today, tomorrow] = onV1;

		// Scope: another village's head, another commune's officer.
		await expect(confirmPlay(db, { kind: 'user', actor: w.head12 }, today.id, THU_6PM, THU_6PM)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(confirmPlay(db, { kind: 'user', actor: w.actors.otherOfficer }, today.id, THU_6PM, THU_6PM)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(confirmPlay(db, { kind: 'user', actor: w.actors.village }, onV2[0].id, THU_6PM, THU_6PM)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		// Not yet, in the future, another day.
		await expect(confirmPlay(db, { kind: 'user', actor: w.actors.village }, tomorrow.id, THU_6PM, THU_6PM)).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'loudspeakers.notYet' });
		await expect(confirmPlay(db, { kind: 'user', actor: w.actors.village }, today.id, new Date(THU_6PM.getTime() + 3600_000), THU_6PM)).rejects.toMatchObject({ messageKey: 'loudspeakers.playedInFuture' });
		await expect(confirmPlay(db, { kind: 'user', actor: w.actors.village }, today.id, new Date(THU_6PM.getTime() - 86_400_000), THU_6PM)).rejects.toMatchObject({ messageKey: 'loudspeakers.playedOtherDay' });

		const first = await confirmPlay(db, { kind: 'user', actor: w.actors.village }, today.id, THU_6PM, THU_6PM);
		const again = await confirmPlay(db, { kind: 'user', actor: w.actors.village }, today.id, new Date(THU_6PM.getTime() - 60_000), THU_6PM);
		expect(again).toEqual(first);
		expect(first).toMatchObject({ status: 'played', confirmedVia: 'button', playedAt: THU_6PM.toISOString() });
		const rows = await db.select().from(activities).where(eq(activities.contentId, b.id));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			id: first.activityId,
			unitId: w.units.v11.id,
			channelCode: 'loudspeaker',
			title: 'Thông báo vay vốn',
			status: 'done',
			source: 'loudspeaker',
			date: '2026-03-05',
			startTime: '18:00'
		});
		const [stored] = await db.select().from(broadcasts).where(eq(broadcasts.id, today.id));
		expect(stored).toMatchObject({ status: 'played', activityId: first.activityId, confirmedBy: w.actors.village.userId, confirmedVia: 'button' });
		await expect(cancelBroadcast(as(w.actors.officer), today.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'loudspeakers.alreadyPlayed' });

		// A cancelled broadcast cannot be confirmed.
		const onCentral = placed.find((p) => p.stationId === w.stations.central.id && p.date === '2026-03-05')!;
		await cancelBroadcast(as(w.actors.officer), onCentral.id);
		await expect(confirmPlay(db, { kind: 'user', actor: w.actors.officer }, onCentral.id, THU_6PM, THU_6PM)).rejects.toMatchObject({ code: 'CONFLICT' });

		// The controller of V2 confirms V2's play; a repeat answers the same; it cannot confirm V1's.
		const v2 = (await selectStationFor(w.stations.v2.id))!;
		const c1 = await controllerPlay(db, v2, onV2[0].id, THU_6PM, THU_6PM);
		const c2 = await controllerPlay(db, v2, onV2[0].id, THU_6PM, THU_6PM);
		expect(c2).toEqual(c1);
		expect(c1.confirmedVia).toBe('controller');
		await expect(controllerPlay(db, v2, tomorrow.id, THU_6PM, THU_6PM)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const all = await db.select().from(activities).where(and(eq(activities.contentId, b.id), eq(activities.source, 'loudspeaker')));
		expect(all.map((a) => a.unitId).sort()).toEqual([w.units.v11.id, w.units.v12.id].sort());
	});

	it('serves the day to controllers as JSON and as an extended M3U', async () => {
		const db = database.db;
		const b = await w.bulletin('Lịch tiêm chủng, "đợt 2"\nthôn Hai', 40);
		await placeBulletin(as(w.actors.officer), { contentId: b.id, stationId: w.stations.v2.id, from: '2026-03-09', to: '2026-03-09' }, THU_5AM);
		const v2 = (await selectStationFor(w.stations.v2.id))!;
		const url = (id: string) => `http://lantoa.test/api/v1/stations/${v2.station.id}/audio/${id}?token=T`;
		const day = await controllerSchedule(db, v2, '2026-03-09', url, THU_5AM);
		expect(day).toMatchObject({ station: { id: v2.station.id, kind: 'fm' }, date: '2026-03-09', timeZone: 'Asia/Ho_Chi_Minh' });
		expect(day.slots.map((s) => s.startTime)).toEqual(['06:00', '17:00']);
		const item = day.slots[0].broadcasts.find((x) => x.contentId === b.id)!;
		// No audio made yet: listed without an address, and left out of the playlist.
		expect(item).toMatchObject({ priority: 'normal', status: 'scheduled', audioUrl: null });
		expect(item.seconds).toBeGreaterThan(30);
		expect(toM3u(day)).toBe('#EXTM3U\r\n#PLAYLIST:Loa thôn Hai 2026-03-09\r\n# 06:00 Sáng\r\n# 17:00 Chiều\r\n');
		const withAudio = { ...day, slots: day.slots.map((s) => ({ ...s, broadcasts: s.broadcasts.map((x) => ({ ...x, audioUrl: url(x.id) })) })) };
		const m3u = toM3u(withAudio);
		expect(m3u.startsWith('#EXTM3U\r\n')).toBe(true);
		expect(m3u).toContain(`#EXTINF:${item.seconds},Lịch tiêm chủng, "đợt 2" thôn Hai\r\n${url(item.id)}\r\n`);
	});

	async function selectStationFor(id: string) {
		const { selectStation } = await import('./loudspeakers.repository');
		return selectStation(database.db, id);
	}
});
