import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { AppError } from '../../errors';
import { buildMobilisationWorld } from './mobilisation.testing';
import { createSponsor } from './mobilisation.service';
import { createPairing, endPairing, findPairings, getPairingDetail, recordVisit } from './mobilisation.pairings';
import { mobilisationSummary } from './mobilisation.summary';
import { findHouseholdChoices } from './mobilisation.choices';

async function failure(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof AppError) return { code: err.code, key: err.messageKey };
		if (err instanceof z.ZodError) return { code: 'VALIDATION', key: err.issues.map((i) => i.message).join(',') };
		throw err;
	}
	throw new Error('expected a failure');
}

describe.each(testDrivers)('mobilisation: pairing helpers with households (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildMobilisationWorld>>;
	const ctx = (actor: typeof w.officer1) => ({ db: database.db, actor });
	let pairedV1: string;
	let pairedV2: string;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildMobilisationWorld(database.db);
		const bank = await createSponsor(ctx(w.officer1), { unit: 'C1', kind: 'organisation', name: 'Ngân hàng Nông nghiệp chi nhánh Một' });
		pairedV1 = (
			await createPairing(ctx(w.officer1), { household: w.poor11, helperKind: 'sponsor', sponsor: bank.id, fromDate: '2025-02-01', goal: 'Vay vốn nuôi bò, thoát nghèo trong 2 năm' })
		).id;
		pairedV2 = (
			await createPairing(ctx(w.officer1), {
				household: w.near12,
				helperKind: 'organisation_member',
				helperName: 'Chị Lương Thị Mai',
				helperOrganisation: 'Hội Phụ nữ xã',
				fromDate: '2025-03-01',
				toDate: '2025-12-31',
				goal: 'Hướng dẫn trồng rau an toàn'
			})
		).id;
	});
	afterAll(() => database.close());

	it('pairs only poor or near-poor households of the starting year, and shows the later classification', async () => {
		expect(await failure(createPairing(ctx(w.officer1), { household: w.better11, helperKind: 'better_off_household', helperName: 'Hộ ông Sầm', fromDate: '2025-02-01', goal: 'x' }))).toEqual({
			code: 'VALIDATION',
			key: 'mobilisation.pairingNotPoor'
		});
		// No classification for 2024: not known to be poor then.
		expect(await failure(createPairing(ctx(w.officer1), { household: w.poor11, helperKind: 'better_off_household', helperName: 'Hộ ông Sầm', fromDate: '2024-06-01', goal: 'x' }))).toMatchObject({
			key: 'mobilisation.pairingNotPoor'
		});
		expect(await failure(createPairing(ctx(w.officer1), { household: w.poor11, helperKind: 'sponsor', fromDate: '2025-02-01', goal: 'x' }))).toEqual({
			code: 'VALIDATION',
			key: 'mobilisation.sponsorRequired'
		});
		expect(
			await failure(createPairing(ctx(w.officer1), { household: w.poor11, helperKind: 'organisation_member', helperName: 'A', fromDate: '2025-05-01', toDate: '2025-04-01', goal: 'x' }))
		).toEqual({ code: 'VALIDATION', key: 'mobilisation.dateOrder' });
		const detail = await getPairingDetail(ctx(w.officer1), pairedV1);
		expect(detail.pairing).toMatchObject({ helperName: 'Ngân hàng Nông nghiệp chi nhánh Một', householdName: 'Lò Văn Pành', startCategory: 'poor', laterYear: 2026, laterCategory: 'escaped', escaped: true });
		expect(detail.years).toEqual([
			{ year: 2025, category: 'poor' },
			{ year: 2026, category: 'escaped' }
		]);
		expect((await getPairingDetail(ctx(w.officer1), pairedV2)).pairing).toMatchObject({ startCategory: 'near_poor', escaped: null });
	});

	it('records visits within the pairing only, and ends a pairing', async () => {
		await recordVisit(ctx(w.officer1), pairedV1, { visitedOn: '2025-04-10', support: 'Hướng dẫn làm chuồng bò', value: '' });
		await recordVisit(ctx(w.officer1), pairedV1, { visitedOn: '2025-06-10', support: 'Tặng 2 bao cám', value: '700.000', notes: 'Bò khỏe' });
		expect(await failure(recordVisit(ctx(w.officer1), pairedV2, { visitedOn: '2026-01-05', support: 'x' }))).toEqual({ code: 'VALIDATION', key: 'mobilisation.visitOutside' });
		expect(await failure(recordVisit(ctx(w.officer1), pairedV1, { visitedOn: '2025-06-11', support: 'x', value: -1 }))).toEqual({ code: 'VALIDATION', key: 'mobilisation.amountPositive' });
		expect(await failure(recordVisit(ctx(w.officer1), pairedV1, { visitedOn: '2025-06-11', support: ' ' }))).toEqual({ code: 'VALIDATION', key: 'mobilisation.supportRequired' });
		const detail = await getPairingDetail(ctx(w.officer1), pairedV1);
		expect(detail.visits.map((v) => [v.visitedOn, v.value])).toEqual([
			['2025-04-10', null],
			['2025-06-10', 700_000]
		]);
		expect((await endPairing(ctx(w.officer1), pairedV2, '2025-11-30')).toDate).toBe('2025-11-30');
		expect(await failure(endPairing(ctx(w.officer1), pairedV2, '2024-01-01'))).toMatchObject({ key: 'mobilisation.dateOrder' });
	});

	it('keeps pairings to their commune and a village head to the village', async () => {
		const c2Ids = (await findPairings(ctx(w.officer2), { limit: 50, offset: 0 })).items.map((p) => p.id);
		expect(c2Ids).not.toContain(pairedV1);
		expect(await failure(getPairingDetail(ctx(w.officer2), pairedV1))).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(recordVisit(ctx(w.officer2), pairedV1, { visitedOn: '2025-05-01', support: 'x' }))).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(createPairing(ctx(w.officer2), { household: w.poor11, helperKind: 'better_off_household', helperName: 'X', fromDate: '2025-02-01', goal: 'x' }))).toEqual({
			code: 'FORBIDDEN',
			key: 'mobilisation.outOfReach'
		});
		// The village head of C1-V1 reads the village's pairing, not C1-V2's, and cannot record.
		const headIds = (await findPairings(ctx(w.head11), { limit: 50, offset: 0 })).items.map((p) => p.id);
		expect(headIds).toContain(pairedV1);
		expect(headIds).not.toContain(pairedV2);
		expect(await failure(getPairingDetail(ctx(w.head11), pairedV2))).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(recordVisit(ctx(w.head11), pairedV1, { visitedOn: '2025-05-01', support: 'x' }))).toMatchObject({ code: 'FORBIDDEN' });
		// The finance officer reads pairings without the households' names.
		const finance = (await findPairings(ctx(w.finance1), { limit: 50, offset: 0 })).items.find((p) => p.id === pairedV1);
		expect(finance).toMatchObject({ householdName: null, escaped: true });
		// An organisation member may record mobilisation but cannot read the register: no pairing by household id.
		expect(
			await failure(createPairing(ctx(w.member1), { household: w.near12, helperKind: 'better_off_household', helperName: 'X', fromDate: '2025-02-01', goal: 'x' }))
		).toEqual({ code: 'FORBIDDEN', key: 'mobilisation.householdNotReadable' });
	});

	it('offers to pair only poor or near-poor households of the register the actor reads, and logs each shown', async () => {
		const find = (actor: typeof w.officer1, q: string) => findHouseholdChoices(ctx(actor), q, { unitPath: '/', year: 2025, poorOnly: true, purpose: 'pairing' });
		expect((await find(w.officer1, 'v')).map((h) => h.name).sort()).toEqual(['Lò Văn Pành', 'Vi Văn Cận']);
		expect(await find(w.officer2, 'v')).toEqual([]);
		expect((await find(w.officer2, 'dinh')).map((h) => h.name)).toEqual(['Mùa A Dính']);
		expect((await find(w.head11, 'van')).map((h) => h.name)).toEqual(['Lò Văn Pành']);
		expect(await find(w.finance1, 'van')).toEqual([]);
		expect(await find(w.officer1, '   ')).toEqual([]);
		expect(await find(w.officer1, 'v\u0000')).toHaveLength(2);
	});

	it('counts running pairings, paired households and those out of poverty', async () => {
		expect(await mobilisationSummary(database.db, w.paths['C1'], '2025-01-01', '2025-12-31')).toMatchObject({ pairingsActive: 2, householdsPaired: 2, householdsEscaped: 0 });
		expect(await mobilisationSummary(database.db, w.paths['C1'], '2026-01-01', '2026-12-31')).toMatchObject({ pairingsActive: 1, householdsPaired: 1, householdsEscaped: 1 });
		expect(await mobilisationSummary(database.db, w.paths['C1-V2'], '2026-01-01', '2026-12-31')).toMatchObject({ pairingsActive: 0, householdsPaired: 0 });
		expect(await mobilisationSummary(database.db, w.paths['C2'], '2025-01-01', '2026-12-31')).toMatchObject({ pairingsActive: 0, householdsEscaped: 0 });
	});
});
