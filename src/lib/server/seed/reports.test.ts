import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../testing/db';
import type { Database } from '../db/client';
import { verifyAuditChain } from '../audit/audit.service';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { findReports, getReport } from '../modules/reports/reports.service';
import { saveActivity } from '../modules/activities/activities.service';
import { seedDemo } from './demo';

describe('demo reports', () => {
	let database: Database;
	const as = async (username: string) => ({ db: database.db, actor: await actorForUser(database.db, await getUserByUsername(database.db, username), 'session') });
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		await seedDemo(database.db);
	}, 300_000);
	afterAll(() => database.close());

	it('gives Hà Bình accepted, submitted, returned and draft reports and Đa Quyn a late one; each commune sees only its own', async () => {
		const habinh = (await findReports(await as('canbo.habinh'), { limit: 200 })).items;
		const statuses = new Set(habinh.map((r) => r.status));
		for (const s of ['accepted', 'submitted', 'returned', 'draft']) expect(statuses, s).toContain(s);
		expect(habinh.every((r) => r.unit.code.startsWith('16108'))).toBe(true);
		expect(habinh.filter((r) => r.form.code === 'village_monthly' && r.status === 'accepted').length).toBeGreaterThanOrEqual(12);
		const returned = habinh.find((r) => r.status === 'returned')!;
		expect((await getReport(await as('truongthon.habinh'), returned.id)).returnComment).toBeTruthy();

		const daquyn = (await findReports(await as('canbo.daquyn'), { limit: 200 })).items;
		expect(daquyn.every((r) => r.unit.code.startsWith('24997'))).toBe(true);
		const late = daquyn.find((r) => r.period.key === '2026Q2')!;
		expect(late.status).toBe('submitted');
		expect(late.submittedAt!.slice(0, 10) > late.dueOn).toBe(true);

		const q1 = habinh.find((r) => r.form.code === 'commune_quarterly' && r.period.key === '2026Q1')!;
		const view = await getReport(await as('tinh.thanhhoa'), q1.id);
		expect(view).toMatchObject({ status: 'accepted', frozen: true, missingNote: expect.stringContaining('bằng giấy'), lock: { from: '2026-01-01', to: '2026-03-31' } });
		expect(view.figures.find((f) => f.code === 'bulletins_broadcast')!.value).toBeGreaterThan(0);
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
	});

	it('the accepted first half of 2026 is locked in Hà Bình', async () => {
		const fields = { unit: '16108-02', channel: 'dialogue', title: 'Họp thôn bổ sung', date: '2026-03-20', status: 'done' as const, counts: { other: 5 } };
		await expect(saveActivity(await as('canbo.habinh'), randomUUID(), fields, 'web')).rejects.toMatchObject({ code: 'LOCKED' });
	});
});
