import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { systemActor } from '../access/actor';
import { AppError } from '../errors';
import { recordChange } from '../audit/audit.service';
import { createUser } from '../modules/users/users.service';
import { normaliseName } from '../modules/households/households.normalise';
import { familyNames, givenNames, middleNames } from '../modules/households/import/import.sample';
import { today } from '../periods';
import { DEMO_PASSWORD } from './demo';

/**
 * A made-up province at the size of a real one, for trying Lan Tỏa at scale and for the
 * benchmarks: `lantoa demo generate`. Units, households with their category for each year,
 * activities over five years with their participants by group, and the households a share of them reached, all written
 * set-based (`INSERT … SELECT generate_series`) with pseudo-random values computed from the row
 * number and the seed, so the same options give the same data and two million activities take
 * minutes. Everything goes in one transaction with one audit entry for the whole generation.
 *
 * The province has code `G`, communes `G001`…, villages `G001-01`…; its name says it is a sample.
 */

export const GENERATED_PROVINCE_CODE = 'G';
export const GENERATED_PROVINCE_NAME = 'Tỉnh Mẫu (dữ liệu sinh tự động)';

export interface GenerateOptions {
	villages: number;
	households: number;
	activities: number;
	seed: number;
	/** The last of the five years the activities span (YEARS); default the current year in Việt Nam. */
	year?: number;
	/** Activities after this date are still planned; default today in Việt Nam. */
	asOf?: string;
	/** Remove an earlier generated province (and everything in it) first. */
	replace?: boolean;
	/** Also make three accounts (province officer, commune officer, village head) with the demo password. */
	accounts?: boolean;
	onProgress?: (message: string) => void;
}

export interface GenerateSummary {
	province: string;
	communes: number;
	villages: number;
	households: number;
	classifications: number;
	activities: number;
	activityCounts: number;
	activityHouseholds: number;
	years: [number, number];
	seed: number;
	accounts: string[];
	seconds: number;
}

/** Accounts made with `accounts: true` (password: the demo one), on the province, its first commune and that commune's first village. */
export const generatedAccounts = [
	{ username: 'mau.tinh', displayName: 'Cán bộ Tỉnh Mẫu', role: 'province_officer' as const, level: 'province' as const },
	{ username: 'mau.xa', displayName: 'Công chức xã mẫu', role: 'commune_officer' as const, level: 'commune' as const },
	{ username: 'mau.thon', displayName: 'Trưởng thôn mẫu', role: 'village_head' as const, level: 'village' as const }
];

export const GENERATE_LIMITS = {
	villages: [1, 20_000],
	households: [0, 5_000_000],
	activities: [0, 20_000_000],
	seed: [0, 2 ** 31 - 1]
} as const;

/** Activities spread over this many years, ending with the year asked for (2022–2026 for 2026). */
export const GENERATED_YEARS = 5;

/** Width of commune numbers in codes: G001 for up to 999 communes. */
export const communeCodeWidth = (villages: number) => Math.max(3, String(Math.ceil(villages / 10)).length);
export const communeCode = (n: number, villages: number) => `${GENERATED_PROVINCE_CODE}${String(n).padStart(communeCodeWidth(villages), '0')}`;

const communeFirst = ['An', 'Bình', 'Hòa', 'Phú', 'Tân', 'Thạnh', 'Hưng', 'Lộc', 'Phúc', 'Thịnh'];
const communeSecond = ['Sơn', 'Lâm', 'Hà', 'Trung', 'Đông', 'Tây', 'Nam', 'Bắc', 'Thượng', 'Hải'];
const villageNames = ['Đồng Tâm', 'Tiến Bộ', 'Quyết Thắng', 'Đoàn Kết', 'Tân Lập', 'Hợp Nhất', 'Thống Nhất', 'Bình Minh', 'Hòa Bình', 'Phú Cường'];
const ethnicities: [string, number][] = [
	['Kinh', 82],
	['Mường', 8],
	['Thái', 5],
	['Tày', 3],
	['Dao', 2]
];
const otherIndicators = ['employment', 'dependants', 'nutrition', 'health_insurance', 'adult_education', 'child_schooling', 'housing_quality', 'housing_area', 'drinking_water', 'sanitation'];
const informationIndicators = ['telecom_use', 'information_means'];

