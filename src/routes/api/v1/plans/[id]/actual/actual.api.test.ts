import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { buildPlan, buildPlanWorld } from '$lib/server/modules/plans/plans.fixtures';
import { replacePlanTargets } from '$lib/server/modules/plans/plans.repository';
import { insertActivity } from '$lib/server/modules/indicators/indicators.testing';
import { GET as actual } from './+server';

describe.each(testDrivers)('plan versus actual API (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildPlanWorld>>;
	let planId: string;

	function event(actor: Actor | null, id: string): RequestEvent {
		const request = new Request(`http://lantoa.test/api/v1/plans/${id}/actual`);
		return {
			request,
			url: new URL(request.url),
			params: { id },
			locals: { actor, apiLocale: 'en', locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
	}

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildPlanWorld(database.db);
		planId = (await buildPlan(database.db, { unitCode: 'C1', year: 2026 })).id;
		await replacePlanTargets(database.db, planId, [{ indicator: 'conferences_held', period: '2026H1', value: 2, note: null }]);
		await insertActivity(database.db, { unitCode: 'C1', channel: 'conference', date: '2026-06-30', status: 'done' });
	});
	afterAll(() => database.close());

	it('answers the rows in the API’s language', async () => {
		const res = await actual(event(world.actors.officer, planId));
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({
			planId,
			unit: { code: 'C1', name: 'Xã Một' },
			years: { from: 2026, to: 2026 },
			rows: [
				{
					indicator: 'conferences_held',
					name: 'Conferences and seminars held',
					measure: 'meetings',
					targetPeriod: '2026H1',
					period: '2026H1',
					periodLabel: 'First half of 2026',
					target: 2,
					actual: 1,
					status: 'computed',
					percent: 50
				}
			]
		});
	});

	it('refuses a bad id (400), an unknown plan (404), another commune (403), a stranger (401)', async () => {
		expect((await actual(event(world.actors.officer, 'abc'))).status).toBe(400);
		expect((await actual(event(world.actors.officer, '00000000-0000-4000-8000-000000000000'))).status).toBe(404);
		expect((await actual(event(world.actors.otherOfficer, planId))).status).toBe(403);
		expect((await actual(event(null, planId))).status).toBe(401);
	});
});
