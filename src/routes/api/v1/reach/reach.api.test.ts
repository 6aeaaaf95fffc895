import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { buildHousehold, buildHouseholdWorld } from '$lib/server/modules/households/households.testing';
import { insertActivity } from '$lib/server/modules/indicators/indicators.testing';
import { GET as reach } from './+server';

describe.each(testDrivers)('reach API (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;

	function event(actor: Actor | null, url: string): RequestEvent {
		const request = new Request('http://lantoa.test' + url);
		return {
			request,
			url: new URL(request.url),
			params: {},
			locals: { actor, apiLocale: 'en', locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
	}
	const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildHouseholdWorld(database.db);
		const a = (await buildHousehold(database.db, { villageCode: 'C1-V1', headName: 'Nguyễn Văn An', classification: { year: 2026, category: 'poor' } })).id;
		await buildHousehold(database.db, { villageCode: 'C1-V2', headName: 'Trần Văn Bảo', classification: { year: 2026, category: 'poor' } });
		await insertActivity(database.db, { unitCode: 'C1-V1', channel: 'loudspeaker', date: '2026-10-02', households: [a] });
		await insertActivity(database.db, { unitCode: 'C1-V1', channel: 'home_visit', date: '2026-11-02', households: [a], counts: { general_public: 12 } });
	});
	afterAll(() => database.close());

	it('answers the figures of a unit and quarter', async () => {
		const res = await reach(event(w.officer1, '/api/v1/reach?unit=C1&period=2026Q4'));
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body).toMatchObject({
			unit: { code: 'C1', name: 'Xã Một', level: 'commune' },
			period: { key: '2026Q4', from: '2026-10-01', to: '2026-12-31' },
			total: { register: 2, reached: 1, share: 50 },
			participantsTotal: 12,
			namesAvailable: true
		});
		expect(body.byCategory[0]).toEqual({ category: 'poor', register: 2, reached: 1, share: 50 });
		expect(body.byChannel.map((c: { channel: string; reached: number }) => [c.channel, c.reached])).toEqual([
			['home_visit', 1],
			['loudspeaker', 1]
		]);
		const province = await reach(event(w.province1, '/api/v1/reach?unit=C1&period=2026Q4'));
		expect(province.status).toBe(200);
		const text = await province.text();
		expect(text).not.toContain('Nguyễn');
		expect(JSON.parse(text)).toMatchObject({ namesAvailable: false, total: { reached: 1 } });
	});

	it('refuses bad input with 400, unknown units with 404, other communes with 403, strangers with 401', async () => {
		for (const q of ['unit=C1&period=2026Q5', 'unit=C1&period=abc', 'unit=C1', 'period=2026', 'unit=&period=2026', `unit=${'x'.repeat(50)}&period=2026`, 'unit=C1&period=2026-00', 'unit=C1%00&period=2026', 'unit=C%25&period=2026', 'unit=C1&period=2026%00']) {
			const res = await reach(event(w.officer1, '/api/v1/reach?' + q));
			expect(res.status, q).toBe(400);
			expect((await errorOf(res)).code).toBe('VALIDATION');
		}
		const bad = await reach(event(w.officer1, '/api/v1/reach?unit=C1&period=2026Q5'));
		expect((await errorOf(bad)).message).toContain('2026Q5');
		expect((await reach(event(w.officer1, '/api/v1/reach?unit=NOPE&period=2026'))).status).toBe(404);
		expect((await reach(event(w.officer2, '/api/v1/reach?unit=C1&period=2026'))).status).toBe(403);
		expect((await reach(event(w.head11, '/api/v1/reach?unit=C1-V2&period=2026'))).status).toBe(403);
		expect((await reach(event(null, '/api/v1/reach?unit=C1&period=2026'))).status).toBe(401);
	});
});