/**
 * Channels with their share of activities (per cent) and what one of them is called. Loudspeaker
 * bulletins are the everyday work; meetings, dialogues and home visits are fewer and count people.
 */
const channelMix: { code: string; share: number; inPerson: boolean; titles: string[] }[] = [
	{ code: 'loudspeaker', share: 35, inPerson: false, titles: ['Phát bản tin chính sách giảm nghèo trên loa truyền thanh', 'Phát thanh gương hộ vươn lên thoát nghèo', 'Thông báo lịch vay vốn ưu đãi trên loa thôn'] },
	{ code: 'home_visit', share: 12, inPerson: true, titles: ['Đến từng hộ nghèo phổ biến chính sách hỗ trợ', 'Thăm hỏi, hướng dẫn hộ cận nghèo làm hồ sơ vay vốn'] },
	{ code: 'facebook', share: 8, inPerson: false, titles: ['Đăng tin chính sách giảm nghèo trên trang Facebook của xã', 'Chia sẻ mô hình sinh kế hiệu quả trên Facebook'] },
	{ code: 'zalo', share: 8, inPerson: false, titles: ['Gửi tin Zalo về hỗ trợ bảo hiểm y tế cho hộ nghèo', 'Nhắn tin Zalo nhắc lịch họp thôn'] },
	{ code: 'leaflet', share: 8, inPerson: false, titles: ['Phát tờ rơi hướng dẫn thủ tục vay vốn ưu đãi', 'Phát tờ gấp về chuẩn nghèo đa chiều'] },
	{ code: 'portal', share: 6, inPerson: false, titles: ['Đăng bài trên trang thông tin điện tử xã về kết quả giảm nghèo', 'Đăng tin về chính sách hỗ trợ nhà ở'] },
	{ code: 'dialogue', share: 5, inPerson: true, titles: ['Đối thoại chính sách với hộ nghèo, hộ cận nghèo', 'Đối thoại về hỗ trợ sinh kế và việc làm'] },
	{ code: 'conference', share: 5, inPerson: true, titles: ['Hội nghị tuyên truyền chính sách giảm nghèo bền vững', 'Hội nghị sơ kết công tác giảm nghèo'] },
	{ code: 'training', share: 4, inPerson: true, titles: ['Tập huấn kỹ thuật chăn nuôi cho hộ nghèo', 'Tập huấn cán bộ thôn về rà soát hộ nghèo'] },
	{ code: 'contest', share: 3, inPerson: true, titles: ['Hội thi tìm hiểu chính sách giảm nghèo', 'Văn nghệ tuyên truyền "Không để ai bị bỏ lại phía sau"'] },
	{ code: 'emulation', share: 2, inPerson: true, titles: ['Phát động phong trào "Vì người nghèo – Không để ai bị bỏ lại phía sau"', 'Vận động quỹ Vì người nghèo'] },
	{ code: 'sms', share: 2, inPerson: false, titles: ['Nhắn tin SMS nhắc hộ nghèo gia hạn thẻ bảo hiểm y tế'] },
	{ code: 'other', share: 2, inPerson: false, titles: ['Treo băng rôn, khẩu hiệu tuyên truyền giảm nghèo'] }
];
const organisers = ['Công chức Văn hóa - Xã hội', 'Hội Liên hiệp Phụ nữ xã', 'Hội Nông dân xã', 'Đoàn Thanh niên xã', 'Ban Công tác Mặt trận thôn', 'Đài truyền thanh xã', 'Trưởng thôn'];

/** SQL text literal. */
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** SQL text[] literal. */
const textArray = (values: string[]) => `ARRAY[${values.map(lit).join(',')}]::text[]`;

/** A pseudo-random non-negative integer below 2^31 from the row number `n` and a salt. */
function hashOf(seed: number, n: string, salt: number): string {
	return `(hashint4extended(${n}, ${seed * 64 + salt}) & 2147483647)::int`;
}

/** A stable id (version-4 shaped) for the kind's row `n` of this seed. */
function idOf(seed: number, kind: string, n: string): string {
	return `overlay(overlay(md5('lantoa-demo:${seed}:${kind}:' || (${n})) placing '4' from 13) placing '8' from 17)::uuid`;
}

