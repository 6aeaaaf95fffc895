import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../testing/db';
import type { Database } from '../db/client';
import { verifyAuditChain } from '../audit/audit.service';
import { AppError } from '../errors';
import { GENERATED_PROVINCE_CODE, generateProvince, generatedId, villageHouseholdNumbers, type GenerateOptions, type GenerateSummary } from './generate';

const small: GenerateOptions = { villages: 20, households: 2000, activities: 20000, seed: 3, year: 2026, asOf: '2026-11-22' };

describe.each(testDrivers)('lantoa demo generate at a small scale (%s)', (driver) => {
	let database: Database;
	let summary: GenerateSummary;
	const one = async <T = Record<string, unknown>>(text: string): Promise<T> => (await database.sql.query<T>(text)).rows[0];
	const num = async (text: string) => Number(Object.values(await one(text))[0]);

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		summary = await generateProvince(database.db, { ...small, accounts: true });
	});
	afterAll(() => database.close());

	it('makes one province of communes of ten villages, with the codes and names it says', async () => {
		expect(summary).toMatchObject({ communes: 2, villages: 20, households: 2000, activities: 20000, years: [2022, 2026], accounts: ['mau.tinh', 'mau.xa', 'mau.thon'] });
		const levels = (await database.sql.query<{ level: string; n: number }>(`SELECT level, count(*)::int AS n FROM units WHERE code LIKE 'G%' GROUP BY level ORDER BY level`)).rows;
		expect(levels).toEqual([
			{ level: 'commune', n: 2 },
			{ level: 'province', n: 1 },
			{ level: 'village', n: 20 }
		]);
		const province = await one<{ name: string; path: string }>(`SELECT name, path FROM units WHERE code = 'G'`);
		expect(province.name).toMatch(/^Tỉnh Mẫu/);
		// Every unit's path is its parent's path and its own id; villages are G001-01 … in communes G001 ….
		expect(await num(`SELECT count(*) FROM units c JOIN units p ON p.id = c.parent_id WHERE c.code LIKE 'G%' AND c.path <> p.path || c.id || '/'`)).toBe(0);
		expect(await num(`SELECT count(*) FROM units v JOIN units c ON c.id = v.parent_id WHERE v.level = 'village' AND v.code LIKE 'G%' AND v.code NOT LIKE c.code || '-__'`)).toBe(0);
		expect(await num(`SELECT count(*) FROM units WHERE parent_id = (SELECT id FROM units WHERE code = 'G001')`)).toBe(10);
	});

	it('stores exactly the households and activities asked for, and the counts it reports', async () => {
		expect(await num(`SELECT count(*) FROM households h JOIN units u ON u.id = h.unit_id WHERE u.code LIKE 'G%'`)).toBe(2000);
		expect(await num(`SELECT count(*) FROM activities`)).toBe(20000);
		expect(await num(`SELECT count(*) FROM activity_counts`)).toBe(summary.activityCounts);
		expect(await num(`SELECT count(*) FROM activity_households`)).toBe(summary.activityHouseholds);
		expect(await num(`SELECT count(*) FROM household_classifications`)).toBe(10000);
		// Every household has a category in each of the five years.
		expect(await num(`SELECT count(*) FROM (SELECT household_id FROM household_classifications GROUP BY household_id HAVING array_agg(year ORDER BY year) = ARRAY[2022, 2023, 2024, 2025, 2026]) x`)).toBe(2000);
		// Villages hold the same number of households (2,000 / 20).
		const sizes = (await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM households GROUP BY unit_id`)).rows.map((r) => r.n);
		expect(new Set(sizes)).toEqual(new Set([100]));
	});

	it('classifies households in realistic shares, those out of poverty having been poor the year before', async () => {
		const shares = Object.fromEntries(
			(await database.sql.query<{ category: string; share: number }>(`SELECT category, count(*)::float / 2000 AS share FROM household_classifications WHERE year = 2026 GROUP BY category`)).rows.map((r) => [
				r.category,
				r.share
			])
		);
		expect(shares.poor).toBeGreaterThan(0.045);
		expect(shares.poor).toBeLessThan(0.075);
		expect(shares.near_poor).toBeGreaterThan(0.035);
		expect(shares.near_poor).toBeLessThan(0.065);
		expect(shares.escaped).toBeGreaterThan(0.018);
		expect(shares.escaped).toBeLessThan(0.042);
		expect(shares.none).toBeGreaterThan(0.8);
		expect(
			await num(`SELECT count(*) FROM household_classifications a JOIN household_classifications b ON b.household_id = a.household_id AND b.year = 2025
				WHERE a.year = 2026 AND a.category = 'escaped' AND b.category <> 'poor'`)
		).toBe(0);
		expect(await num(`SELECT count(*) FROM household_classifications WHERE year = 2026 AND standard_code <> 'nd07_2021'`)).toBe(0);
		// Going back, poverty is no lower: poor and near-poor households never fewer in an earlier year.
		const byYear = (await database.sql.query<{ year: number; n: number }>(`SELECT year, count(*) FILTER (WHERE category IN ('poor', 'near_poor'))::int AS n FROM household_classifications GROUP BY year ORDER BY year`)).rows;
		expect(byYear.map((r) => r.year)).toEqual([2022, 2023, 2024, 2025, 2026]);
		for (let i = 1; i < byYear.length; i++) expect(byYear[i - 1].n).toBeGreaterThanOrEqual(byYear[i].n);
		expect(byYear[0].n).toBeGreaterThan(byYear[4].n);
	});

	it('spreads activities over the five years and the channels, mostly verified, none in the future done', async () => {
		const r = await one<{ first: string; last: string; verified: number; done: number; planned: number; future_done: number; channels: number; villages: number }>(`
			SELECT min(date)::text AS first, max(date)::text AS last,
				avg((status = 'verified')::int)::float AS verified, avg((status = 'done')::int)::float AS done, avg((status = 'planned')::int)::float AS planned,
				count(*) FILTER (WHERE date > '2026-11-22' AND status <> 'planned')::int AS future_done,
				count(DISTINCT channel_code)::int AS channels, count(DISTINCT unit_id)::int AS villages
			FROM activities`);
		expect(r.first.startsWith('2022-01')).toBe(true);
		// About a fifth of them in each year.
		const perYear = (await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM activities GROUP BY extract(year FROM date) ORDER BY 1`)).rows.map((x) => x.n / 20000);
		expect(perYear).toHaveLength(5);
		for (const share of perYear) expect(share).toBeGreaterThan(0.17), expect(share).toBeLessThan(0.23);
		expect(r.last.startsWith('2026-12')).toBe(true);
		expect(r.verified).toBeGreaterThan(0.7);
		expect(r.done).toBeGreaterThan(0.05);
		expect(r.planned).toBeLessThan(0.15);
		expect(r.future_done).toBe(0);
		expect(r.channels).toBeGreaterThanOrEqual(12);
		// 20 villages, 2 communes and the province.
		expect(r.villages).toBe(23);
		const loudspeaker = await num(`SELECT avg((channel_code = 'loudspeaker')::int)::float FROM activities`);
		expect(loudspeaker).toBeGreaterThan(0.3);
		expect(loudspeaker).toBeLessThan(0.4);
		expect(await num(`SELECT count(*) FROM activities WHERE status = 'verified' AND verified_at IS NULL`)).toBe(0);
	});

	it('names households for about 15 % of activities, 3–8 each, always within the activity’s unit', async () => {
		const share = await num(`SELECT count(DISTINCT activity_id)::float / 20000 FROM activity_households`);
		expect(share).toBeGreaterThan(0.1);
		expect(share).toBeLessThan(0.2);
		const per = await one<{ lo: number; hi: number }>(`SELECT min(n)::int AS lo, max(n)::int AS hi FROM (SELECT count(*) AS n FROM activity_households GROUP BY activity_id) x`);
		expect(per).toEqual({ lo: 3, hi: 8 });
		expect(
			await num(`SELECT count(*) FROM activity_households ah
				JOIN activities a ON a.id = ah.activity_id JOIN units au ON au.id = a.unit_id
				JOIN households h ON h.id = ah.household_id JOIN units hu ON hu.id = h.unit_id
				WHERE hu.path NOT LIKE au.path || '%'`)
		).toBe(0);
		expect(await num(`SELECT count(*) FROM activity_households ah JOIN activities a ON a.id = ah.activity_id WHERE a.status = 'planned'`)).toBe(0);
		// Reach has real work: most households of the year were reached at least once, not all.
		const reached = await num(`SELECT count(DISTINCT ah.household_id)::float / 2000 FROM activity_households ah JOIN activities a ON a.id = ah.activity_id WHERE a.date BETWEEN '2026-07-01' AND '2026-09-30'`);
		expect(reached).toBeGreaterThan(0.2);
		expect(reached).toBeLessThan(0.95);
	});

	// household_reach as the triggers would have kept it, recomputed here from the source tables.
	const reachDiff = () =>
		num(`WITH m AS (
				SELECT DISTINCT ah.household_id, extract(year FROM a.date)::int AS year, a.channel_code, extract(month FROM a.date)::int AS month
				FROM activity_households ah JOIN activities a ON a.id = ah.activity_id WHERE a.status = 'verified'),
			fresh AS (
				SELECT household_id, year, channel_code, sum(DISTINCT 1 << (month - 1))::int AS months FROM m GROUP BY 1, 2, 3
				UNION ALL SELECT household_id, year, '*', sum(DISTINCT 1 << (month - 1))::int FROM m GROUP BY 1, 2),
			kept AS (SELECT household_id, year, channel_code, months FROM household_reach)
			SELECT (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT SELECT * FROM kept) x) + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh) y)`);
	// activity_month_totals likewise.
	const totalsDiff = () =>
		num(`WITH fresh AS (
				SELECT unit_id, year, month, group_code, sum(n)::int AS total FROM (
					SELECT a.unit_id, extract(year FROM a.date)::int AS year, extract(month FROM a.date)::int AS month, '*' AS group_code, 1 AS n
					FROM activities a WHERE a.status = 'verified'
					UNION ALL SELECT a.unit_id, extract(year FROM a.date)::int, extract(month FROM a.date)::int, c.group_code, c.count
					FROM activities a JOIN activity_counts c ON c.activity_id = a.id WHERE a.status = 'verified') x
				GROUP BY 1, 2, 3, 4),
			kept AS (SELECT unit_id, year, month, group_code, total FROM activity_month_totals)
			SELECT (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT SELECT * FROM kept) x) + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh) y)`);

	it('builds household reach and activity totals for what it wrote (their triggers deferred, rebuilt once)', async () => {
		expect(await num(`SELECT count(*) FROM household_reach WHERE channel_code = '*'`)).toBeGreaterThan(0);
		expect(await reachDiff()).toBe(0);
		expect(await num(`SELECT count(*) FROM activity_month_totals WHERE group_code = '*'`)).toBeGreaterThan(0);
		expect(await totalsDiff()).toBe(0);
		// The deferral was the generation's transaction's only.
		expect(await num(`SELECT COALESCE(current_setting('lantoa.reach_deferred', true), '') = 'on'`)).toBe(0);
		// The kept month figures and reach counts are folded in: the first reader has nothing left to do.
		expect(await num(`SELECT count(*) FROM indicator_month_pending`)).toBe(0);
		expect(await num(`SELECT count(*) FROM reach_unit_pending`)).toBe(0);
		expect(await num(`SELECT count(*) FROM indicator_month_figures`)).toBeGreaterThan(0);
		expect(await num(`SELECT count(*) FROM reach_period_counts WHERE channel_code = '*'`)).toBeGreaterThan(0);
	});

	it('counts participants by group for meetings and visits that took place, never negative', async () => {
		expect(await num(`SELECT count(*) FROM activity_counts WHERE count <= 0`)).toBe(0);
		expect(await num(`SELECT count(DISTINCT group_code) FROM activity_counts`)).toBe(4);
		expect(await num(`SELECT count(*) FROM activity_counts c JOIN activities a ON a.id = c.activity_id WHERE a.status = 'planned' OR a.channel_code IN ('loudspeaker', 'portal', 'zalo', 'facebook')`)).toBe(0);
	});

	it('writes one audit entry for the generation (and one per account), keeping the chain whole', async () => {
		const actions = (await database.sql.query<{ action: string; n: number }>(`SELECT action, count(*)::int AS n FROM audit_entries GROUP BY action ORDER BY action`)).rows;
		expect(actions).toEqual([
			{ action: 'demo.generate', n: 1 },
			{ action: 'user.create', n: 3 }
		]);
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
	});

	it('gives the same data for the same seed, refuses to run twice, and replaces on request', async () => {
		const before = await one<{ ids: string; titles: string }>(`SELECT md5(string_agg(id::text, ',' ORDER BY id)) AS ids, md5(string_agg(title || date || status, ',' ORDER BY id)) AS titles FROM activities`);
		const again = generateProvince(database.db, small);
		await expect(again).rejects.toBeInstanceOf(AppError);
		await expect(again).rejects.toMatchObject({ code: 'CONFLICT' });
		expect(await num(`SELECT count(*) FROM activities`)).toBe(20000);
		const replaced = await generateProvince(database.db, { ...small, replace: true, accounts: true });
		expect(replaced.activities).toBe(20000);
		const after = await one<{ ids: string; titles: string }>(`SELECT md5(string_agg(id::text, ',' ORDER BY id)) AS ids, md5(string_agg(title || date || status, ',' ORDER BY id)) AS titles FROM activities`);
		expect(after).toEqual(before);
		expect(await num(`SELECT count(*) FROM units WHERE code LIKE '${GENERATED_PROVINCE_CODE}%'`)).toBe(23);
		expect(await num(`SELECT count(*) FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.username LIKE 'mau.%'`)).toBe(3);
		expect(await num(`SELECT count(*) FROM audit_entries WHERE action = 'demo.generate'`)).toBe(2);
		expect(await reachDiff()).toBe(0);
		expect(await totalsDiff()).toBe(0);
	});

	it('computes the same ids in JavaScript as in SQL (the benchmarks name households without a lookup)', async () => {
		const village = await one<{ id: string }>(`SELECT id FROM units WHERE code = 'G001-01'`);
		expect(generatedId(small.seed, 'v', 1)).toBe(village.id);
		const ids = villageHouseholdNumbers(1, small.villages, small.households).map((n) => generatedId(small.seed, 'h', n));
		expect(ids).toHaveLength(100);
		expect(await num(`SELECT count(*) FROM households WHERE unit_id = '${village.id}' AND id = ANY('{${ids.join(',')}}'::uuid[])`)).toBe(100);
	});

	it('refuses sizes out of range without writing anything', async () => {
		const fresh = await createTestDatabase(driver);
		try {
			for (const bad of [{ villages: 0 }, { households: -1 }, { activities: 1.5 }, { seed: -3 }, { year: 1800 }])
				await expect(generateProvince(fresh.db, { ...small, ...bad }), JSON.stringify(bad)).rejects.toMatchObject({ code: 'VALIDATION' });
			expect(Number((await fresh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM units`)).rows[0].n)).toBe(0);
		} finally {
			await fresh.close();
		}
	});
});

/** `lantoa demo generate` as its own process on a fresh PGlite directory, as an operator runs it. */
describe('lantoa demo generate on the command line', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-demo-generate-'));
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
	const lantoa = (args: string[]) =>
		new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
			const env: Record<string, string> = {};
			for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST') && k !== 'DATABASE_URL') env[k] = v;
			Object.assign(env, { LANTOA_DATA_DIR: dir, LOG_LEVEL: 'warn' });
			const child = spawn(process.execPath, [path.resolve('bin', 'lantoa.js'), 'demo', 'generate', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d) => (stdout += d));
			child.stderr.on('data', (d) => (stderr += d));
			child.on('error', reject);
			child.on('close', (code) => resolve({ code, stdout, stderr }));
		});
	const tiny = ['--villages', '10', '--households', '300', '--activities', '2000', '--json'];

	it('refuses bad sizes with the reason in both languages, writing nothing', async () => {
		for (const bad of [['--villages', 'x'], ['--activities', '-5'], ['--households', '1e9'], ['--year', '20x6']]) {
			const r = await lantoa(bad);
			expect(r.code, bad.join(' ')).toBe(2);
			expect(r.stderr).toContain('Lỗi / Error: Dữ liệu gửi lên không hợp lệ. / The data sent is not valid.');
			expect(r.stderr).toContain(bad[0]);
		}
	});

	it('generates once with progress on stderr and the summary on stdout, refuses a second time, replaces on request', async () => {
		const first = await lantoa(tiny);
		expect(first.code, first.stderr).toBe(0);
		expect(JSON.parse(first.stdout)).toMatchObject({ province: 'G', communes: 1, villages: 10, households: 300, activities: 2000 });
		expect(first.stderr).toMatch(/Hoạt động \/ activities: 2,000 \/ 2,000/);
		const second = await lantoa(tiny);
		expect(second.code).toBe(2);
		expect(second.stderr).toContain('--replace');
		expect(second.stderr).toContain('Unit code G already exists.');
		const replaced = await lantoa([...tiny, '--replace']);
		expect(replaced.code, replaced.stderr).toBe(0);
		expect(JSON.parse(replaced.stdout).activities).toBe(2000);
	}, 240_000);
});
