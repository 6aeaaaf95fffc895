import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { activities } from '$lib/server/modules/activities/activities.tables';
import { buildContent } from '$lib/server/modules/content/content.fixtures';
import { buildLoudspeakerWorld } from '$lib/server/modules/loudspeakers/loudspeakers.testing';
import { localNow, placeBulletin } from '$lib/server/modules/loudspeakers/loudspeakers.schedule';
import { addDays } from '$lib/server/modules/loudspeakers/loudspeakers.planner';
import { GET as list, POST as create } from './+server';
import { GET as getOne, PATCH as patch } from './[id]/+server';
import { POST as addSlot } from './[id]/slots/+server';
import { DELETE as removeSlot } from './[id]/slots/[slotId]/+server';
import { POST as issueToken, DELETE as revokeToken } from './[id]/token/+server';
import { GET as day } from './[id]/day/+server';
import { GET as scheduleJson } from './[id]/schedule.json/+server';
import { GET as scheduleM3u } from './[id]/schedule.m3u/+server';
import { GET as audio } from './[id]/audio/[broadcastId]/+server';
import { POST as plays } from './[id]/plays/+server';
import { POST as place } from './broadcasts/+server';
import { POST as cancel } from './broadcasts/[broadcastId]/cancel/+server';
import { POST as played } from './broadcasts/[broadcastId]/played/+server';
import { GET as listen, POST as speak } from '../content/[id]/speech/+server';

const installed = spawnSync('espeak-ng', ['--version']).status === 0;
const NONE = '00000000-0000-4000-8000-000000000000';

