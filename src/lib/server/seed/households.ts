import type { Db } from '../db/client';
import { systemActor } from '../access/actor';
import { createHouseholds } from '../modules/households/households.entry';
import { recordConsent } from '../modules/households/households.consent';
import { HouseholdCreateInput, type HouseholdCategory } from '../modules/households/households.schemas';

/**
 * Demo households: about twenty in every village of Hà Bình and Đa Quyn, with their category in
 * 2025 and 2026, some consents (one withdrawn) and one pair entered twice, flagged for review.
 * Every name, phone and ID number is invented; a generator with a fixed seed keeps them the same
 * on every start, so tests and screenshots can rely on them.
 */

interface DemoVillage {
	code: string;
	/** Province code that starts the invented ID numbers (038 Thanh Hóa, 068 Lâm Đồng). */
	idPrefix: string;
	people: 'kinh' | 'highland';
}

const villages: DemoVillage[] = [
	...['16108-01', '16108-02', '16108-03', '16108-04', '16108-05', '16108-06'].map((code) => ({ code, idPrefix: '038', people: 'kinh' as const })),
	...['24997-01', '24997-02', '24997-03', '24997-04', '24997-05', '24997-06', '24997-07'].map((code) => ({ code, idPrefix: '068', people: 'highland' as const }))
];

const kinh = {
	family: ['Nguyễn', 'Lê', 'Trần', 'Phạm', 'Hoàng', 'Đỗ', 'Vũ', 'Bùi', 'Đặng', 'Ngô', 'Trịnh', 'Mai', 'Lương', 'Hà'],
	male: ['Văn An', 'Văn Bình', 'Đình Cường', 'Văn Dũng', 'Hữu Hải', 'Văn Hùng', 'Xuân Khánh', 'Văn Long', 'Đình Nam', 'Hữu Phúc', 'Minh Quang', 'Văn Sơn', 'Văn Thắng', 'Xuân Toàn'],
	female: ['Thị Lan', 'Thị Hoa', 'Thị Hương', 'Thị Mai', 'Thị Nga', 'Thị Oanh', 'Thị Phượng', 'Thị Thu', 'Thị Yến', 'Thị Hạnh', 'Thị Liên', 'Thị Hồng']
};

const highland = {
	male: ['K’ Brơi', 'K’ Điểu', 'K’ Sa', 'K’ Jăn', 'K’ Tơr', 'K’ Dũ', 'Touneh Hàn', 'Bơ Nah Ya Loan', 'Ma Ngọc', 'K’ Thoi', 'Liêng Hót Ha', 'Ya Tiến'],
	female: ['Ka Hoa', 'Ka Linh', 'Ka H’Ren', 'Ka Sinh', 'Ka Phương', 'Ka Thi', 'Ya Thuận', 'Ka Điệp', 'Ka Bruk', 'Ka Đơm'],
	kinhFamily: ['Nguyễn', 'Trần', 'Phan', 'Võ', 'Huỳnh']
};

/** Small deterministic generator (mulberry32): the same demo data on every start. */
function generator(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
	return { next, int, pick };
}

const informationIndicators = ['telecom_use', 'information_means'];
const otherIndicators = ['employment', 'dependants', 'nutrition', 'health_insurance', 'adult_education', 'child_schooling', 'housing_quality', 'housing_area', 'drinking_water', 'sanitation'];

function lackingFor(category: HouseholdCategory, rnd: ReturnType<typeof generator>): string[] {
	if (category === 'none' || category === 'escaped') return rnd.next() < 0.2 ? [rnd.pick(otherIndicators)] : [];
	const out = new Set<string>();
	const count = category === 'poor' ? rnd.int(2, 5) : rnd.int(1, 3);
	while (out.size < count) out.add(rnd.pick(otherIndicators));
	// Information poverty is what communication work answers: many demo households lack it.
	if (rnd.next() < 0.6) out.add(rnd.pick(informationIndicators));
	return [...out];
}

function categoryFor(rnd: ReturnType<typeof generator>): HouseholdCategory {
	const r = rnd.next();
	return r < 0.3 ? 'poor' : r < 0.55 ? 'near_poor' : r < 0.7 ? 'escaped' : 'none';
}

/** The next year's category: some poor households escape, some near-poor fall back. */
function nextCategory(previous: HouseholdCategory, rnd: ReturnType<typeof generator>): HouseholdCategory {
	const r = rnd.next();
	if (previous === 'poor') return r < 0.3 ? 'escaped' : r < 0.45 ? 'near_poor' : 'poor';
	if (previous === 'near_poor') return r < 0.25 ? 'escaped' : r < 0.35 ? 'poor' : 'near_poor';
	if (previous === 'escaped') return r < 0.6 ? 'none' : 'escaped';
	return r < 0.05 ? 'near_poor' : 'none';
}

