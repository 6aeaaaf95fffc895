import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { units } from '../modules/units/units.tables';
import { plans } from '../modules/plans/plans.tables';
import { householdClassifications, households } from '../modules/households/households.tables';
import { addEvidence, saveActivity, verifyActivity } from '../modules/activities/activities.service';
import { planThemes } from '../modules/activities/activities.checks';
import { bandedPng } from '../modules/activities/activities.images';
import type { ActivityInputFields, EvidenceUpload } from '../modules/activities/activities.schemas';

/**
 * A season of communication in Hà Bình and Đa Quyn, 2026: monthly loudspeaker bulletins, policy
 * dialogues with counts by group and the households who came, home visits by the village head, a
 * training course, leaflet handouts, a contest, posts online; verified, done and planned; some
 * with photos and costs by funding source, most tied to the commune's 2026 plan and its themes.
 * Several villages are left without any named household reached, so "not reached yet" shows.
 * Each activity is recorded as of the day after it happened, by the account that would record it.
 */
export async function seedActivities(db: Db): Promise<void> {
	const actors = new Map<string, Awaited<ReturnType<typeof actorForUser>>>();
	const as = async (username: string) => {
		if (!actors.has(username)) actors.set(username, await actorForUser(db, await getUserByUsername(db, username), 'system'));
		return actors.get(username)!;
	};
	const dayAfter = (date: string) => () => new Date(new Date(`${date}T10:00:00+07:00`).getTime() + 24 * 3600 * 1000);

	const planOf = async (unitCode: string, year: number) => {
		const [row] = await db
			.select({ id: plans.id, document: plans.document })
			.from(plans)
			.innerJoin(units, eq(units.id, plans.unitId))
			.where(and(eq(units.code, unitCode), eq(plans.periodFrom, year), inArray(plans.status, ['draft', 'submitted', 'approved', 'issued'])))
			.limit(1);
		return row ? { id: row.id, themes: planThemes(row.document) } : null;
	};
	/** Households of a village in a 2026 category, in a stable order. */
	const householdsOf = async (villageCode: string, categories: string[]) =>
		(
			await db
				.select({ id: households.id })
				.from(households)
				.innerJoin(units, eq(units.id, households.unitId))
				.innerJoin(householdClassifications, and(eq(householdClassifications.householdId, households.id), eq(householdClassifications.year, 2026)))
				.where(and(eq(units.code, villageCode), inArray(householdClassifications.category, categories)))
				.orderBy(asc(households.headNameNorm), asc(households.id))
		).map((r) => r.id);

	const photo = (seed: number): EvidenceUpload => ({
		kind: 'photo',
		name: `anh-hoat-dong-${seed}.png`,
		caption: null,
		bytes: bandedPng(96, 64, [
			[40 + ((seed * 37) % 160), 90, 60],
			[200, 170 - ((seed * 23) % 90), 40],
			[30, 60, 120 + ((seed * 11) % 120)]
		])
	});

	interface Entry {
		by: string;
		fields: ActivityInputFields;
		verifyBy?: string;
		evidence?: EvidenceUpload[];
	}
	const record = async (e: Entry) => {
		const id = randomUUID();
		const actor = await as(e.by);
		await saveActivity({ db, actor, now: dayAfter(e.fields.date) }, id, e.fields, 'demo');
		for (const ev of e.evidence ?? []) await addEvidence({ db, actor }, id, randomUUID(), ev);
		if (e.verifyBy) await verifyActivity({ db, actor: await as(e.verifyBy), now: dayAfter(addDays(e.fields.date, 3)) }, id);
	};

	const habinhPlan = await planOf('16108', 2026);
	const daquynPlan = await planOf('24997', 2026);
	const provincePlan = await planOf('38', 2026);
	const theme = (plan: { themes: string[] } | null, i: number) => (plan && plan.themes[i] ? [plan.themes[i]] : []);
	const served = (plan: { id: string; themes: string[] } | null, i: number) => (plan ? { plan: plan.id, themes: theme(plan, i) } : {});

	// Thanh Hóa: the province's own conference that opened the year's work.
	await record({
		by: 'tinh.thanhhoa',
		fields: {
			unit: '38',
			channel: 'conference',
			...served(provincePlan, 0),
			title: 'Hội nghị triển khai công tác truyền thông giảm nghèo năm 2026',
			place: 'Hội trường Sở, thành phố Thanh Hóa',
			date: '2026-02-05',
			startTime: '08:00',
			endTime: '11:30',
			organiser: 'Sở Nông nghiệp và Môi trường',
			audiences: ['cadre', 'poverty_staff'],
			counts: { cadre: 64, poverty_staff: 38 },
			cost: 18_500_000,
			costs: [{ source: 'central_programme', amount: 18_500_000 }],
			status: 'done'
		}
	});

	// Monthly loudspeaker bulletins in both communes: done, verified up to September.
	const months = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11'];
	for (const [i, m] of months.entries()) {
		const verified = Number(m) <= 9;
		await record({
			by: 'canbo.habinh',
			verifyBy: verified ? 'chutich.habinh' : undefined,
			fields: {
				unit: '16108',
				coveredUnits: ['16108-01', '16108-02', '16108-03', '16108-04', '16108-05', '16108-06'],
				channel: 'loudspeaker',
				...served(habinhPlan, i % 3),
				title: `Bản tin giảm nghèo tháng ${Number(m)} trên loa truyền thanh xã`,
				place: 'Đài truyền thanh xã Hà Bình, phát tới 6 thôn',
				date: `2026-${m}-${i % 2 ? '12' : '06'}`,
				startTime: '17:30',
				endTime: '17:45',
				organiser: 'Công chức Văn hóa – Xã hội',
				audiences: ['general_public'],
				status: 'done'
			}
		});
		await record({
			by: 'canbo.daquyn',
			verifyBy: verified ? 'canbo.daquyn' : undefined,
			fields: {
				unit: '24997',
				coveredUnits: ['24997-01', '24997-02', '24997-03', '24997-04', '24997-05', '24997-06', '24997-07'],
				channel: 'loudspeaker',
				...served(daquynPlan, (i + 1) % 3),
				title: `Chuyên mục “Cùng nhau thoát nghèo” tháng ${Number(m)}`,
				place: 'Loa truyền thanh xã Đa Quyn và các cụm loa thôn',
				date: `2026-${m}-${i % 2 ? '20' : '15'}`,
				startTime: '06:00',
				endTime: '06:15',
				organiser: 'Ban Văn hóa – Xã hội xã',
				audiences: ['general_public', 'ethnic_minority'],
				status: 'done'
			}
		});
	}

	// Hà Bình: a policy dialogue in Thôn Bình Lâm, with the households who came.
	const binhLam = [...(await householdsOf('16108-03', ['poor'])), ...(await householdsOf('16108-03', ['near_poor']))].slice(0, 9);
	await record({
		by: 'canbo.habinh',
		verifyBy: 'chutich.habinh',
		fields: {
			unit: '16108',
			coveredUnits: ['16108-03'],
			channel: 'dialogue',
			...served(habinhPlan, 1),
			title: 'Đối thoại chính sách giảm nghèo với người dân Thôn Bình Lâm',
			description: 'Chủ tịch UBND xã trả lời câu hỏi về vay vốn ưu đãi, hỗ trợ nhà ở và học nghề; ghi nhận 7 kiến nghị.',
			place: 'Nhà văn hóa Thôn Bình Lâm',
			date: '2026-05-14',
			startTime: '14:00',
			endTime: '16:30',
			organiser: 'UBND xã Hà Bình',
			responsible: 'Phạm Quốc Hưng',
			audiences: ['poor', 'near_poor', 'escaped'],
			counts: { poor: 6, near_poor: 3, escaped: 2, other: 17 },
			households: binhLam,
			materials: [{ label: 'Tờ gấp “Chính sách hỗ trợ hộ nghèo năm 2026”', printed: 60, handedOut: 28 }],
			cost: 2_500_000,
			costs: [
				{ source: 'central_programme', amount: 2_000_000 },
				{ source: 'local_budget', amount: 500_000 }
			],
			status: 'done'
		},
		evidence: [{ ...photo(1), caption: 'Người dân đặt câu hỏi tại buổi đối thoại' }, { ...photo(2), caption: 'Chủ tịch UBND xã trả lời kiến nghị' }]
	});

	// Hà Bình: the village head of Đông Sơn visits poor households at home.
	const dongSon = await householdsOf('16108-01', ['poor', 'near_poor']);
	for (const [i, date] of ['2026-03-18', '2026-06-24', '2026-09-16', '2026-11-04'].entries()) {
		const visited = dongSon.slice(i * 2, i * 2 + 3);
		await record({
			by: 'truongthon.habinh',
			verifyBy: i < 3 ? 'canbo.habinh' : undefined,
			fields: {
				unit: '16108-01',
				channel: 'home_visit',
				...served(habinhPlan, 2),
				title: `Thăm và tuyên truyền tại hộ, đợt ${i + 1}`,
				description: 'Hướng dẫn đăng ký học nghề và vay vốn, phát tờ gấp, ghi lại khó khăn của hộ.',
				place: 'Thôn Đông Sơn',
				date,
				organiser: 'Ban nhân dân Thôn Đông Sơn',
				responsible: 'Hoàng Văn Sơn',
				audiences: ['poor', 'near_poor'],
				counts: { poor: Math.min(2, visited.length), near_poor: Math.max(0, visited.length - 2) },
				households: visited,
				materials: [{ label: 'Tờ gấp chính sách', printed: null, handedOut: visited.length }],
				status: 'done'
			},
			evidence: i === 0 ? [{ ...photo(3), caption: 'Trưởng thôn trò chuyện với một hộ' }] : []
		});
	}

	// Hà Bình: training for village heads and communicators.
	await record({
		by: 'canbo.habinh',
		verifyBy: 'chutich.habinh',
		fields: {
			unit: '16108',
			channel: 'training',
			...served(habinhPlan, 3),
			title: 'Tập huấn kỹ năng truyền thông giảm nghèo cho trưởng thôn và tuyên truyền viên',
			place: 'Hội trường UBND xã Hà Bình',
			date: '2026-04-08',
			startTime: '07:30',
			endTime: '16:30',
			organiser: 'UBND xã Hà Bình',
			responsible: 'Trần Văn Bình',
			audiences: ['village_head', 'poverty_staff', 'cadre'],
			counts: { village_head: 6, poverty_staff: 5, cadre: 9 },
			materials: [{ label: 'Tài liệu tập huấn', printed: 25, handedOut: 20 }],
			cost: 4_800_000,
			costs: [{ source: 'central_programme', amount: 4_800_000 }],
			status: 'done'
		},
		evidence: [{ ...photo(4), caption: 'Lớp tập huấn buổi sáng' }]
	});

	// Hà Bình: leaflets handed out in the two remote villages (done, waiting for verification).
	await record({
		by: 'canbo.habinh',
		fields: {
			unit: '16108',
			coveredUnits: ['16108-05', '16108-06'],
			channel: 'leaflet',
			...served(habinhPlan, 0),
			title: 'Phát tờ gấp chính sách tại Thôn Trung Hòa và Thôn Bái Xuân',
			place: 'Các buổi họp thôn',
			date: '2026-10-20',
			organiser: 'Hội Phụ nữ xã',
			audiences: ['poor', 'near_poor', 'general_public'],
			counts: { poor: 11, near_poor: 8, other: 64 },
			materials: [{ label: 'Tờ gấp “Những điều cần biết về giảm nghèo bền vững”', printed: 300, handedOut: 240 }],
			cost: 1_650_000,
			costs: [{ source: 'local_budget', amount: 1_650_000 }],
			status: 'done'
		}
	});

	// Hà Bình: a contest on poverty-reduction policy around National Day.
	await record({
		by: 'canbo.habinh',
		verifyBy: 'chutich.habinh',
		fields: {
			unit: '16108',
			channel: 'contest',
			...served(habinhPlan, 4),
			title: 'Hội thi “Tìm hiểu chính sách giảm nghèo” giữa các thôn',
			place: 'Sân vận động xã',
			date: '2026-08-30',
			startTime: '19:30',
			endTime: '22:00',
			organiser: 'Đoàn Thanh niên xã',
			audiences: ['general_public'],
			counts: { poor: 14, near_poor: 9, escaped: 5, other: 180 },
			cost: 6_000_000,
			costs: [
				{ source: 'local_budget', amount: 3_000_000 },
				{ source: 'socialised', amount: 3_000_000 }
			],
			status: 'done'
		},
		evidence: [{ ...photo(5), caption: 'Đội Thôn Yên Thịnh nhận giải nhất' }, { kind: 'link', url: 'https://habinh.thanhhoa.gov.vn/tin-tuc/hoi-thi-giam-ngheo-2026', caption: 'Tin bài trên cổng thông tin xã' }]
	});

	// Hà Bình: online posts, and what is still planned for December.
	await record({
		by: 'canbo.habinh',
		fields: {
			unit: '16108',
			channel: 'facebook',
			...served(habinhPlan, 5),
			title: 'Bài viết về mô hình nuôi bò sinh sản giúp 4 hộ thoát nghèo',
			date: '2026-11-10',
			organiser: 'Công chức Văn hóa – Xã hội',
			audiences: ['general_public'],
			status: 'done'
		}
	});
	for (const [title, date, channel, village] of [
		['Đối thoại chính sách với người dân Thôn Tây Sơn', '2026-12-10', 'dialogue', '16108-02'],
		['Bản tin tổng kết công tác giảm nghèo năm 2026', '2026-12-28', 'loudspeaker', null]
	] as const) {
		await record({
			by: 'canbo.habinh',
			fields: {
				unit: '16108',
				coveredUnits: village ? [village] : [],
				channel,
				...served(habinhPlan, 1),
				title,
				date,
				organiser: 'UBND xã Hà Bình',
				audiences: ['poor', 'near_poor', 'general_public'],
				status: 'planned'
			}
		});
	}

	// Đa Quyn: a dialogue in Kon Pang, home visits in Ta Ly, leaflets in two languages, a cultural evening, a training course.
	const konPang = (await householdsOf('24997-04', ['poor', 'near_poor'])).slice(0, 10);
	await record({
		by: 'canbo.daquyn',
		verifyBy: 'canbo.daquyn',
		fields: {
			unit: '24997',
			coveredUnits: ['24997-04'],
			channel: 'dialogue',
			...served(daquynPlan, 1),
			title: 'Đối thoại chính sách với đồng bào Thôn Kon Pang',
			description: 'Có người phiên dịch tiếng Cơ Ho; người dân hỏi về hỗ trợ đất sản xuất và giống cà phê.',
			place: 'Nhà sinh hoạt cộng đồng Thôn Kon Pang',
			date: '2026-07-16',
			startTime: '08:00',
			endTime: '11:00',
			organiser: 'UBND xã Đa Quyn',
			audiences: ['poor', 'near_poor', 'ethnic_minority'],
			counts: { poor: 7, near_poor: 3, other: 21 },
			households: konPang,
			cost: 3_200_000,
			costs: [
				{ source: 'central_programme', amount: 2_700_000 },
				{ source: 'socialised', amount: 500_000 }
			],
			status: 'done'
		},
		evidence: [{ ...photo(6), caption: 'Đối thoại tại nhà sinh hoạt cộng đồng' }]
	});
	const taLy = await householdsOf('24997-01', ['poor']);
	for (const [i, date] of ['2026-04-22', '2026-10-07'].entries()) {
		await record({
			by: 'canbo.daquyn',
			verifyBy: i === 0 ? 'canbo.daquyn' : undefined,
			fields: {
				unit: '24997-01',
				channel: 'home_visit',
				...served(daquynPlan, 2),
				title: `Tổ tuyên truyền đến từng hộ nghèo Thôn Ta Ly, đợt ${i + 1}`,
				place: 'Thôn Ta Ly',
				date,
				organiser: 'Hội Nông dân xã',
				audiences: ['poor'],
				counts: { poor: Math.min(3, taLy.length) },
				households: taLy.slice(i * 3, i * 3 + 3),
				status: 'done'
			}
		});
	}
	await record({
		by: 'canbo.daquyn',
		verifyBy: 'canbo.daquyn',
		fields: {
			unit: '24997',
			coveredUnits: ['24997-02', '24997-05'],
			channel: 'leaflet',
			...served(daquynPlan, 0),
			title: 'Phát tờ rơi song ngữ Việt – Cơ Ho về chính sách giảm nghèo',
			date: '2026-05-28',
			organiser: 'Công chức Văn hóa – Xã hội',
			audiences: ['ethnic_minority', 'poor'],
			counts: { poor: 12, other: 55 },
			materials: [{ label: 'Tờ rơi song ngữ', printed: 400, handedOut: 310 }],
			cost: 2_400_000,
			costs: [{ source: 'central_programme', amount: 2_400_000 }],
			status: 'done'
		}
	});
	await record({
		by: 'canbo.daquyn',
		fields: {
			unit: '24997',
			channel: 'contest',
			...served(daquynPlan, 4),
			title: 'Đêm văn nghệ cồng chiêng “Bản làng vươn lên”',
			place: 'Sân nhà văn hóa xã',
			date: '2026-11-14',
			startTime: '19:00',
			endTime: '21:30',
			organiser: 'Đoàn Thanh niên xã',
			audiences: ['general_public', 'ethnic_minority'],
			counts: { other: 260 },
			cost: 5_000_000,
			costs: [
				{ source: 'local_budget', amount: 2_000_000 },
				{ source: 'socialised', amount: 3_000_000 }
			],
			status: 'done'
		},
		evidence: [{ ...photo(7), caption: 'Đội cồng chiêng Thôn Bon Đơng' }]
	});
	await record({
		by: 'canbo.daquyn',
		fields: {
			unit: '24997',
			channel: 'training',
			...served(daquynPlan, 3),
			title: 'Bồi dưỡng kỹ năng cho tuyên truyền viên cơ sở',
			place: 'Hội trường UBND xã Đa Quyn',
			date: '2026-12-03',
			organiser: 'UBND xã Đa Quyn',
			audiences: ['village_head', 'organisation_head'],
			status: 'planned'
		}
	});
}

function addDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}
