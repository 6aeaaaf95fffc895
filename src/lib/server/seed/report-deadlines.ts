import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { periodOf, previousPeriod, today, type Period } from '../periods';
import { units } from '../modules/units/units.tables';
import { users } from '../modules/users/users.tables';
import { reportForms, reports } from '../modules/reports/reports.tables';
import { addDays } from '../modules/reports/reports.completeness';

/**
 * Demo reports for completeness, reminders and exports, dated from the day the demo is loaded:
 * the villages of Hà Bình (and two of Đa Quyn) have reported on their last five months, some
 * on time, some late, some not at all; the latest month still has a draft and reports not
 * started, so the workspace shows reminders; Hà Bình's report on the last quarter is submitted
 * with its narrative, so the DOCX and XLSX exports have something to show. Written straight into
 * the tables (a report already there for the same form, unit and period is left as it is).
 */

type Plan = 'on_time' | 'late' | 'draft' | 'none';

// Per village, for the five months before the present one, oldest first.
const habinh: Record<string, Plan[]> = {
	'16108-01': ['on_time', 'on_time', 'on_time', 'on_time', 'on_time'],
	'16108-02': ['on_time', 'on_time', 'on_time', 'late', 'on_time'],
	'16108-03': ['on_time', 'late', 'late', 'on_time', 'draft'],
	'16108-04': ['late', 'on_time', 'on_time', 'none', 'none'],
	'16108-05': ['on_time', 'on_time', 'on_time', 'on_time', 'on_time'],
	'16108-06': ['on_time', 'on_time', 'on_time', 'late', 'none']
};
const daquyn: Record<string, Plan[]> = {
	'24997-01': ['on_time', 'on_time', 'on_time', 'on_time', 'on_time'],
	'24997-02': ['on_time', 'on_time', 'on_time', 'late', 'draft']
};

const villageNarrative = {
	results: 'Loa của thôn phát bản tin chính sách giảm nghèo vào sáng thứ Hai và thứ Năm hằng tuần.\n- Trưởng thôn đến từng hộ nghèo nhắc lịch họp bàn về vốn vay ưu đãi.',
	shortcomings: 'Cụm loa cuối thôn hay mất tín hiệu khi trời mưa.',
	causes: 'Dây dẫn cũ, chưa có kinh phí thay.',
	proposals: 'Xin xã hỗ trợ thay đoạn dây loa cuối thôn trong quý tới.'
};

const communeNarrative = {
	results:
		'Các thôn duy trì phát bản tin giảm nghèo trên loa hai buổi mỗi tuần; xã tổ chức đối thoại với hộ nghèo về tín dụng chính sách và học nghề.\n- Trang thông tin của xã đăng tin về kết quả rà soát hộ nghèo.\n- Tờ gấp về chính sách hỗ trợ nhà ở được phát đến các hộ trong danh sách.',
	shortcomings: 'Một số hộ đi làm ăn xa chưa được tiếp cận trực tiếp.\nThôn Yên Thịnh nộp báo cáo tháng chậm.',
	causes: 'Người lao động vắng nhà vào ban ngày; cán bộ thôn kiêm nhiệm nhiều việc.',
	proposals: 'Đề nghị tỉnh hướng dẫn cách đưa tin lên nhóm Zalo của thôn để người đi làm xa cũng nhận được.'
};

const vnMorning = (date: string) => new Date(`${date}T02:00:00Z`); // 09:00 in Việt Nam

/** Loads the demo reports; `at` is the day they are dated from. */
export async function seedReportDeadlines(db: Db, at: Date = new Date()): Promise<void> {
	const forms = await db.select().from(reportForms).where(inArray(reportForms.code, ['village_monthly', 'commune_quarterly']));
	const monthly = forms.find((f) => f.code === 'village_monthly');
	const quarterly = forms.find((f) => f.code === 'commune_quarterly');
	if (!monthly || !quarterly) return;
	const codes = [...Object.keys(habinh), ...Object.keys(daquyn), '16108'];
	const unitRows = await db.select({ id: units.id, code: units.code }).from(units).where(inArray(units.code, codes));
	const unitId = new Map(unitRows.map((u) => [u.code, u.id]));
	const user = async (username: string) => (await db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]?.id ?? null;
	const head = await user('truongthon.habinh');
	const officer = await user('canbo.habinh');
	const now = today(at);
	const clamp = (d: Date) => (d > at ? at : d);

	const current = periodOf('month', now);
	const months: Period[] = [];
	for (let p = previousPeriod(current), i = 0; i < 5; i++, p = previousPeriod(p)) months.unshift(p);
	const rows: (typeof reports.$inferInsert)[] = [];
	for (const [plans, village] of [
		[habinh, true],
		[daquyn, false]
	] as const)
		for (const [code, byMonth] of Object.entries(plans)) {
			const id = unitId.get(code);
			if (!id) continue;
			months.forEach((period, i) => {
				const plan = byMonth[i];
				if (plan === 'none') return;
				const dueOn = addDays(period.to, monthly.dueDays);
				const submittedAt = plan === 'on_time' ? clamp(vnMorning(addDays(period.to, 1))) : plan === 'late' ? clamp(vnMorning(addDays(dueOn, 2))) : null;
				// A late report dated after today is not late yet: leave it a draft.
				const submitted = submittedAt !== null && !(plan === 'late' && today(submittedAt) <= dueOn);
				rows.push({
					formCode: monthly.code,
					unitId: id,
					periodKey: period.key,
					status: submitted ? 'submitted' : 'draft',
					dueOn,
					submittedAt: submitted ? submittedAt : null,
					submittedBy: submitted && village && code === '16108-01' ? head : null,
					narrative: village ? villageNarrative : {},
					manualFigures: { communicators_network: 2 }
				});
			});
		}
	const quarter = previousPeriod(periodOf('quarter', now));
	const communeId = unitId.get('16108');
	if (communeId) {
		const dueOn = addDays(quarter.to, quarterly.dueDays);
		rows.push({
			formCode: quarterly.code,
			unitId: communeId,
			periodKey: quarter.key,
			status: 'submitted',
			dueOn,
			submittedAt: clamp(vnMorning(addDays(quarter.to, 3))),
			submittedBy: officer,
			narrative: communeNarrative,
			manualFigures: { communicators_network: 14 },
			missingNote: 'Thôn Yên Thịnh chưa gửi báo cáo tháng cuối quý; xã đã nhắc qua điện thoại.'
		});
	}
	if (rows.length) await db.insert(reports).values(rows).onConflictDoNothing();
}