/** The household every demo and test can find: "Nguyễn Văn An" of Thôn Đông Sơn, Hà Bình. */
export const DEMO_HOUSEHOLD = { villageCode: '16108-01', headName: 'Nguyễn Văn An', birthYear: 1968 } as const;

/** The pair entered twice, flagged as possible duplicates (Thôn Tây Sơn, Hà Bình). */
export const DEMO_DUPLICATE = { villageCode: '16108-02', headName: 'Lê Thị Hồng', birthYear: 1972 } as const;

/**
 * Loads the demo households through the entry service (valid, audited, duplicate-checked), all in
 * one call: entering them one by one costs seconds on every start of a fresh demo server.
 */
export async function seedHouseholds(db: Db): Promise<void> {
	const ctx = { db, actor: systemActor };
	const inputs: HouseholdCreateInput[] = [];
	const withdrawals: number[] = [];
	const taken = new Set<string>();
	for (const [vi, village] of villages.entries()) {
		const rnd = generator(4000 + vi);
		for (let i = 0; i < 20; i++) {
			const female = rnd.next() < 0.4;
			const birthYear = rnd.int(1945, 1995);
			let headName: string;
			if (village.people === 'kinh') headName = `${rnd.pick(kinh.family)} ${rnd.pick(female ? kinh.female : kinh.male)}`;
			else headName = rnd.next() < 0.2 ? `${rnd.pick(highland.kinhFamily)} ${rnd.pick(female ? kinh.female : kinh.male)}` : rnd.pick(female ? highland.female : highland.male);
			let fields: { headName: string; birthYear: number; sex: 'male' | 'female' } = { headName, birthYear, sex: female ? 'female' : 'male' };
			if (vi === 0 && i === 0) fields = { headName: DEMO_HOUSEHOLD.headName, birthYear: DEMO_HOUSEHOLD.birthYear, sex: 'male' };
			if (vi === 1 && (i === 0 || i === 7)) fields = { headName: DEMO_DUPLICATE.headName, birthYear: DEMO_DUPLICATE.birthYear, sex: 'female' };
			// Only the pair above may look alike: a chance namesake of the same age gets another birth year.
			else while (taken.has(`${village.code}|${fields.headName}|${fields.birthYear}`)) fields.birthYear++;
			taken.add(`${village.code}|${fields.headName}|${fields.birthYear}`);
			const highlander = village.people === 'highland' && !/^(Nguyễn|Trần|Phan|Võ|Huỳnh) /.test(fields.headName);
			const ethnicity = village.people === 'kinh' ? 'Kinh' : highlander ? (/^(Touneh|Bơ Nah|Ya |Ma )/.test(fields.headName) ? 'Chu Ru' : 'Cơ Ho') : 'Kinh';
			const category = categoryFor(rnd);
			const next = nextCategory(category, rnd);
			const hasPhone = rnd.next() < 0.7;
			const consents = hasPhone && rnd.next() < 0.55;
			const channels = rnd.next() < 0.5 ? ['sms', 'zalo'] : ['zalo'];
			if (consents && rnd.next() < 0.08) withdrawals.push(inputs.length);
			const centuryAndSex = (female ? 1 : 0) + (fields.birthYear >= 2000 ? 2 : 0);
			inputs.push(
				HouseholdCreateInput.parse({
					villageCode: village.code,
					...fields,
					idNumber: rnd.next() < 0.6 ? `${village.idPrefix}${centuryAndSex}${String(fields.birthYear).slice(2)}${String(rnd.int(0, 999999)).padStart(6, '0')}` : null,
					address: `Xóm ${rnd.int(1, 6)}`,
					members: rnd.int(1, 8),
					ethnicity,
					language: ethnicity === 'Kinh' ? 'Tiếng Việt' : `Tiếng ${ethnicity}`,
					phone: hasPhone ? `0${rnd.pick(['3', '5', '7', '8', '9'])}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}` : null,
					classifications: [
						{ year: 2025, category, lacking: lackingFor(category, rnd) },
						{ year: 2026, category: next, lacking: lackingFor(next, rnd) }
					],
					consent: consents ? { granted: true, channels, note: 'Đồng ý tại cuộc họp thôn' } : undefined
				})
			);
		}
	}
	const { rows } = await createHouseholds(ctx, inputs, { source: 'demo' });
	// A few households later asked to receive no more messages: the newest record, a withdrawal, decides.
	for (const index of withdrawals) await recordConsent(ctx, rows[index].household.id, { granted: false, channels: [], note: 'Hộ xin thôi nhận tin nhắn' });
}
