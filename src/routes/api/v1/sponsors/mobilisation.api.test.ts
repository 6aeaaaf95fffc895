import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { buildMobilisationWorld } from '$lib/server/modules/mobilisation/mobilisation.testing';
import { createSponsor } from '$lib/server/modules/mobilisation/mobilisation.service';
import { createPairing } from '$lib/server/modules/mobilisation/mobilisation.pairings';
import { createCommunicator, createCourse } from '$lib/server/modules/training/training.service';
import { GET as sponsors } from './+server';
import { GET as pairings } from '../pairings/+server';
import { GET as courses } from '../training/courses/+server';
import { GET as communicators } from '../communicators/+server';

describe.each(testDrivers)('mobilisation and training API lists (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildMobilisationWorld>>;

	function event(actor: Actor | null, url: string): RequestEvent {
		const request = new Request('http://lantoa.test' + url);
		return {
			request,
			url: new URL(request.url),
			params: {},
			locals: { actor, apiLocale: 'en', locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
	}
	const body = async (res: Response) => (await res.json()) as { items: { id: string; householdName?: string | null }[]; error?: { code: string; message: string; details: { path?: string }[] } };

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildMobilisationWorld(database.db);
		const ctx = { db: database.db, actor: w.officer1 };
		await createSponsor(ctx, { unit: 'C1', kind: 'enterprise', name: 'Công ty Giống cây trồng Một' });
		await createSponsor({ db: database.db, actor: w.officer2 }, { unit: 'C2', kind: 'individual', name: 'Bà Giàng Thị Súa' });
		await createPairing(ctx, { household: w.poor11, helperKind: 'better_off_household', helperName: 'Hộ ông Vi Văn Đức', fromDate: '2025-03-01', goal: 'Giúp giống ngô' });
		await createPairing(ctx, { household: w.near12, helperKind: 'organisation_member', helperName: 'Anh Lộc', fromDate: '2025-03-01', goal: 'Giúp làm vườn' });
		await createCommunicator(ctx, { unit: 'C1', fullName: 'Nông Văn Tuyên', role: 'reporter' });
		await createCourse(ctx, { unit: 'C1', title: 'Tập huấn chuyển đổi số', organiser: 'UBND xã', fromDate: '2025-09-01', toDate: '2025-09-01' });
	});
	afterAll(() => database.close());

	it('lists each commune its own sponsors, pairings, courses and communicators', async () => {
		for (const [get, url] of [
			[sponsors, '/api/v1/sponsors'],
			[pairings, '/api/v1/pairings'],
			[courses, '/api/v1/training/courses'],
			[communicators, '/api/v1/communicators']
		] as const) {
			const own = await get(event(w.officer1, url));
			expect(own.status).toBe(200);
			expect((await body(own)).items.length).toBeGreaterThan(0);
			const other = await get(event(w.officer2, url));
			expect(other.status).toBe(200);
			const otherItems = (await body(other)).items;
			expect(otherItems.length).toBe(url === '/api/v1/sponsors' ? 1 : 0);
		}
	});

	it('gives a village head only the village\'s pairings, with names', async () => {
		const res = await body(await pairings(event(w.head11, '/api/v1/pairings')));
		expect(res.items.map((p) => p.householdName)).toEqual(['Lò Văn Pành']);
	});

	it('refuses bad queries and unsigned callers with the JSON error shape', async () => {
		const bad = await sponsors(event(w.officer1, '/api/v1/sponsors?limit=-3&x=1'));
		expect(bad.status).toBe(400);
		expect((await body(bad)).error).toMatchObject({ code: 'VALIDATION' });
		const badPage = await courses(event(w.officer1, '/api/v1/training/courses?offset=abc'));
		expect(badPage.status).toBe(400);
		expect((await communicators(event(null, '/api/v1/communicators'))).status).toBe(401);
		expect((await pairings(event(null, '/api/v1/pairings'))).status).toBe(401);
	});
});
