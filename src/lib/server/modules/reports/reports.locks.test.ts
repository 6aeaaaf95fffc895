import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { addEvidence, deleteEvidence, saveActivity } from '../activities/activities.service';
import { recordAttendance } from '../activities/activities.attendance';
import { activityFields, buildActivityWorld } from '../activities/activities.testing';
import { openReport } from './reports.service';
import { approveReport, submitReport, unlockReport } from './reports.workflow';
import { assertPeriodOpen, coveringLocks } from './reports.locks';

const when = () => new Date('2026-07-02T03:00:00Z');

describe.each(testDrivers)('period locks at every write path of an activity (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildActivityWorld>>;
	const ctx = (actor: Actor) => ({ db: database.db, actor, now: when });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildActivityWorld(database.db);
	});
	afterAll(() => database.close());

	it('evidence, attendance and the lock check itself follow the village lock; other villages and dates stay open', async () => {
		const activity = randomUUID();
		await saveActivity(ctx(w.head11), activity, activityFields('C1-V1', { date: '2026-02-10', households: [w.hh11] }), 'web');
		const link = randomUUID();
		await addEvidence(ctx(w.head11), activity, link, { kind: 'link', url: 'https://xa-mot.gov.vn/tin/doi-thoai' });

		const { id } = await openReport(ctx(w.head11), { form: 'village_monthly', unit: 'C1-V1', period: '2026-02' });
		await submitReport(ctx(w.head11), id, { version: 1 });
		await approveReport(ctx(w.head11), id, { version: 2 });

		await expect(addEvidence(ctx(w.head11), activity, randomUUID(), { kind: 'link', url: 'https://xa-mot.gov.vn/tin/khac' })).rejects.toMatchObject({ code: 'LOCKED' });
		await expect(deleteEvidence(ctx(w.head11), activity, link)).rejects.toMatchObject({ code: 'LOCKED' });
		await expect(recordAttendance(ctx(w.officer1), activity, { shown: [w.hh11], ticked: [] })).rejects.toMatchObject({ code: 'LOCKED' });

		const v1 = w.tree.v11.id;
		const v2 = w.tree.v12.id;
		expect(await coveringLocks(database.db, v1, ['2026-02-28'])).toHaveLength(1);
		expect(await coveringLocks(database.db, v1, ['2026-03-01', '2026-01-31'])).toHaveLength(0);
		expect(await coveringLocks(database.db, v2, ['2026-02-10'])).toHaveLength(0);
		expect(await coveringLocks(database.db, w.tree.c1.id, ['2026-02-10'])).toHaveLength(0);
		expect(await coveringLocks(database.db, 'not-a-uuid', ['2026-02-10'])).toHaveLength(0);
		await expect(assertPeriodOpen(database.db, v1, ['bad-date'])).resolves.toBeUndefined();
		await expect(assertPeriodOpen(database.db, v1, ['2026-02-01'])).rejects.toMatchObject({ code: 'LOCKED', params: { period: '2026-02', unit: 'Thôn Một' } });

		await unlockReport(ctx(w.officer1), id, { version: 3, reason: 'Thôn bổ sung danh sách dự họp.' });
		await recordAttendance(ctx(w.officer1), activity, { shown: [w.hh11], ticked: [] });
		await deleteEvidence(ctx(w.head11), activity, link);
		expect(await coveringLocks(database.db, v1, ['2026-02-10'])).toHaveLength(0);
	});
});
