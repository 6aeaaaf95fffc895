import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { AppError } from '../../errors';
import { buildMobilisationWorld } from './mobilisation.testing';
import { createGift, createPledge, createReceipt, createSponsor, findSponsors, getSponsorDetail, updateSponsor } from './mobilisation.service';
import { mobilisationSummary, publicSponsors } from './mobilisation.summary';
import { rowsOf } from '../activities/activities.reach';

/** The error a call fails with: its code and catalog key, or the zod messages. */
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

describe.each(testDrivers)('mobilisation: sponsors, pledges, receipts, gifts (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildMobilisationWorld>>;
	const ctx = (actor: typeof w.officer1) => ({ db: database.db, actor });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildMobilisationWorld(database.db);
	});
	afterAll(() => database.close());

	it('records a sponsor, a pledge, receipts and gifts, with totals that add up', async () => {
		const sponsor = await createSponsor(ctx(w.officer1), { unit: 'C1', kind: 'enterprise', name: 'HTX Chè Shan Tuyết', phone: '0912 345 678', consentPublic: 'on' });
		expect(sponsor).toMatchObject({ unitCode: 'C1', consentPublic: true, consentContact: false, pledged: 0 });
		const pledge = await createPledge(ctx(w.officer1), sponsor.id, { kind: 'cash', amount: '20.000.000', pledgedOn: '2025-03-01', purpose: 'Hỗ trợ sinh kế' });
		expect(pledge.amount).toBe(20_000_000);
		const first = await createReceipt(ctx(w.officer1), pledge.id, { amount: 15_000_000, receivedOn: '2025-03-10', receivedBy: 'Kế toán xã' });
		// More than what remains of the pledge is refused unless marked as over-delivery.
		expect(await failure(createReceipt(ctx(w.officer1), pledge.id, { amount: 6_000_000, receivedOn: '2025-04-01', receivedBy: 'Kế toán xã' }))).toEqual({
			code: 'CONFLICT',
			key: 'mobilisation.receiptOverPledge'
		});
		await createReceipt(ctx(w.officer1), pledge.id, { amount: 6_000_000, receivedOn: '2025-04-01', receivedBy: 'Kế toán xã', overDelivery: true });
		await createGift(ctx(w.officer1), first.id, { household: w.poor11, description: 'Hai con bê giống', value: 12_000_000, givenOn: '2025-03-15' });
		expect(await failure(createGift(ctx(w.officer1), first.id, { household: w.near12, description: 'Phân bón', value: 3_000_001, givenOn: '2025-03-15' }))).toEqual({
			code: 'CONFLICT',
			key: 'mobilisation.giftOverReceipt'
		});
		// A household of the other commune is not in the sponsor's area.
		expect(await failure(createGift(ctx(w.officer1), first.id, { household: w.poor21, description: 'Gạo', value: 100_000, givenOn: '2025-03-15' }))).toEqual({
			code: 'VALIDATION',
			key: 'mobilisation.householdOutside'
		});
		const detail = await getSponsorDetail(ctx(w.officer1), sponsor.id);
		expect(detail.sponsor).toMatchObject({ pledged: 20_000_000, received: 21_000_000 });
		expect(detail.pledges[0]).toMatchObject({ received: 21_000_000, outstanding: 0 });
		expect(detail.pledges[0].receipts[0].gifts[0]).toMatchObject({ householdName: 'Lò Văn Pành', value: 12_000_000 });
		// The household's name shown was written to the access log.
		const [logged] = await rowsOf<{ n: number }>(
			database.db,
			sql`SELECT count(*)::int AS n FROM audit_entries WHERE kind = 'access' AND entity_id = ${w.poor11} AND context->>'purpose' = 'mobilisation'`
		);
		expect(Number(logged.n)).toBeGreaterThan(0);
		const summary = await mobilisationSummary(database.db, w.paths['C1'], '2025-01-01', '2025-12-31');
		expect(summary).toMatchObject({ sponsors: 1, pledged: { cash: 20_000_000, inKind: 0, total: 20_000_000 }, received: { cash: 21_000_000, total: 21_000_000 }, givenOn: 12_000_000 });
		// The portal names only sponsors who agreed; one who did not is left out, its gifts still counted above.
		const quiet = await createSponsor(ctx(w.officer1), { unit: 'C1-V2', kind: 'individual', name: 'Người giấu tên' });
		const quietPledge = await createPledge(ctx(w.officer1), quiet.id, { kind: 'cash', amount: 500_000, pledgedOn: '2025-08-01' });
		await createReceipt(ctx(w.officer1), quietPledge.id, { amount: 500_000, receivedOn: '2025-08-02', receivedBy: 'Thủ quỹ' });
		expect(await publicSponsors(database.db, w.paths['C1'], '2025-01-01', '2025-12-31')).toEqual([
			{ name: 'HTX Chè Shan Tuyết', kind: 'enterprise', unitName: 'Xã Một', received: 21_000_000 }
		]);
		expect((await mobilisationSummary(database.db, w.paths['C1'], '2025-01-01', '2025-12-31')).received.total).toBe(21_500_000);
		const other = await mobilisationSummary(database.db, w.paths['C2'], '2025-01-01', '2025-12-31');
		expect(other).toMatchObject({ sponsors: 0, pledged: { total: 0 }, received: { total: 0 } });
	});

	it('refuses bad amounts and incomplete pledges with messages, storing nothing', async () => {
		const sponsor = await createSponsor(ctx(w.officer1), { unit: 'C1-V1', kind: 'better_off_household', name: 'Hộ ông Đinh Văn Lợi' });
		for (const [amount, key] of [
			[-5, 'mobilisation.amountPositive'],
			['-5000', 'mobilisation.amountPositive'],
			[1.5, 'mobilisation.amountInteger'],
			['1,5', 'mobilisation.amountInteger'],
			['năm triệu', 'mobilisation.amountInteger'],
			['', 'mobilisation.amountRequired'],
			[0, 'mobilisation.amountPositive'],
			[1e12, 'mobilisation.amountTooLarge']
		] as const) {
			expect(await failure(createPledge(ctx(w.officer1), sponsor.id, { kind: 'cash', amount, pledgedOn: '2025-05-01' }))).toEqual({ code: 'VALIDATION', key });
		}
		expect(await failure(createPledge(ctx(w.officer1), sponsor.id, { kind: 'in_kind', amount: 500_000, pledgedOn: '2025-05-01' }))).toEqual({
			code: 'VALIDATION',
			key: 'mobilisation.inKindDescription'
		});
		expect((await failure(createPledge(ctx(w.officer1), sponsor.id, { kind: 'cash', amount: 5, pledgedOn: '2025-02-30' }))).key).toBe('activities.dateFormat');
		expect(await failure(createSponsor(ctx(w.officer1), { unit: 'C1', kind: 'bank', name: 'X' }))).toEqual({ code: 'VALIDATION', key: 'mobilisation.kindUnknown' });
		expect(await failure(createSponsor(ctx(w.officer1), { unit: 'NOPE', kind: 'individual', name: 'X' }))).toEqual({ code: 'VALIDATION', key: 'mobilisation.unitUnknown' });
		expect((await getSponsorDetail(ctx(w.officer1), sponsor.id)).pledges).toEqual([]);
		expect(await failure(getSponsorDetail(ctx(w.officer1), 'not-an-id'))).toEqual({ code: 'NOT_FOUND', key: 'mobilisation.sponsorNotFound' });
	});

	it('keeps each commune to its own sponsors; a finance officer reads but does not write', async () => {
		const sponsor = await createSponsor(ctx(w.officer1), { unit: 'C1', kind: 'organisation', name: 'Chi nhánh Ngân hàng CSXH' });
		const pledge = await createPledge(ctx(w.officer1), sponsor.id, { kind: 'in_kind', amount: 3_000_000, description: '30 bao xi măng', pledgedOn: '2025-06-01' });
		expect(await failure(getSponsorDetail(ctx(w.officer2), sponsor.id))).toEqual({ code: 'FORBIDDEN', key: 'error.forbidden' });
		expect(await failure(createPledge(ctx(w.officer2), sponsor.id, { kind: 'cash', amount: 1000, pledgedOn: '2025-06-01' }))).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(createReceipt(ctx(w.officer2), pledge.id, { amount: 1000, receivedOn: '2025-06-02', receivedBy: 'X' }))).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(updateSponsor(ctx(w.officer2), sponsor.id, { kind: 'organisation', name: 'Đổi tên' }))).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(createSponsor(ctx(w.officer2), { unit: 'C1', kind: 'individual', name: 'Người ngoài' }))).toEqual({ code: 'FORBIDDEN', key: 'mobilisation.outOfReach' });
		expect((await findSponsors(ctx(w.officer2), { limit: 50, offset: 0 })).items.map((s) => s.id)).not.toContain(sponsor.id);
		expect((await findSponsors(ctx(w.finance1), { limit: 50, offset: 0 })).items.map((s) => s.id)).toContain(sponsor.id);
		expect(await failure(createPledge(ctx(w.finance1), sponsor.id, { kind: 'cash', amount: 1000, pledgedOn: '2025-06-01' }))).toMatchObject({ code: 'FORBIDDEN' });
		// The head of village C1-V1 does not see a commune's sponsors.
		expect((await findSponsors(ctx(w.head11), { limit: 50, offset: 0 })).items.map((s) => s.id)).not.toContain(sponsor.id);
	});

	it('lets only one of two receipts racing for the rest of a pledge through', async () => {
		const sponsor = await createSponsor(ctx(w.officer1), { unit: 'C1', kind: 'individual', name: 'Ông Hoàng Văn Thụ' });
		const pledge = await createPledge(ctx(w.officer1), sponsor.id, { kind: 'cash', amount: 1_000_000, pledgedOn: '2025-07-01' });
		const results = await Promise.allSettled(
			[1, 2, 3].map(() => createReceipt(ctx(w.officer1), pledge.id, { amount: 600_000, receivedOn: '2025-07-02', receivedBy: 'Thủ quỹ' }))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const detail = await getSponsorDetail(ctx(w.officer1), sponsor.id);
		expect(detail.pledges[0].received).toBe(600_000);
	});
});