describe.each(testDrivers)('stations API (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildLoudspeakerWorld>>;
	let token: string;
	let otherToken: string;
	const today = localNow(new Date()).date;

	function event(actor: Actor | null, url: string, params: Record<string, string> = {}, init?: RequestInit): RequestEvent {
		const request = new Request('http://lantoa.test' + url, init);
		return {
			request,
			url: new URL(request.url),
			params,
			locals: { actor, apiLocale: 'en', locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
	}
	const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
		method,
		body: JSON.stringify(body),
		headers: { 'content-type': 'application/json', ...headers }
	});
	const bearer = (t: string): RequestInit => ({ headers: { authorization: `Bearer ${t}` } });
	const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; details: { path?: string }[] } }).error;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildLoudspeakerWorld(database.db);
	});
	afterAll(() => database.close());

	it('manages stations, slots and tokens, refusing bad input and other communes', async () => {
		const officer = w.actors.officer;
		const made = await create(event(officer, '/api/v1/stations', {}, json('POST', { unitCode: 'C1-V2', name: 'Loa cụm dân cư', kind: 'wired' })));
		expect(made.status).toBe(201);
		const station = (await made.json()) as { id: string };
		for (const bad of [{}, { unitCode: 'C1-V2', name: 'X', kind: 'tv' }, { unitCode: 'C1-V2', name: '', kind: 'fm' }, { unitCode: 'x y', name: 'X', kind: 'fm' }]) {
			const res = await create(event(officer, '/api/v1/stations', {}, json('POST', bad)));
			expect(res.status, JSON.stringify(bad)).toBe(400);
			expect((await errorOf(res)).code).toBe('VALIDATION');
		}
		expect((await create(event(officer, '/api/v1/stations', {}, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } }))).status).toBe(415);
		expect((await create(event(null, '/api/v1/stations', {}, json('POST', { unitCode: 'C1-V2', name: 'X', kind: 'fm' })))).status).toBe(401);
		expect((await create(event(w.actors.otherOfficer, '/api/v1/stations', {}, json('POST', { unitCode: 'C1-V2', name: 'X', kind: 'fm' })))).status).toBe(403);

		const id = station.id;
		expect((await getOne(event(officer, `/api/v1/stations/${id}`, { id }))).status).toBe(200);
		expect((await getOne(event(officer, '/api/v1/stations/nope', { id: 'nope' }))).status).toBe(400);
		expect((await getOne(event(officer, `/api/v1/stations/${NONE}`, { id: NONE }))).status).toBe(404);
		expect((await getOne(event(w.actors.otherOfficer, `/api/v1/stations/${id}`, { id }))).status).toBe(403);
		expect((await patch(event(officer, `/api/v1/stations/${id}`, { id }, json('PATCH', { active: 'no' })))).status).toBe(400);
		expect((await patch(event(officer, `/api/v1/stations/${id}`, { id }, json('PATCH', { colour: 'red' })))).status).toBe(400);
		expect(await (await patch(event(officer, `/api/v1/stations/${id}`, { id }, json('PATCH', { name: 'Loa cụm 2' })))).json()).toMatchObject({ name: 'Loa cụm 2' });

		const slotRes = await addSlot(event(officer, `/api/v1/stations/${id}/slots`, { id }, json('POST', { startTime: '19:00', minutes: 15, weekdays: [1, 3, 5] })));
		expect(slotRes.status).toBe(201);
		const slotId = ((await slotRes.json()) as { slots: { id: string }[] }).slots[0].id;
		const badSlot = await addSlot(event(officer, `/api/v1/stations/${id}/slots`, { id }, json('POST', { startTime: '25:00', minutes: 15 })));
		expect(badSlot.status).toBe(400);
		expect((await errorOf(badSlot)).details[0].path).toBe('startTime');
		expect((await removeSlot(event(officer, `/api/v1/stations/${id}/slots/x`, { id, slotId: 'x' }, { method: 'DELETE' }))).status).toBe(400);
		expect((await removeSlot(event(w.actors.otherOfficer, `/x`, { id, slotId }, { method: 'DELETE' }))).status).toBe(403);
		expect((await removeSlot(event(officer, `/x`, { id, slotId }, { method: 'DELETE' }))).status).toBe(200);
		expect((await removeSlot(event(officer, `/x`, { id, slotId }, { method: 'DELETE' }))).status).toBe(404);

		const listed = (await (await list(event(w.actors.village, '/api/v1/stations'))).json()) as { items: { name: string }[] };
		expect(listed.items.map((s) => s.name)).toEqual(['Loa thôn Một']);
		expect((await list(event(officer, '/api/v1/stations?limit=0'))).status).toBe(400);
		expect((await list(event(officer, '/api/v1/stations?unit=NOPE'))).status).toBe(400);

		const t = await issueToken(event(officer, '/x', { id: w.stations.v1.id }, { method: 'POST' }));
		expect(t.status).toBe(201);
		token = ((await t.json()) as { token: string }).token;
		otherToken = ((await (await issueToken(event(officer, '/x', { id: w.stations.v2.id }, { method: 'POST' }))).json()) as { token: string }).token;
		expect((await issueToken(event(w.actors.village, '/x', { id: w.stations.v1.id }, { method: 'POST' }))).status).toBe(403);
		expect((await revokeToken(event(w.actors.otherOfficer, '/x', { id: w.stations.v2.id }, { method: 'DELETE' }))).status).toBe(403);
	});

	it('places, shows, serves to the controller, confirms by controller and by button, cancels', async () => {
		const officer = w.actors.officer;
		const b = await w.bulletin('Thông báo họp dân', 30);
		const draft = await buildContent(w, { title: 'Nháp', body: 'Chưa duyệt.' });
		const base = { contentId: b.id, stationId: w.stations.v1.id, from: today, to: addDays(today, 1) };
		for (const bad of [{ ...base, contentId: 'x' }, { ...base, from: '2026-13-01' }, { ...base, stationId: undefined }, { ...base, unitCode: 'C1' }, { ...base, to: addDays(today, -1) }]) {
			const res = await place(event(officer, '/x', {}, json('POST', bad)));
			expect(res.status, JSON.stringify(bad)).toBe(400);
		}
		expect((await place(event(officer, '/x', {}, json('POST', { ...base, contentId: draft.id })))).status).toBe(409);
		expect((await place(event(w.actors.village, '/x', {}, json('POST', base)))).status).toBe(403);
		const res = await place(event(officer, '/x', {}, json('POST', { ...base, from: addDays(today, 1), to: addDays(today, 2) })));
		expect(res.status).toBe(201);
		const placed = ((await res.json()) as { placed: { id: string; date: string }[] }).placed;
		expect(placed.map((p) => p.date)).toEqual([addDays(today, 1), addDays(today, 2)]);

		const dayRes = await day(event(w.actors.village, `/x?date=${addDays(today, 1)}`, { id: w.stations.v1.id }));
		expect(dayRes.status).toBe(200);
		const shown = (await dayRes.json()) as { slots: { startTime: string; broadcasts: { title: string }[] }[] };
		expect(shown.slots.flatMap((s) => s.broadcasts.map((x) => x.title))).toEqual(['Thông báo họp dân']);
		expect((await day(event(w.actors.village, '/x?date=tomorrow', { id: w.stations.v1.id }))).status).toBe(400);
		expect((await day(event(w.actors.otherVillage, '/x', { id: w.stations.v1.id }))).status).toBe(403);

		// The controller: token by header or address; none, wrong, another station's.
		const id = w.stations.v1.id;
		const date = addDays(today, 1);
		const ok = await scheduleJson(event(null, `/api/v1/stations/${id}/schedule.json?date=${date}`, { id }, bearer(token)));
		expect(ok.status).toBe(200);
		const body = (await ok.json()) as { date: string; slots: { broadcasts: { id: string; title: string; seconds: number; audioUrl: string | null }[] }[] };
		expect(body.date).toBe(date);
		expect(body.slots.flatMap((s) => s.broadcasts)).toMatchObject([{ id: placed[0].id, title: 'Thông báo họp dân', audioUrl: null }]);
		expect((await scheduleJson(event(null, `/x?date=${date}&token=${encodeURIComponent(token)}`, { id }))).status).toBe(200);
		const none = await scheduleJson(event(null, `/x`, { id }));
		expect(none.status).toBe(401);
		expect(none.headers.get('www-authenticate')).toBe('Bearer');
		expect((await scheduleJson(event(null, `/x`, { id }, bearer('lts_wrong')))).status).toBe(401);
		expect((await scheduleJson(event(null, `/x`, { id }, bearer(otherToken)))).status).toBe(403);
		expect((await scheduleJson(event(null, `/x?date=2026-02-30`, { id }, bearer(token)))).status).toBe(400);
		expect((await scheduleJson(event(null, `/x`, { id: 'x' }, bearer(token)))).status).toBe(400);
		const m3u = await scheduleM3u(event(null, `/x?date=${date}&token=${encodeURIComponent(token)}`, { id }));
		expect(m3u.status).toBe(200);
		expect(m3u.headers.get('content-type')).toBe('audio/x-mpegurl; charset=utf-8');
		expect((await m3u.text()).startsWith('#EXTM3U\r\n')).toBe(true);
		expect((await scheduleM3u(event(null, `/x`, { id }, bearer(otherToken)))).status).toBe(403);
		expect((await audio(event(null, `/x`, { id, broadcastId: placed[0].id }, bearer(token)))).status).toBe(404);
		expect((await audio(event(null, `/x`, { id, broadcastId: placed[0].id }))).status).toBe(401);

		// Plays: bad input, not yet, then today's play twice → one activity.
		// Placed as at midnight, so that today's slots are all still ahead whatever the hour of the run.
		const midnight = new Date(`${today}T00:00:00+07:00`);
		const [todays] = (await placeBulletin({ db: database.db, actor: officer }, { ...base, to: today }, midnight)).placed;
		expect(todays.date).toBe(today);
		const playedAt = new Date().toISOString();
		for (const bad of [{}, { broadcastId: todays.id }, { broadcastId: todays.id, playedAt: 'yesterday' }, { broadcastId: 'x', playedAt }])
			expect((await plays(event(null, '/x', { id }, json('POST', bad, { authorization: `Bearer ${token}` })))).status, JSON.stringify(bad)).toBe(400);
		expect((await plays(event(null, '/x', { id }, json('POST', { broadcastId: placed[0].id, playedAt }, { authorization: `Bearer ${token}` })))).status).toBe(400);
		expect((await plays(event(null, '/x', { id }, json('POST', { broadcastId: todays.id, playedAt }, { authorization: `Bearer ${otherToken}` })))).status).toBe(403);
		expect((await plays(event(null, '/x', { id }, json('POST', { broadcastId: todays.id, playedAt })))).status).toBe(401);
		const first = await plays(event(null, '/x', { id }, json('POST', { broadcastId: todays.id, playedAt }, { authorization: `Bearer ${token}` })));
		expect(first.status).toBe(200);
		const again = await plays(event(null, `/x?token=${encodeURIComponent(token)}`, { id }, json('POST', { broadcastId: todays.id, playedAt })));
		const firstBody = await first.json();
		expect(await again.json()).toEqual(firstBody);
		// The button answers the same for the already confirmed play.
		expect(await (await played(event(w.actors.village, '/x', { broadcastId: todays.id }, { method: 'POST' }))).json()).toEqual(firstBody);
		expect(await database.db.select().from(activities).where(eq(activities.contentId, b.id))).toHaveLength(1);
		expect((await played(event(w.head12, '/x', { broadcastId: todays.id }, { method: 'POST' }))).status).toBe(403);
		expect((await played(event(w.actors.village, '/x', { broadcastId: 'x' }, { method: 'POST' }))).status).toBe(400);
		expect((await played(event(w.actors.village, '/x', { broadcastId: NONE }, { method: 'POST' }))).status).toBe(404);

		expect((await cancel(event(w.actors.village, '/x', { broadcastId: placed[1].id }, { method: 'POST' }))).status).toBe(403);
		expect((await cancel(event(officer, '/x', { broadcastId: 'x' }, { method: 'POST' }))).status).toBe(400);
		expect(await (await cancel(event(officer, '/x', { broadcastId: placed[1].id }, { method: 'POST' }))).json()).toMatchObject({ status: 'cancelled' });
		expect((await cancel(event(officer, '/x', { broadcastId: todays.id }, { method: 'POST' }))).status).toBe(409);

		// A revoked token stops working at once.
		await revokeToken(event(officer, '/x', { id }, { method: 'DELETE' }));
		expect((await scheduleJson(event(null, `/x`, { id }, bearer(token)))).status).toBe(401);
	});

	it('makes and serves a bulletin’s speech with proper headers and scope', async () => {
		const officer = w.actors.officer;
		const review = await buildContent(w, { title: 'Tin chờ duyệt', body: 'Mời bà con dự họp tổ dân cư tối thứ Sáu.', status: 'in_review' });
		expect((await speak(event(officer, '/x', { id: 'x' }, { method: 'POST' }))).status).toBe(400);
		expect((await speak(event(w.actors.otherOfficer, '/x', { id: review.id }, { method: 'POST' }))).status).toBe(403);
		expect((await listen(event(officer, '/x', { id: review.id }))).status).toBe(404);
		expect((await listen(event(officer, '/x', { id: 'x' }))).status).toBe(400);
		if (!installed) return;
		const made = await speak(event(w.actors.leader, '/x', { id: review.id }, { method: 'POST' }));
		expect(made.status).toBe(201);
		const res = await listen(event(officer, '/x', { id: review.id }));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('audio/wav');
		expect(res.headers.get('content-disposition')).toMatch(/^inline; /);
		expect(res.headers.get('x-lantoa-audio-stale')).toBe('false');
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
		const part = await listen(event(officer, '/x', { id: review.id }, { headers: { range: 'bytes=0-99' } }));
		expect(part.status).toBe(206);
		expect(part.headers.get('content-range')).toBe(`bytes 0-99/${bytes.length}`);
		expect((await part.arrayBuffer()).byteLength).toBe(100);
		expect((await listen(event(officer, '/x', { id: review.id }, { headers: { range: `bytes=${bytes.length + 5}-` } }))).status).toBe(416);
		expect((await listen(event(w.actors.otherOfficer, '/x', { id: review.id }))).status).toBe(403);
	});
});
