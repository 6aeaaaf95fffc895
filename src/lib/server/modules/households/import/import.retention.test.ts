import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../testing/db';
import { buildActor, buildUnit } from '../../../testing/factories';
import type { Actor } from '../../../access/actor';
import type { Database } from '../../../db/client';
import { jobDefinitions } from '../../../jobs/registry';
import { householdImports } from '../households.tables';
import { importHouseholds } from './import.service';
import { findHouseholdImports, getHouseholdImport, getRejectedRows } from './import.jobs';
import { purgeRejectedRows, REJECTED_KEEP_DAYS, rejectedKeptUntil } from './import.retention';

const list = (rows: string[]) => Buffer.from('\uFEFF' + ['Họ và tên chủ hộ,Năm sinh,Thôn,Phân loại,Số điện thoại', ...rows].join('\n'), 'utf8');

describe.each(testDrivers)('retention of an import’s rejected rows (%s)', (driver) => {
	let database: Database;
	let officer: Actor;
	const ctx = () => ({ db: database.db, actor: officer });
	const summaryOf = async (id: string) =>
		(await database.db.select({ s: householdImports.summary }).from(householdImports).where(eq(householdImports.id, id)))[0].s as Record<string, unknown>;
	/** Moves an import's end back by `days`. */
	const endedDaysAgo = (id: string, days: number) =>
		database.db.execute(sql`UPDATE household_imports SET finished_at = now() - make_interval(days => ${days}) WHERE id = ${id}`);

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		await buildUnit(database.db, { code: 'RT-P', name: 'Tỉnh Giữ', level: 'province' });
		await buildUnit(database.db, { code: 'RT-C', name: 'Xã Giữ', level: 'commune', parentCode: 'RT-P' });
		await buildUnit(database.db, { code: 'RT-C-01', name: 'Thôn Khe Mơ', level: 'village', parentCode: 'RT-C' });
		officer = await buildActor(database.db, 'commune_officer', 'RT-C');
	});
	afterAll(() => database.close());

	it('keeps the rejected rows 30 days after the import, says until when, then removes them and keeps the counts', async () => {
		const old = await importHouseholds(ctx(), list(['Ma Văn Sáng,1970,Khe Mơ,Hộ nghèo,0912 345 678', 'Ma Thị Lụa,1885,Khe Mơ,Hộ nghèo,', 'Nông Văn Tư,1972,Thôn Không Có,Hộ nghèo,']), {
			unitCode: 'RT-C',
			year: 2025,
			fileName: 'cu.csv'
		});
		const recent = await importHouseholds(ctx(), list(['Hoàng Thị Mai,1980,Khe Mơ,Hộ cận nghèo,', 'Hoàng Văn Kiên,1560,Khe Mơ,Hộ cận nghèo,']), {
			unitCode: 'RT-C',
			year: 2025,
			fileName: 'moi.csv'
		});
		expect(old.summary).toMatchObject({ rows: 3, imported: 1 });
		expect(new Set(old.summary.errors.map((e) => e.row)).size).toBe(2);

		// Before: the status says until when the rows are kept; the download works.
		const status = await getHouseholdImport(ctx(), old.id, 'vi');
		expect(status.rejectedRows).toBe(2);
		expect(status.rejectedKeptUntil).toBe(rejectedKeptUntil(new Date(status.finishedAt!)));
		expect(status.rejectedKeptUntil! > new Date().toISOString().slice(0, 10)).toBe(true);
		expect(status.rejectedRemovedAt).toBeNull();
		expect((await getRejectedRows(ctx(), old.id, 'vi')).body.byteLength).toBeGreaterThan(0);

		await endedDaysAgo(old.id, REJECTED_KEEP_DAYS + 1);
		await endedDaysAgo(recent.id, REJECTED_KEEP_DAYS - 1);
		const job = jobDefinitions.find((j) => j.name === 'household-imports-purge')!;
		expect(job.cron).toBeTruthy();
		await job.handler({ db: database.db }, {});

		// The old import: no cells, no messages; the counts and the number of rows refused stay.
		const stored = await summaryOf(old.id);
		expect(stored).not.toHaveProperty('rejected');
		expect(stored).toMatchObject({ rows: 3, imported: 1, updated: 0, unchanged: 0, errors: [], rejectedRows: 2 });
		expect(JSON.stringify(stored)).not.toContain('Ma Thị Lụa');
		const after = await getHouseholdImport(ctx(), old.id, 'en');
		expect(after).toMatchObject({ rejectedRows: 2, rejectedKeptUntil: null, rejectedUrl: null, summary: { rows: 3, imported: 1, errors: [] } });
		expect(after.rejectedRemovedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		await expect(getRejectedRows(ctx(), old.id, 'en')).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'householdImport.rejectedRemoved' });
		const history = await findHouseholdImports(ctx());
		expect(history.find((h) => h.id === old.id)).toMatchObject({ errorCount: 2, counts: { rows: 3, imported: 1 } });

		// The recent one is untouched.
		expect(((await summaryOf(recent.id)).rejected as { rows: unknown[] }).rows).toHaveLength(1);
		expect((await getHouseholdImport(ctx(), recent.id, 'vi')).rejectedKeptUntil).not.toBeNull();

		// Running again changes nothing more.
		expect(await purgeRejectedRows(database.db)).toBe(0);
		expect(await summaryOf(old.id)).toEqual(stored);
	});

	it('an import without rejected rows has nothing to keep', async () => {
		const clean = await importHouseholds(ctx(), list(['Lý Văn Hải,1966,Khe Mơ,Hộ nghèo,']), { unitCode: 'RT-C', year: 2026, fileName: 'sach.csv' });
		const status = await getHouseholdImport(ctx(), clean.id, 'vi');
		expect(status).toMatchObject({ rejectedRows: 0, rejectedKeptUntil: null, rejectedRemovedAt: null });
	});

	it('the daily job also removes temporary files of imports and uploads whose process is gone', async () => {
		// A process id that is not running: past the kernel's largest.
		const dead = 4_194_305;
		const files = ['lantoa-import-', 'lantoa-upload-'].map((prefix) => path.join(os.tmpdir(), `${prefix}${dead}-retention-test.jsonl`));
		const mine = path.join(os.tmpdir(), `lantoa-import-${process.pid}-retention-test.jsonl`);
		for (const f of [...files, mine]) fs.writeFileSync(f, '{"row":{"headName":"Ma Văn Sáng"}}\n', { mode: 0o600 });
		try {
			await jobDefinitions.find((j) => j.name === 'household-imports-purge')!.handler({ db: database.db }, {});
			for (const f of files) expect(fs.existsSync(f), f).toBe(false);
			expect(fs.existsSync(mine)).toBe(true);
		} finally {
			for (const f of [...files, mine]) fs.rmSync(f, { force: true });
		}
	});
});
