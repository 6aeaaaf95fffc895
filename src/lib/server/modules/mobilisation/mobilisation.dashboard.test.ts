import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { buildMobilisationWorld } from './mobilisation.testing';
import { createGift, createPledge, createReceipt, createSponsor } from './mobilisation.service';
import { createPairing, recordVisit } from './mobilisation.pairings';
import { mobilisationSummary } from './mobilisation.summary';
import { getMobilisationDashboard } from './mobilisation.dashboard';

describe.each(testDrivers)('mobilisation: the dashboard section of pairings and socialised funds (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildMobilisationWorld>>;
	const ctx = (actor: typeof w.officer1) => ({ db: database.db, actor });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildMobilisationWorld(database.db);
		const o1 = ctx(w.officer1);
		// C1, at the commune: an enterprise pledges 10,000,000, 8,000,000 arrive, 5,000,000 go to a household.
		const firm = await createSponsor(o1, { unit: 'C1', kind: 'enterprise', name: 'Công ty Giống cây Bình Minh', consentPublic: 'on' });
		const firmPledge = await createPledge(o1, firm.id, { kind: 'cash', amount: '10.000.000', pledgedOn: '2025-03-01' });
		const firmReceipt = await createReceipt(o1, firmPledge.id, { amount: '8.000.000', receivedOn: '2025-03-20', receivedBy: 'Kế toán xã' });
		await createGift(o1, firmReceipt.id, { household: w.poor11, description: 'Cây giống cam', value: '5.000.000', givenOn: '2025-04-02' });
		// C1-V2, in the village: a person gives 2,000,000 in kind; and a pledge of the year before, outside the period.
		const person = await createSponsor(o1, { unit: 'C1-V2', kind: 'individual', name: 'Ông Nông Văn Hậu' });
		const personPledge = await createPledge(o1, person.id, { kind: 'in_kind', amount: 2_000_000, description: '20 bao xi măng', pledgedOn: '2025-06-01' });
		await createReceipt(o1, personPledge.id, { amount: 2_000_000, receivedOn: '2025-06-05', receivedBy: 'Trưởng thôn' });
		await createPledge(o1, person.id, { kind: 'cash', amount: 900_000, pledgedOn: '2024-12-31' });
		// C2: money and a pairing that C1's figures must never count.
		const other = await createSponsor(ctx(w.officer2), { unit: 'C2', kind: 'organisation', name: 'Hội Doanh nhân trẻ' });
		await createPledge(ctx(w.officer2), other.id, { kind: 'cash', amount: 7_000_000, pledgedOn: '2025-05-01' });
		const p21 = await createPairing(ctx(w.officer2), { household: w.poor21, helperKind: 'better_off_household', helperName: 'Hộ ông Thào', fromDate: '2025-01-15', goal: 'Nuôi dê sinh sản' });
		await recordVisit(ctx(w.officer2), p21.id, { visitedOn: '2025-02-01', support: 'Một đôi dê giống' });
		// Pairings of C1: one in each village, three visits in 2025 and one in 2026.
		const p11 = await createPairing(o1, { household: w.poor11, helperKind: 'organisation_member', helperName: 'Anh Lường Văn Quý', helperOrganisation: 'Đoàn Thanh niên xã', fromDate: '2025-02-01', goal: 'Trồng cam' });
		const p12 = await createPairing(o1, { household: w.near12, helperKind: 'better_off_household', helperName: 'Hộ bà Lành', fromDate: '2025-03-01', toDate: '2025-12-31', goal: 'Rau an toàn' });
		await recordVisit(o1, p11.id, { visitedOn: '2025-02-10', support: 'Hướng dẫn đào hố trồng' });
		await recordVisit(o1, p11.id, { visitedOn: '2025-09-10', support: 'Tỉa cành' });
		await recordVisit(o1, p12.id, { visitedOn: '2025-05-10', support: 'Hạt giống', value: '150.000' });
		await recordVisit(o1, p11.id, { visitedOn: '2026-01-20', support: 'Thu hoạch' });
	});
	afterAll(() => database.close());

	it('counts a commune’s pairings and funds for the period, village by village, as counted by hand', async () => {
		const d = (await getMobilisationDashboard(ctx(w.officer1), 'C1', '2025'))!;
		expect(d.unit.code).toBe('C1');
		expect(d.total).toEqual({ pairingsActive: 2, householdsPaired: 2, visits: 3, householdsEscaped: 0, pledged: 12_000_000, received: 10_000_000, given: 5_000_000 });
		expect(d.children.map((c) => [c.code, c.figures])).toEqual([
			['C1-V1', { pairingsActive: 1, householdsPaired: 1, visits: 2, householdsEscaped: 0, pledged: 0, received: 0, given: 0 }],
			['C1-V2', { pairingsActive: 1, householdsPaired: 1, visits: 1, householdsEscaped: 0, pledged: 2_000_000, received: 2_000_000, given: 0 }]
		]);
		expect(d.own).toEqual({ pairingsActive: 0, householdsPaired: 0, visits: 0, householdsEscaped: 0, pledged: 10_000_000, received: 8_000_000, given: 5_000_000 });
		expect(d.byKind).toEqual([
			{ kind: 'enterprise', pledged: 10_000_000, received: 8_000_000, given: 5_000_000 },
			{ kind: 'organisation', pledged: 0, received: 0, given: 0 },
			{ kind: 'individual', pledged: 2_000_000, received: 2_000_000, given: 0 },
			{ kind: 'better_off_household', pledged: 0, received: 0, given: 0 }
		]);
		// The same figures as the summary reports use.
		const s = await mobilisationSummary(database.db, w.paths['C1'], '2025-01-01', '2025-12-31');
		expect([s.pledged.total, s.received.total, s.givenOn, s.pairingsActive, s.householdsPaired, s.householdsEscaped]).toEqual([
			d.total.pledged,
			d.total.received,
			d.total.given,
			d.total.pairingsActive,
			d.total.householdsPaired,
			d.total.householdsEscaped
		]);
	});

	it('counts households out of poverty in a later year, and only pairings running in the period', async () => {
		const d = (await getMobilisationDashboard(ctx(w.officer1), 'C1', '2026'))!;
		// The village pairing ended in 2025; the poor household of C1-V1 is out of poverty in 2026.
		expect(d.total).toMatchObject({ pairingsActive: 1, householdsPaired: 1, visits: 1, householdsEscaped: 1, pledged: 0 });
		const q1 = (await getMobilisationDashboard(ctx(w.officer1), 'C1', '2025Q1'))!;
		expect(q1.total).toMatchObject({ pairingsActive: 2, visits: 1, pledged: 10_000_000, received: 8_000_000, given: 0 });
	});

	it('keeps each reader to the units they may read', async () => {
		// Another commune's officer sees nothing of C1, and C1's figures hold nothing of C2.
		expect(await getMobilisationDashboard(ctx(w.officer2), 'C1', '2025')).toBeNull();
		const c2 = (await getMobilisationDashboard(ctx(w.officer2), 'C2', '2025'))!;
		expect(c2.total).toMatchObject({ pairingsActive: 1, visits: 1, pledged: 7_000_000 });
		// A village head reads the village, not the commune nor the neighbouring village.
		expect(await getMobilisationDashboard(ctx(w.head11), 'C1', '2025')).toBeNull();
		expect(await getMobilisationDashboard(ctx(w.head11), 'C1-V2', '2025')).toBeNull();
		expect((await getMobilisationDashboard(ctx(w.head11), 'C1-V1', '2025'))!.total).toMatchObject({ pairingsActive: 1, visits: 2, pledged: 0 });
		// The province: one row per commune, adding up to the province's total; C2 is another province's.
		const p = (await getMobilisationDashboard(ctx(w.province1), 'P1', '2025'))!;
		expect(p.children.map((c) => [c.code, c.figures.pledged, c.figures.pairingsActive])).toEqual([['C1', 12_000_000, 2]]);
		expect(p.total).toMatchObject({ pledged: 12_000_000, pairingsActive: 2, visits: 3 });
		expect(p.own).toBeNull();
		expect(await getMobilisationDashboard(ctx(w.province1), 'C2', '2025')).toBeNull();
	});

	it('answers nothing, and never fails, for a unit or period it cannot read', async () => {
		for (const [unit, period] of [
			['C1', 'abc'],
			['C1', '2025-13'],
			['C1', '0001'],
			["C1'; DROP TABLE pledges; --", '2025'],
			['NOPE', '2025'],
			['', '2025'],
			['C1', '']
		])
			expect(await getMobilisationDashboard(ctx(w.officer1), unit, period), `${unit} ${period}`).toBeNull();
	});
});