/**
 * The id the generator gives row `n` of a kind (`v` village, `c` commune, `h` household, `a`
 * activity) for a seed, computed the same way in JavaScript: the benchmarks name households
 * without asking the database.
 */
export function generatedId(seed: number, kind: 'v' | 'c' | 'h' | 'a', n: number): string {
	const hex = createHash('md5').update(`lantoa-demo:${seed}:${kind}:${n}`).digest('hex');
	const x = `${hex.slice(0, 12)}4${hex.slice(13, 16)}8${hex.slice(17)}`;
	return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Household numbers of village `v` (1-based): v, v + N, v + 2N … */
export function villageHouseholdNumbers(v: number, villages: number, households: number): number[] {
	const count = Math.floor(households / villages) + (v <= households % villages ? 1 : 0);
	return Array.from({ length: count }, (_, k) => v + villages * k);
}

/** CASE that picks by cumulative share out of 100. */
function byShare(r: string, items: { share: number; value: string }[]): string {
	let acc = 0;
	const whens = items.map((it) => {
		acc += it.share;
		return `WHEN ${r} < ${acc} THEN ${it.value}`;
	});
	return `CASE ${whens.join(' ')} ELSE ${items[items.length - 1].value} END`;
}

const CHUNK = 200_000;

export async function generateProvince(db: Db, opts: GenerateOptions): Promise<GenerateSummary> {
	const started = performance.now();
	const say = opts.onProgress ?? (() => {});
	for (const key of ['villages', 'households', 'activities', 'seed'] as const) {
		const [min, max] = GENERATE_LIMITS[key];
		const v = opts[key];
		if (!Number.isInteger(v) || v < min || v > max) throw new AppError('VALIDATION', 'error.validation', {}, [{ path: key, message: `${min}–${max}` }]);
	}
	const asOf = opts.asOf ?? today();
	const Y = opts.year ?? Number(asOf.slice(0, 4));
	if (!Number.isInteger(Y) || Y < 2000 || Y > 2100) throw new AppError('VALIDATION', 'error.validation', {}, [{ path: 'year', message: '2000–2100' }]);
	const N = opts.villages;
	const H = opts.households;
	const A = opts.activities;
	const S = opts.seed;
	const C = Math.ceil(N / 10);
	const W = communeCodeWidth(N);
	const h = (n: string, salt: number) => hashOf(S, n, salt);
	const id = (kind: string, n: string) => idOf(S, kind, n);
	const pid = id('province', '0');
	const Y0 = Y - GENERATED_YEARS + 1;
	const from = `${Y0}-01-01`;
	const days = (Date.UTC(Y, 11, 31) - Date.UTC(Y0, 0, 1)) / 86_400_000 + 1;

	return db.transaction(async (tx) => {
		const run = (text: string) => tx.execute(sql.raw(text));
		const scalar = async <T>(text: string): Promise<T> => {
			const res = (await tx.execute(sql.raw(text))) as unknown as { rows: Record<string, unknown>[] };
			return Object.values(res.rows[0] ?? {})[0] as T;
		};

		// Upkeep of household_reach and activity_month_totals statement by statement would cost more than the generation: it is switched
		// off for this transaction and the province's rows are rebuilt once at the end.
		await run(`SELECT set_config('lantoa.reach_deferred', 'on', true)`);
		const existing = await scalar<string | null>(`SELECT path FROM units WHERE code = ${lit(GENERATED_PROVINCE_CODE)}`);
		if (existing) {
			if (!opts.replace) throw new AppError('CONFLICT', 'unit.codeTaken', { code: GENERATED_PROVINCE_CODE });
			say('Xóa tỉnh mẫu đã sinh trước đó… / removing the province generated before…');
			const subtree = `(SELECT id FROM units WHERE path LIKE ${lit(existing + '%')})`;
			await run(`DELETE FROM activities WHERE unit_id IN ${subtree}`);
			await run(`DELETE FROM households WHERE unit_id IN ${subtree}`);
			await run(`DELETE FROM household_imports WHERE unit_id IN ${subtree}`);
			await run(`DELETE FROM role_grants WHERE unit_id IN ${subtree}`);
			try {
				await run(`DELETE FROM units WHERE path LIKE ${lit(existing + '%')}`);
			} catch (err) {
				// Plans, content or stations made in the sample province by hand keep it in place.
				throw new AppError('CONFLICT', 'error.conflict', {}, [{ path: 'replace', message: `${GENERATED_PROVINCE_CODE}: ${(err as Error).message}` }]);
			}
		}

		say(`Đơn vị: 1 tỉnh, ${C} xã, ${N} thôn / units: 1 province, ${C} communes, ${N} villages`);
		await run(`INSERT INTO units (id, code, name, level, parent_id, path)
			VALUES (${pid}, ${lit(GENERATED_PROVINCE_CODE)}, ${lit(GENERATED_PROVINCE_NAME)}, 'province', NULL, '/' || ${pid} || '/')`);
		const first = textArray(communeFirst);
		const second = textArray(communeSecond);
		await run(`INSERT INTO units (id, code, name, level, parent_id, path)
			SELECT ${id('c', 'c')}, ${lit(GENERATED_PROVINCE_CODE)} || lpad(c::text, ${W}, '0'),
				'Xã ' || (${first})[1 + (c - 1) % 10] || ' ' || (${second})[1 + ((c - 1) / 10) % 10] || CASE WHEN c > 100 THEN ' ' || ((c - 1) / 100 + 1) ELSE '' END,
				'commune', ${pid}, '/' || ${pid} || '/' || ${id('c', 'c')} || '/'
			FROM generate_series(1, ${C}) AS c`);
		await run(`INSERT INTO units (id, code, name, level, parent_id, path)
			SELECT ${id('v', 'v')}, ${lit(GENERATED_PROVINCE_CODE)} || lpad(((v - 1) / 10 + 1)::text, ${W}, '0') || '-' || lpad(((v - 1) % 10 + 1)::text, 2, '0'),
				'Thôn ' || (${textArray(villageNames)})[1 + (v - 1) % 10], 'village', ${id('c', '(v - 1) / 10 + 1')},
				'/' || ${pid} || '/' || ${id('c', '(v - 1) / 10 + 1')} || '/' || ${id('v', 'v')} || '/'
			FROM generate_series(1, ${N}) AS v`);

		// Households: household n lives in village 1 + (n - 1) % N, so a village's households are
		// v, v + N, v + 2N … and an activity can name some of them without a lookup.
		const families = familyNames.flatMap(([name, weight]) => Array<string>(Math.max(1, Math.round(weight / 5))).fill(name));
		const male = middleNames.male.flatMap((m) => givenNames.male.map((g) => `${m} ${g}`));
		const female = middleNames.female.flatMap((m) => givenNames.female.map((g) => `${m} ${g}`));
		const eth = ethnicities.map(([name, share]) => ({ share, value: lit(name) }));
		for (let lo = 1; lo <= H; lo += CHUNK) {
			const hi = Math.min(H, lo + CHUNK - 1);
			await run(`
				WITH n AS (
					SELECT g, ${textArray(families)} AS fam, ${textArray(families.map(normaliseName))} AS fam_n,
						${textArray(male)} AS ml, ${textArray(male.map(normaliseName))} AS ml_n,
						${textArray(female)} AS fl, ${textArray(female.map(normaliseName))} AS fl_n,
						${h('g', 1)} AS h1, ${h('g', 2)} AS h2, ${h('g', 3)} % 100 AS h3
					FROM generate_series(${lo}, ${hi}) AS g
				)
				INSERT INTO households (id, unit_id, head_name, head_name_norm, birth_year, sex, members, ethnicity, address, created_at, updated_at)
				SELECT ${id('h', 'g')}, ${id('v', `1 + (g - 1) % ${N}`)},
					fam[1 + h2 % cardinality(fam)] || ' ' || CASE WHEN h1 % 3 = 0 THEN fl[1 + (h1 / 7) % cardinality(fl)] ELSE ml[1 + (h1 / 7) % cardinality(ml)] END,
					fam_n[1 + h2 % cardinality(fam)] || ' ' || CASE WHEN h1 % 3 = 0 THEN fl_n[1 + (h1 / 7) % cardinality(fl)] ELSE ml_n[1 + (h1 / 7) % cardinality(ml)] END,
					${Y} - 20 - (h2 / 11) % 65,
					CASE WHEN h1 % 3 = 0 THEN 'female' ELSE 'male' END,
					1 + (h2 / 13) % 7,
					${byShare('h3', eth)},
					'Thôn ' || (${textArray(villageNames)})[1 + ((g - 1) % ${N}) % 10],
					now(), now()
				FROM n`);
			say(`Hộ / households: ${hi.toLocaleString('en-US')} / ${H.toLocaleString('en-US')}`);
		}
		// Categories of the last year (about 6 % poor, 5 % near-poor, 3 % newly out of poverty);
		// those out of poverty that year were poor the year before. Going back a year, another 1.5 %
		// of households were near-poor, so the earlier years show more poverty than the last.
		const standard = (year: number) =>
			`(SELECT code FROM poverty_standards WHERE from_year <= ${year} AND coalesce(to_year, 9999) >= ${year} ORDER BY from_year DESC LIMIT 1)`;
		const category = `CASE WHEN r < 60 THEN 'poor' WHEN r < 110 THEN 'near_poor' WHEN r < 140 THEN 'escaped' ELSE 'none' END`;
		const lacking = (cat: string) => `CASE ${cat}
			WHEN 'poor' THEN ARRAY[(${textArray(otherIndicators)})[1 + l % 10], (${textArray(informationIndicators)})[1 + (l / 10) % 2], (${textArray(otherIndicators)})[1 + (l % 10 + 1 + (l / 20) % 9) % 10]]
			WHEN 'near_poor' THEN ARRAY[(${textArray(otherIndicators)})[1 + l % 10]]
			ELSE '{}'::text[] END`;
		if (H > 0) {
			for (let year = Y0; year <= Y; year++) {
				const back = Y - 1 - year;
				const cat =
					year === Y
						? category
						: `CASE WHEN (${category}) = 'escaped' THEN 'poor' WHEN (${category}) = 'none' AND r < ${140 + 15 * back} THEN 'near_poor' ELSE ${category} END`;
				await run(`
					INSERT INTO household_classifications (household_id, year, category, standard_code, lacking)
					SELECT ${id('h', 'g')}, ${year}, cat, ${standard(year)}, ${lacking('cat')}
					FROM (SELECT g, ${cat} AS cat, l FROM (SELECT g, ${h('g', 10)} % 1000 AS r, ${h('g', 11)} AS l FROM generate_series(1, ${H}) AS g) x) y`);
				say(`Phân loại hộ năm ${year} / household categories of ${year}`);
			}
		}

		// Activities. Each has a home village; 0.5 % belong to the province, 19.5 % to the
		// commune, the rest to the village. Dates spread over the five years; those after `asOf`
		// are planned, earlier ones mostly verified.
		const inPerson = channelMix.filter((c) => c.inPerson).map((c) => c.code);
		const channelCase = byShare(
			'h3',
			channelMix.map((c) => ({ share: c.share, value: lit(c.code) }))
		);
		const titleCase = `CASE channel ${channelMix.map((c) => `WHEN ${lit(c.code)} THEN (${textArray(c.titles)})[1 + h7 % ${c.titles.length}]`).join(' ')} END`;
		const inPersonList = inPerson.map(lit).join(', ');
		const perVillageBase = Math.floor(H / N);
		const perVillageExtra = H % N;
		const base = (lo: number, hi: number) => `
			SELECT g, v, channel, date, h5, h6, h7, h8, h9, h10, h11,
				CASE WHEN date > DATE ${lit(asOf)} THEN 'planned' WHEN h6 % 100 < 85 THEN 'verified' WHEN h6 % 100 < 96 THEN 'done' ELSE 'planned' END AS status,
				CASE WHEN h2 < 5 THEN ${pid} WHEN h2 < 200 THEN ${id('c', '(v - 1) / 10 + 1')} ELSE ${id('v', 'v')} END AS unit_id,
				CASE WHEN h2 < 5 THEN 'province' WHEN h2 < 200 THEN 'commune' ELSE 'village' END AS level
			FROM (
				SELECT g, v, h2, h5, h6, h7, h8, h9, h10, h11, ${channelCase} AS channel, DATE ${lit(from)} + (h4 % ${days})::int AS date
				FROM (
					SELECT g, 1 + ${h('g', 21)} % ${N} AS v, ${h('g', 22)} % 1000 AS h2, ${h('g', 23)} % 100 AS h3, ${h('g', 24)} AS h4,
						${h('g', 25)} AS h5, ${h('g', 26)} AS h6, ${h('g', 27)} AS h7, ${h('g', 28)} AS h8, ${h('g', 29)} AS h9,
						${h('g', 30)} AS h10, ${h('g', 31)} AS h11
					FROM generate_series(${lo}, ${hi}) AS g
				) r
			) s`;
		let links = 0;
		let counts = 0;
		for (let lo = 1; lo <= A; lo += CHUNK) {
			const hi = Math.min(A, lo + CHUNK - 1);
			await run(`
				INSERT INTO activities (id, unit_id, channel_code, themes, title, place, date, start_time, end_time, organiser, audiences, materials, cost,
					status, verified_at, source, created_at, updated_at)
				SELECT ${id('a', 'g')}, unit_id, channel,
					CASE WHEN h5 % 3 = 0 THEN ARRAY['Chính sách giảm nghèo bền vững'] WHEN h5 % 3 = 1 THEN ARRAY['Hỗ trợ sinh kế, việc làm'] ELSE ARRAY['Tiếp cận thông tin'] END,
					${titleCase},
					CASE WHEN channel IN (${inPersonList}) THEN CASE level WHEN 'village' THEN 'Nhà văn hóa thôn' ELSE 'Hội trường UBND xã' END END,
					date,
					CASE WHEN channel = 'loudspeaker' THEN CASE WHEN h5 % 2 = 0 THEN '06:00' ELSE '17:30' END
						WHEN channel IN (${inPersonList}) THEN lpad((7 + h5 % 12)::text, 2, '0') || CASE WHEN (h5 / 12) % 2 = 0 THEN ':00' ELSE ':30' END END,
					CASE WHEN channel = 'loudspeaker' THEN CASE WHEN h5 % 2 = 0 THEN '06:15' ELSE '17:45' END
						WHEN channel IN (${inPersonList}) THEN lpad((8 + h5 % 12 + (h5 / 24) % 2)::text, 2, '0') || CASE WHEN (h5 / 12) % 2 = 0 THEN ':00' ELSE ':30' END END,
					(${textArray(organisers)})[1 + h7 / 7 % ${organisers.length}],
					CASE WHEN channel IN (${inPersonList}) THEN ARRAY['poor', 'near_poor', 'escaped'] ELSE ARRAY['general_public'] END,
					CASE WHEN channel = 'leaflet' THEN jsonb_build_array(jsonb_build_object('label', 'Tờ rơi chính sách giảm nghèo', 'printed', 50 + h8 % 150, 'handedOut', 40 + h8 % 110, 'contentId', NULL))
						ELSE '[]'::jsonb END,
					CASE WHEN channel IN (${inPersonList}, 'leaflet') AND h9 % 2 = 0 THEN (5 + h9 % 46) * 100000 END,
					status,
					CASE WHEN status = 'verified' THEN (date + (1 + h6 % 5))::timestamp + time '09:00' END,
					'demo', date::timestamp, date::timestamp
				FROM (${base(lo, hi)}) b`);
			// Participants by group for meetings and visits that took place.
			const c = await scalar<number>(`
				WITH ins AS (
					INSERT INTO activity_counts (activity_id, group_code, count)
					SELECT ${id('a', 'g')}, grp, n
					FROM (${base(lo, hi)}) b
					CROSS JOIN LATERAL (VALUES
						('poor', CASE WHEN channel = 'home_visit' THEN 1 + h10 % 3 ELSE 2 + h10 % 12 END),
						('near_poor', CASE WHEN channel = 'home_visit' THEN h10 / 3 % 2 ELSE 1 + h10 / 12 % 9 END),
						('escaped', CASE WHEN channel = 'home_visit' THEN 0 ELSE h10 / 108 % 5 END),
						('other', CASE WHEN channel = 'home_visit' THEN h11 % 3 ELSE 5 + h11 % 40 END)
					) AS k(grp, n)
					WHERE channel IN (${inPersonList}) AND status <> 'planned' AND n > 0
					RETURNING 1
				) SELECT count(*)::int FROM ins`);
			counts += Number(c);
			// Half of those also name 3–8 households of their home village (neighbours, in a row).
			const l = H === 0 ? 0 : await scalar<number>(`
				WITH ins AS (
					INSERT INTO activity_households (activity_id, household_id, how)
					SELECT ${id('a', 'g')}, ${id('h', `v + ${N} * ((h10 + j) % (${perVillageBase} + CASE WHEN v <= ${perVillageExtra} THEN 1 ELSE 0 END))`)},
						CASE WHEN channel = 'home_visit' THEN 'picked' ELSE 'attendance' END
					FROM (${base(lo, hi)}) b
					CROSS JOIN generate_series(0, 7) AS j
					WHERE channel IN (${inPersonList}) AND status <> 'planned' AND h8 % 2 = 0 AND j < 3 + h11 % 6
						AND j < ${perVillageBase} + CASE WHEN v <= ${perVillageExtra} THEN 1 ELSE 0 END
					RETURNING 1
				) SELECT count(*)::int FROM ins`);
			links += Number(l);
			say(`Hoạt động / activities: ${hi.toLocaleString('en-US')} / ${A.toLocaleString('en-US')}`);
		}

		say('Tính các hộ được tiếp cận / computing household reach…');
		await run(`SELECT rebuild_household_reach(ARRAY(SELECT h.id FROM households h JOIN units u ON u.id = h.unit_id
			WHERE u.path LIKE (SELECT path FROM units WHERE id = ${pid}) || '%'))`);
		await run(`SELECT rebuild_activity_month_totals(ARRAY(SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = ${pid}) || '%'))`);
		await run(`SELECT set_config('lantoa.reach_deferred', 'off', true)`);
		// The month figures and reach counts the dashboards and reports read are folded in here,
		// once, rather than by the first reader (minutes at the full size).
		say('Tính số liệu theo tháng và số hộ được tiếp cận / folding in the month figures and reach counts…');
		await run(`SELECT indicator_month_flush(), reach_counts_flush()`);

		const accounts: string[] = [];
		if (opts.accounts) {
			const unitCodes = { province: GENERATED_PROVINCE_CODE, commune: communeCode(1, N), village: `${communeCode(1, N)}-01` };
			const grants = generatedAccounts.map((a) => ({ ...a, unitCode: unitCodes[a.level] }));
			for (const a of grants) {
				const userId = await scalar<string | null>(`SELECT id FROM users WHERE username = ${lit(a.username)}`);
				if (userId)
					await run(`INSERT INTO role_grants (user_id, role, unit_id) SELECT ${lit(userId)}::uuid, ${lit(a.role)}, id FROM units WHERE code = ${lit(a.unitCode)} ON CONFLICT DO NOTHING`);
				else
					await createUser(
						{ db: tx, actor: systemActor },
						{ username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, locale: 'vi', roles: [{ role: a.role, unitCode: a.unitCode }] }
					);
				accounts.push(a.username);
			}
		}

		const summary: GenerateSummary = {
			province: GENERATED_PROVINCE_CODE,
			communes: C,
			villages: N,
			households: H,
			classifications: H > 0 ? GENERATED_YEARS * H : 0,
			activities: A,
			activityCounts: counts,
			activityHouseholds: links,
			years: [Y0, Y],
			seed: S,
			accounts,
			seconds: 0
		};
		const provinceId = await scalar<string>(`SELECT id::text FROM units WHERE code = ${lit(GENERATED_PROVINCE_CODE)}`);
		await recordChange(tx, systemActor, {
			action: 'demo.generate',
			entityType: 'unit',
			entityId: provinceId,
			unitId: provinceId,
			after: { ...summary, asOf, replaced: Boolean(existing) }
		});
		say('Cập nhật thống kê của bảng / analysing the tables…');
		for (const table of ['units', 'households', 'household_classifications', 'activities', 'activity_counts', 'activity_households', 'household_reach', 'activity_month_totals', 'indicator_month_figures', 'reach_period_counts', 'reach_register_counts'])
			await run(`ANALYZE ${table}`);
		summary.seconds = Math.round((performance.now() - started) / 100) / 10;
		return summary;
	});
}
