import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { buildMobilisationWorld } from './mobilisation.testing';
import { createGift, createPledge, createReceipt, createSponsor } from './mobilisation.service';
import { createPairing } from './mobilisation.pairings';
import { portalFunds } from './mobilisation.portal';

describe.each(testDrivers)('mobilisation: the year’s socialised funds on the portal (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildMobilisationWorld>>;
	const ctx = (actor: typeof w.officer1) => ({ db: database.db, actor });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildMobilisationWorld(database.db);
		const o1 = ctx(w.officer1);
		const named = await createSponsor(o1, { unit: 'C1', kind: 'enterprise', name: 'Doanh nghiệp Gạch ngói Hồng Phát', consentPublic: 'on' });
		const quiet = await createSponsor(o1, { unit: 'C1-V1', kind: 'individual', name: 'Bà Hà Thị Kín Tiếng' });
		const idle = await createSponsor(o1, { unit: 'C1', kind: 'organisation', name: 'Hội Cựu chiến binh xã', consentPublic: 'on' });
		const p1 = await createPledge(o1, named.id, { kind: 'cash', amount: 9_000_000, pledgedOn: '2025-02-01' });
		const r1 = await createReceipt(o1, p1.id, { amount: 6_000_000, receivedOn: '2025-02-15', receivedBy: 'Kế toán xã' });
		await createGift(o1, r1.id, { household: w.poor11, description: 'Ngói lợp nhà', value: 4_500_000, givenOn: '2025-03-01' });
		const p2 = await createPledge(o1, quiet.id, { kind: 'cash', amount: 1_000_000, pledgedOn: '2025-05-01' });
		await createReceipt(o1, p2.id, { amount: 1_000_000, receivedOn: '2025-05-02', receivedBy: 'Thủ quỹ' });
		// Given the year before: not this year's thanks.
		const p3 = await createPledge(o1, idle.id, { kind: 'cash', amount: 500_000, pledgedOn: '2024-05-01' });
		await createReceipt(o1, p3.id, { amount: 500_000, receivedOn: '2024-05-02', receivedBy: 'Thủ quỹ' });
		await createPairing(o1, { household: w.poor11, helperKind: 'better_off_household', helperName: 'Hộ ông Khá', fromDate: '2025-02-01', goal: 'Làm nhà' });
		const other = await createSponsor(ctx(w.officer2), { unit: 'C2', kind: 'enterprise', name: 'Công ty Xã Hai', consentPublic: 'on' });
		const p4 = await createPledge(ctx(w.officer2), other.id, { kind: 'cash', amount: 3_000_000, pledgedOn: '2025-06-01' });
		await createReceipt(ctx(w.officer2), p4.id, { amount: 3_000_000, receivedOn: '2025-06-02', receivedBy: 'Thủ quỹ' });
	});
	afterAll(() => database.close());

	it('counts every gift of the commune and names only the sponsors who agreed and gave in the year', async () => {
		const funds = (await portalFunds(database.db, w.paths['C1'], 2025))!;
		expect(funds).toEqual({
			year: 2025,
			pledged: 10_000_000,
			received: 7_000_000,
			given: 4_500_000,
			pairingsActive: 1,
			householdsEscaped: 0,
			sponsors: [{ name: 'Doanh nghiệp Gạch ngói Hồng Phát', kind: 'enterprise', unitName: 'Xã Một', received: 6_000_000 }]
		});
		expect(JSON.stringify(funds)).not.toContain('Kín Tiếng');
		expect(JSON.stringify(funds)).not.toContain('Xã Hai');
		expect((await portalFunds(database.db, w.paths['C2'], 2025))!.sponsors.map((s) => s.name)).toEqual(['Công ty Xã Hai']);
	});

	it('shows nothing for a year without anything, or a year out of range', async () => {
		expect(await portalFunds(database.db, w.paths['C1'], 2023)).toBeNull();
		for (const bad of [0, -1, 1.5, Number.NaN, 99999]) expect(await portalFunds(database.db, w.paths['C1'], bad)).toBeNull();
	});
});
