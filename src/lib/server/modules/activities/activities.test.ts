import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import { auditEntries } from '../../audit/audit.tables';
import { verifyAuditChain } from '../../audit/audit.service';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { activities } from './activities.tables';
import { findActivities, getActivity, saveActivity, verifyActivity } from './activities.service';
import { activityFields, buildActivityWorld } from './activities.testing';

const page = { limit: 50, offset: 0 } as const;
const when = () => new Date('2026-06-15T03:00:00Z');

describe.each(testDrivers)('activities: scope, idempotent writes, verification (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildActivityWorld>>;
	const ctx = (actor: Actor) => ({ db: database.db, actor, now: when });
	const save = (actor: Actor, id: string, fields: ReturnType<typeof activityFields>) => saveActivity(ctx(actor), id, fields, 'web');
	const titles = async (actor: Actor, q: Record<string, string> = {}) => (await findActivities(ctx(actor), { ...page, ...q })).items.map((a) => a.title).sort();

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildActivityWorld(database.db);
	});
	afterAll(() => database.close());

	it('a village head records in their village only; others of the commune and the other commune see what their scope gives', async () => {
		const mine = randomUUID();
		const created = await save(w.head11, mine, activityFields('C1-V1', { title: 'Họp thôn Một', households: [w.hh11] }));
		expect(created.created).toBe(true);
		expect(created.activity).toMatchObject({ unit: { code: 'C1-V1' }, status: 'done', version: 1, participants: 20, allowed: { edit: true, verify: false } });
		expect(created.activity.households).toEqual([expect.objectContaining({ id: w.hh11, headName: 'Đinh Văn Khoa', how: 'picked' })]);
		await expect(save(w.head11, randomUUID(), activityFields('C1-V2'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await save(w.head12, randomUUID(), activityFields('C1-V2', { title: 'Họp thôn Hai' }));
		await save(w.officer2, randomUUID(), activityFields('C2', { title: 'Hội nghị xã Hai' }));
		await save(w.officer1, randomUUID(), activityFields('C1', { title: 'Hội nghị xã Một', channel: 'conference' }));

		expect(await titles(w.head11)).toEqual(['Họp thôn Một']);
		expect(await titles(w.head12)).toEqual(['Họp thôn Hai']);
		expect(await titles(w.officer1)).toEqual(['Hội nghị xã Một', 'Họp thôn Hai', 'Họp thôn Một'].sort());
		expect(await titles(w.officer2)).toEqual(['Hội nghị xã Hai']);
		expect(await titles(w.province1)).toEqual(['Hội nghị xã Một', 'Họp thôn Hai', 'Họp thôn Một'].sort());
		expect(await titles(w.officer1, { unit: 'C1-V1' })).toEqual(['Họp thôn Một']);
		expect(await titles(w.officer1, { channel: 'conference' })).toEqual(['Hội nghị xã Một']);
		expect(await titles(w.officer1, { period: '2026Q2' })).toEqual([]);
		expect(await titles(w.officer1, { period: '2026-03' })).toHaveLength(3);

		await expect(getActivity(ctx(w.head12), mine)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getActivity(ctx(w.officer2), mine)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(save(w.officer2, mine, activityFields('C1-V1', { title: 'Ghi đè' }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(save(w.officer2, randomUUID(), activityFields('C1'))).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'activities.outOfReach' });
	});

	it('a province officer reads the communes’ activities but neither records, changes nor verifies them', async () => {
		const id = randomUUID();
		const { activity } = await save(w.officer1, id, activityFields('C1', { title: 'Đối thoại xã Một' }));
		const seen = await getActivity(ctx(w.province1), id);
		expect(seen.title).toBe('Đối thoại xã Một');
		expect(seen.allowed).toEqual({ edit: false, verify: false });
		await expect(save(w.province1, randomUUID(), activityFields('C1'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(save(w.province1, id, { ...activityFields('C1', { title: 'Đổi tên' }), version: activity.version })).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		await expect(verifyActivity(ctx(w.province1), id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		// Their own province's conference is theirs to record.
		const own = await save(w.province1, randomUUID(), activityFields('P1', { channel: 'conference', title: 'Hội nghị tỉnh' }));
		expect(own.activity.allowed.edit).toBe(true);
	});

	it('stores a write once however many times it arrives; other content is a conflict unless it names the stored version', async () => {
		const id = randomUUID();
		const fields = activityFields('C1-V1', { households: [w.hh11], costs: [{ source: 'local_budget', amount: 300_000 }], cost: 300_000 });
		const first = await save(w.head11, id, fields);
		const again = await save(w.head11, id, fields);
		expect(again.created).toBe(false);
		expect(again.activity).toEqual(first.activity);
		// Keys in another order and a version number are still the same content.
		const reordered = Object.fromEntries(Object.entries(fields).reverse()) as typeof fields;
		expect((await save(w.head11, id, { ...reordered, version: 7 })).activity.version).toBe(1);

		const changed = { ...fields, counts: { poor: 6, near_poor: 3, other: 12 } };
		const refused = await save(w.head11, id, changed).catch((e) => e);
		expect(refused).toMatchObject({ code: 'CONFLICT', messageKey: 'activities.conflict', params: { version: 1 } });
		expect(refused.details).toContainEqual({ path: 'version', message: '1' });
		expect((await getActivity(ctx(w.head11), id)).counts.poor).toBe(5);

		const updated = await save(w.head11, id, { ...changed, version: 1 });
		expect(updated).toMatchObject({ created: false, activity: { version: 2, counts: { poor: 6 } } });
		await expect(save(w.head11, id, { ...changed, title: 'Khác', version: 1 })).rejects.toMatchObject({ code: 'CONFLICT', params: { version: 2 } });
		// The repeat of what is now stored is still answered as stored.
		expect((await save(w.head11, id, changed)).activity.version).toBe(2);
		const rows = await database.db.select().from(activities).where(eq(activities.id, id));
		expect(rows).toHaveLength(1);
	});

	it('concurrent identical writes of one id store it once', async () => {
		const id = randomUUID();
		const fields = activityFields('C1-V1', { title: 'Gửi lại nhiều lần' });
		const results = await Promise.all(Array.from({ length: 6 }, () => save(w.head11, id, fields)));
		expect(results.filter((r) => r.created)).toHaveLength(1);
		expect(new Set(results.map((r) => r.activity.version))).toEqual(new Set([1]));
		expect(await database.db.select().from(activities).where(eq(activities.id, id))).toHaveLength(1);
		const creates = await database.db
			.select()
			.from(auditEntries)
			.where(and(eq(auditEntries.entityId, id), eq(auditEntries.action, 'activity.create')));
		expect(creates).toHaveLength(1);
	});

	it('planned → done → verified by the commune officer; a verified activity is closed to the village head', async () => {
		const id = randomUUID();
		const planned = await save(w.head11, id, activityFields('C1-V1', { status: 'planned', date: '2026-07-01' }));
		await expect(verifyActivity(ctx(w.officer1), id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'activities.verifyNotDone' });
		const done = await save(w.head11, id, { ...activityFields('C1-V1', { status: 'done', date: '2026-06-01' }), version: planned.activity.version });
		expect(done.activity.status).toBe('done');
		await expect(verifyActivity(ctx(w.head11), id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(verifyActivity(ctx(w.officer2), id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const verified = await verifyActivity(ctx(w.chair1), id);
		expect(verified).toMatchObject({ status: 'verified', verifiedAt: when().toISOString(), version: done.activity.version + 1 });
		expect(verified.verifiedBy).toBeTruthy();
		await expect(verifyActivity(ctx(w.officer1), id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'activities.alreadyVerified' });

		const edit = { ...activityFields('C1-V1', { status: 'done', date: '2026-06-01', title: 'Sửa sau khi xác nhận' }), version: verified.version };
		await expect(save(w.head11, id, edit)).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'activities.verifiedLocked' });
		const corrected = await save(w.officer1, id, edit);
		expect(corrected.activity).toMatchObject({ status: 'verified', title: 'Sửa sau khi xác nhận', allowed: { edit: true, verify: false } });
		const reopened = await save(w.officer1, id, { ...edit, status: 'planned', date: '2026-08-01', version: corrected.activity.version });
		expect(reopened.activity).toMatchObject({ status: 'planned', verifiedBy: null, verifiedAt: null });
		expect((await titles(w.officer1, { status: 'verified' })).includes('Sửa sau khi xác nhận')).toBe(false);
	});

	it('household names only for those who read the household, each read access-logged', async () => {
		const id = randomUUID();
		await save(w.officer1, id, activityFields('C1', { households: [w.hh11, w.hh12] }));
		const accessesOf = async (actorId: string | null) =>
			database.db
				.select()
				.from(auditEntries)
				.where(and(eq(auditEntries.kind, 'access'), inArray(auditEntries.entityId, [w.hh11, w.hh12]), actorId ? eq(auditEntries.actorId, actorId) : undefined));
		const before = (await accessesOf(w.officer1.userId)).length;
		const view = await getActivity({ ...ctx(w.officer1), access: { screen: 'activity_page', purpose: 'activity' } }, id);
		expect(view.households.map((h) => h.headName).sort()).toEqual(['Vũ Thị Lan', 'Đinh Văn Khoa']);
		const after = await accessesOf(w.officer1.userId);
		expect(after.length - before).toBe(2);
		expect(after.at(-1)!.context).toMatchObject({ screen: 'activity_page', purpose: 'activity' });

		const provinceBefore = (await accessesOf(w.province1.userId)).length;
		const counted = await getActivity(ctx(w.province1), id);
		expect(counted.households.map((h) => h.headName)).toEqual([null, null]);
		expect((await accessesOf(w.province1.userId)).length).toBe(provinceBefore);
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
	});
});
