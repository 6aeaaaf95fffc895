import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/db';
import { systemActor } from '../access/actor';
import type { Database } from '../db/client';
import { verifyAuditChain } from '../audit/audit.service';
import { createUnit } from '../modules/units/units.service';
import { createUser } from '../modules/users/users.service';
import { findNews, findPortalUnit, getPortalPage } from '../modules/portal/portal.service';
import { DEMO_PASSWORD, demoAccounts, demoUnits } from './demo';
import { seedPortal } from './portal';

describe('demo portal', () => {
	let database: Database;
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		const ctx = { db: database.db, actor: systemActor };
		for (const u of demoUnits) await createUnit(ctx, u);
		for (const a of demoAccounts)
			await createUser(ctx, { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, locale: 'vi', roles: [{ role: a.role, unitCode: a.unitCode }] });
		await seedPortal(database.db);
	}, 120_000);
	afterAll(() => database.close());

	it('gives both communes a programme page and published news, through the services (audited)', async () => {
		for (const code of ['16108', '24997']) {
			const unit = (await findPortalUnit(database.db, code))!;
			const page = await getPortalPage(database.db, unit, 'programme');
			expect(page?.title, code).toBeTruthy();
			expect(page!.blocks.some((b) => b.kind === 'ul'), code).toBe(true);
			expect(page!.blocks.some((b) => b.kind === 'h'), code).toBe(true);
			expect((await findNews(database.db, unit, 1)).total, code).toBeGreaterThanOrEqual(2);
		}
		// The province portal shows its commune's news.
		const province = (await findPortalUnit(database.db, '38'))!;
		expect((await findNews(database.db, province, 1)).items.every((i) => i.unitCode.startsWith('16108'))).toBe(true);
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
	});
});
