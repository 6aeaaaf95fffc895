import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import { auditEntries } from '../../audit/audit.tables';
import { verifyAuditChain } from '../../audit/audit.service';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { countHouseholds, findHouseholds, getHousehold, updateHousehold } from './households.service';
import { getAccessLog, getHouseholdDetail } from './households.detail';
import { setClassification } from './households.classifications';
import { recordConsent } from './households.consent';
import { exportHouseholds } from './households.export';
import { readTable } from '../../files/tabular';
import { buildHousehold, buildHouseholdWorld } from './households.testing';

const page = { limit: 50, offset: 0 } as const;
const seen = { screen: 'test', purpose: 'checking scope' };

describe.each(testDrivers)('household register: scope, masking, access log (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	let an: string, binh: string, cuong: string;
	const ctx = (actor: Actor) => ({ db: database.db, actor });
	const names = async (actor: Actor) => (await findHouseholds(ctx(actor), { ...page }, seen)).items.map((h) => h.headName).sort();

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildHouseholdWorld(database.db);
		const db = database.db;
		an = (
			await buildHousehold(db, {
				villageCode: 'C1-V1',
				headName: 'Nguyễn Văn An',
				birthYear: 1968,
				phone: '0912 345 678',
				idNumber: '001234567789',
				members: 4,
				classification: { year: 2025, category: 'poor', lacking: ['telecom_use', 'health_insurance'] }
			})
		).id;
		binh = (await buildHousehold(db, { villageCode: 'C1-V2', headName: 'Trần Thị Bình', members: 3, classification: { year: 2025, category: 'near_poor' } })).id;
		cuong = (await buildHousehold(db, { villageCode: 'C2-V1', headName: 'Lê Văn Cường', members: 5, classification: { year: 2025, category: 'poor' } })).id;
	});
	afterAll(() => database.close());

	it('a village head sees and edits their own village only', async () => {
		expect(await names(w.head11)).toEqual(['Nguyễn Văn An']);
		await expect(getHousehold(ctx(w.head11), binh, seen)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(updateHousehold(ctx(w.head11), binh, { members: 9 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(updateHousehold(ctx(w.head11), an, { villageCode: 'C1-V2' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await updateHousehold(ctx(w.head11), an, { members: 5 })).members).toBe(5);
	});

	it('a commune officer sees their commune, never another commune', async () => {
		expect(await names(w.officer1)).toEqual(['Nguyễn Văn An', 'Trần Thị Bình']);
		expect(await names(w.officer2)).toEqual(['Lê Văn Cường']);
		await expect(getHousehold(ctx(w.officer2), an, seen)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(setClassification(ctx(w.officer2), an, 2026, { category: 'none', lacking: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(recordConsent(ctx(w.officer2), an, { granted: true, channels: ['sms'], note: null })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getHouseholdDetail(ctx(w.officer2), an, seen, 'vi')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(exportHouseholds(ctx(w.officer2), { village: 'C1-V1' }, seen, 'vi').then((f) => f.rows)).resolves.toBe(0);
	});

	it('a province officer sees counts only, never names; a household list reader granted there sees names, masked', async () => {
		await expect(findHouseholds(ctx(w.province1), { ...page }, seen)).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'households.countsOnly' });
		await expect(getHousehold(ctx(w.province1), an, seen)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(exportHouseholds(ctx(w.province1), {}, seen, 'vi')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const counts = await countHouseholds(ctx(w.province1), { year: 2025 });
		expect(counts.map((c) => [c.villageCode, c.category, c.households])).toEqual([
			['C1-V1', 'poor', 1],
			['C1-V2', 'near_poor', 1]
		]);
		expect(JSON.stringify(counts)).not.toMatch(/Nguyễn|Bình/);
		await expect(countHouseholds(ctx(w.province1), { unit: 'C2' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

		expect(await names(w.viewer1)).toEqual(['Nguyễn Văn An', 'Trần Thị Bình']);
		const shown = await getHousehold(ctx(w.viewer1), an, seen);
		expect(shown).toMatchObject({ phone: '09•••••678', idNumber: '0012•••••789', masked: true });
		await expect(updateHousehold(ctx(w.viewer1), an, { members: 2 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('phone and ID numbers are masked for roles without households.sensitive, in lists, details and exports', async () => {
		expect(await getHousehold(ctx(w.officer1), an, seen)).toMatchObject({ phone: '0912345678', idNumber: '001234567789', masked: false });
		expect(await getHousehold(ctx(w.head11), an, seen)).toMatchObject({ phone: '09•••••678', idNumber: '0012•••••789', masked: true });
		const [item] = (await findHouseholds(ctx(w.head11), { ...page }, seen)).items;
		expect(item).toMatchObject({ phone: '09•••••678', idNumber: '0012•••••789' });
		const file = await exportHouseholds(ctx(w.head11), { year: 2025 }, seen, 'vi');
		const table = await readTable(file.body);
		expect(table.rows).toHaveLength(1);
		expect(JSON.stringify(table.rows[0].values)).toContain('09•••••678');
		expect(JSON.stringify(table.rows[0].values)).not.toContain('0912345678');
		expect(Object.values(table.rows[0].values)).toEqual(expect.arrayContaining(['Nguyễn Văn An', 'Hộ nghèo']));
	});

	it('every view writes an access entry (who, which household, screen, purpose) that the commune officer can list', async () => {
		const accesses = () =>
			database.db
				.select()
				.from(auditEntries)
				.where(and(eq(auditEntries.kind, 'access'), eq(auditEntries.entityId, binh)))
				.orderBy(asc(auditEntries.seq));
		const before = (await accesses()).length;
		await getHousehold(ctx(w.viewer1), binh, { screen: 'api', purpose: 'kiểm tra' });
		await findHouseholds(ctx(w.officer1), { q: 'binh', ...page }, { screen: 'household_list', purpose: 'register' });
		const detail = await getHouseholdDetail(ctx(w.officer1), binh, { screen: 'household_page', purpose: 'register' }, 'vi');
		const entries = await accesses();
		expect(entries.length).toBe(before + 3);
		expect(entries.slice(-3).map((e) => [e.actorName, e.action, e.context])).toEqual([
			[w.viewer1.username, 'household.view', expect.objectContaining({ screen: 'api', purpose: 'kiểm tra' })],
			[w.officer1.username, 'household.view', expect.objectContaining({ screen: 'household_list', purpose: 'register' })],
			[w.officer1.username, 'household.view', expect.objectContaining({ screen: 'household_page', purpose: 'register' })]
		]);
		// The page shows its own view at the top of the log.
		expect(detail.accessLog?.items[0]).toMatchObject({ actor: w.officer1.username, screen: 'household_page', purpose: 'register' });
		const log = await getAccessLog(ctx(w.officer1), binh, page);
		expect(log.items.map((e) => e.actor).slice(0, 3)).toEqual([w.officer1.username, w.officer1.username, w.viewer1.username]);
		// Counting is not reading: no entry.
		await countHouseholds(ctx(w.province1), {});
		expect((await accesses()).length).toBe(before + 3);
		// The log is for commune officers: not for the village head, the list reader or another commune.
		await expect(getAccessLog(ctx(w.head11), an, page)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getAccessLog(ctx(w.viewer1), binh, page)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getAccessLog(ctx(w.officer2), binh, page)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await getHouseholdDetail(ctx(w.head11), an, seen, 'vi')).accessLog).toBeNull();
	});

	it('the audit trail records changes without the personal data, and the chain stays intact', async () => {
		const changes = await database.db
			.select()
			.from(auditEntries)
			.where(and(eq(auditEntries.kind, 'change'), eq(auditEntries.entityType, 'household')));
		expect(changes.map((c) => c.action)).toEqual(expect.arrayContaining(['household.create', 'household.update']));
		const text = JSON.stringify(changes.map((c) => [c.before, c.after, c.context]));
		for (const secret of ['Nguyễn', 'Bình', '0912345678', '001234567789']) expect(text).not.toContain(secret);
		expect(changes.find((c) => c.action === 'household.create' && c.entityId === an)?.after).toMatchObject({
			villageCode: 'C1-V1',
			fields: expect.arrayContaining(['headName', 'phone', 'idNumber'])
		});
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
		expect(cuong).toBeTruthy();
	});
});
