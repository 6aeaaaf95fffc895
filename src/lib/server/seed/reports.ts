import type { Db } from '../db/client';
import { systemActor, type Actor } from '../access/actor';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { parsePeriod, periodOf, previousPeriod, today, type Period } from '../periods';
import { addDays, openReport, type ReportCtx } from '../modules/reports/reports.service';
import { acceptReport, approveReport, returnReport, saveReport, submitReport } from '../modules/reports/reports.workflow';
import type { ReportNarrative } from '../modules/reports/reports.tables';

/** Noon in Việt Nam on a calendar date, as the clock of a demo step. */
const noonOf = (date: string) => () => new Date(`${date}T12:00:00+07:00`);

interface Plan {
	form: string;
	unit: string;
	period: string;
	/** Who writes and submits, approves, and the level above; `system` where the demo has no account. */
	by: { edit: string; approve: string; above: string };
	narrative?: ReportNarrative;
	manual?: Record<string, number>;
	missingNote?: string;
	/** How far it goes; `late` submits two weeks after the due day. */
	until: 'draft' | 'submitted' | 'accepted' | 'returned';
	late?: boolean;
	/** The day it is sent, when not two days before the due day (or two weeks after, when late). */
	sendOn?: string;
	/** Every step today (a report of the current period). */
	today?: boolean;
	returnComment?: string;
}

/** Said when a commune sends its report before every village's is in the system. */
const defaultMissingNote = 'Một số thôn báo cáo bằng giấy hoặc qua điện thoại, xã đã tổng hợp số liệu; báo cáo trên hệ thống sẽ được gửi bổ sung.';

const villages = ['16108-01', '16108-02', '16108-03', '16108-04', '16108-05', '16108-06'];
const villageHead = (code: string) => (code === '16108-01' ? 'truongthon.habinh' : 'system');

// The commune's own words; figures and names are invented for the demonstration.
const habinhQuarter: Record<string, ReportNarrative> = {
	'2026Q1': {
		results:
			'Quý I, xã tổ chức hội nghị triển khai công tác truyền thông giảm nghèo năm 2026, phát bản tin hằng tuần trên loa của 6 thôn và mở đợt đối thoại chính sách đầu tiên ở Thôn Đông Sơn. Các thôn gửi báo cáo tháng bằng giấy đúng hạn.',
		shortcomings: 'Loa ở Thôn Bái Xuân hỏng hai tuần trong tháng 2 nên bản tin không đến được các hộ cuối thôn.',
		causes: 'Thiết bị cũ, kinh phí sửa chữa phải chờ bổ sung dự toán.',
		proposals: 'Đề nghị tỉnh hỗ trợ thay cụm loa cho Thôn Bái Xuân trong quý II.'
	},
	'2026Q2': {
		results:
			'Quý II, các thôn tiếp tục đối thoại với hộ nghèo về vay vốn và học nghề; xã phát tờ gấp về chính sách hỗ trợ nhà ở và tổ chức một lớp tập huấn kỹ năng truyền thông cho trưởng thôn.',
		shortcomings: 'Số hộ cận nghèo tham gia đối thoại còn ít so với hộ nghèo.',
		causes: 'Buổi đối thoại trùng mùa gặt, nhiều hộ vắng nhà.',
		proposals: 'Dời lịch đối thoại quý III sang buổi tối và thông báo trước qua nhóm Zalo của thôn.'
	}
};

type Recent = 'on_time' | 'late' | 'draft' | 'none';

// How each village reported on the five months before the present one, oldest first: some on
// time, some late, some not at all, so completeness and the reminders have something to show.
const recentHabinh: Record<string, Recent[]> = {
	'16108-01': ['on_time', 'on_time', 'on_time', 'on_time', 'on_time'],
	'16108-02': ['on_time', 'on_time', 'on_time', 'late', 'on_time'],
	'16108-03': ['on_time', 'late', 'late', 'on_time', 'draft'],
	'16108-04': ['late', 'on_time', 'on_time', 'none', 'none'],
	'16108-05': ['on_time', 'on_time', 'on_time', 'on_time', 'on_time'],
	'16108-06': ['on_time', 'on_time', 'on_time', 'late', 'none']
};
const recentDaquyn: Record<string, Recent[]> = {
	'24997-01': ['on_time', 'on_time', 'on_time', 'on_time', 'on_time'],
	'24997-02': ['on_time', 'on_time', 'on_time', 'late', 'draft']
};

const villageNarrative: ReportNarrative = {
	results: 'Loa của thôn phát bản tin chính sách giảm nghèo vào sáng thứ Hai và thứ Năm hằng tuần.\n- Trưởng thôn đến từng hộ nghèo nhắc lịch họp bàn về vốn vay ưu đãi.',
	shortcomings: 'Cụm loa cuối thôn hay mất tín hiệu khi trời mưa.',
	causes: 'Dây dẫn cũ, chưa có kinh phí thay.',
	proposals: 'Xin xã hỗ trợ thay đoạn dây loa cuối thôn trong quý tới.'
};

// Hà Bình's report on the quarter before the present one, sent on time.
const lastQuarterNarrative: ReportNarrative = {
	results:
		'Các thôn duy trì phát bản tin giảm nghèo trên loa hai buổi mỗi tuần; xã tổ chức đối thoại với hộ nghèo về tín dụng chính sách và học nghề.\n- Trang thông tin của xã đăng tin về kết quả rà soát hộ nghèo.\n- Tờ gấp về chính sách hỗ trợ nhà ở được phát đến các hộ trong danh sách.',
	shortcomings: 'Một số hộ đi làm ăn xa chưa được tiếp cận trực tiếp.\nThôn Yên Thịnh nộp báo cáo tháng chậm.',
	causes: 'Người lao động vắng nhà vào ban ngày; cán bộ thôn kiêm nhiệm nhiều việc.',
	proposals: 'Đề nghị tỉnh hướng dẫn cách đưa tin lên nhóm Zalo của thôn để người đi làm xa cũng nhận được.'
};

/** The village reports of the five months before `now`'s, as `recentHabinh` and `recentDaquyn` say. */
function recentVillagePlans(now: string): Plan[] {
	const months: Period[] = [];
	for (let p = previousPeriod(periodOf('month', now)), i = 0; i < 5; i++, p = previousPeriod(p)) months.unshift(p);
	const out: Plan[] = [];
	for (const [pattern, narrative] of [
		[recentHabinh, villageNarrative],
		[recentDaquyn, undefined]
	] as const)
		for (const [unit, byMonth] of Object.entries(pattern))
			months.forEach((period, i) => {
				const how = byMonth[i];
				if (how === 'none') return;
				const by = { edit: villageHead(unit), approve: villageHead(unit), above: unit.startsWith('16108') ? 'canbo.habinh' : 'canbo.daquyn' };
				// On time the day after the month ends; late two days after the due day (a draft until then).
				const sendOn = how === 'late' ? addDays(addDays(period.to, 3), 2) : addDays(period.to, 1);
				out.push({ form: 'village_monthly', unit, period: period.key, by, narrative, manual: { communicators_network: 2 }, until: how === 'draft' ? 'draft' : 'submitted', sendOn });
			});
	return out;
}

function plans(now: string): Plan[] {
	const commune = { edit: 'canbo.habinh', approve: 'chutich.habinh', above: 'tinh.thanhhoa' };
	// First the recent months, dated from today; the fixed history below skips what they wrote.
	const out: Plan[] = recentVillagePlans(now);
	// Village monthly reports from April (the villages began reporting in the system then), accepted by the commune.
	for (let m = 4; m <= 6; m++)
		for (const v of villages)
			out.push({
				form: 'village_monthly',
				unit: v,
				period: `2026-${String(m).padStart(2, '0')}`,
				by: { edit: villageHead(v), approve: villageHead(v), above: 'canbo.habinh' },
				narrative: { results: `Thôn phát bản tin trên loa và nhắc các hộ về lịch họp tháng ${m}.` },
				until: 'accepted'
			});
	out.push(
		{
			form: 'commune_quarterly',
			unit: '16108',
			period: '2026Q1',
			by: commune,
			narrative: habinhQuarter['2026Q1'],
			manual: { communicators_network: 18 },
			missingNote: 'Trong quý I các thôn báo cáo bằng giấy; từ tháng 4 các thôn báo cáo trên hệ thống.',
			until: 'accepted'
		},
		{ form: 'commune_quarterly', unit: '16108', period: '2026Q2', by: commune, narrative: habinhQuarter['2026Q2'], manual: { communicators_network: 21 }, until: 'accepted' }
	);
	// The quarter before this one, sent on time, so its DOCX and XLSX exports have something to show.
	const lastQuarter = previousPeriod(periodOf('quarter', now));
	out.push({
		form: 'commune_quarterly',
		unit: '16108',
		period: lastQuarter.key,
		by: commune,
		narrative: lastQuarterNarrative,
		manual: { communicators_network: 14 },
		missingNote: 'Thôn Yên Thịnh chưa gửi đủ báo cáo tháng; xã đã nhắc qua điện thoại.',
		until: 'submitted',
		sendOn: addDays(lastQuarter.to, 3)
	});
	// This month's report of Thôn Đông Sơn, sent early and returned by the commune today.
	out.push({
		form: 'village_monthly',
		unit: '16108-01',
		period: periodOf('month', now).key,
		by: { edit: 'truongthon.habinh', approve: 'truongthon.habinh', above: 'canbo.habinh' },
		narrative: { results: 'Thôn họp dân phổ biến chính sách hỗ trợ nhà ở; trưởng thôn đến thăm các hộ nghèo chưa dự họp.' },
		until: 'returned',
		today: true,
		returnComment: 'Thôn ghi thiếu số hộ nghèo dự họp; đề nghị bổ sung rồi gửi lại.'
	});
	// Đa Quyn: the first quarter on time, the second sent late.
	const daquyn = { edit: 'canbo.daquyn', approve: 'system', above: 'system' };
	out.push(
		{
			form: 'commune_quarterly',
			unit: '24997',
			period: '2026Q1',
			by: daquyn,
			narrative: { results: 'Xã phát bản tin song ngữ Việt – K’Ho trên loa các thôn và tổ chức đối thoại ở Thôn Ta Ly.' },
			missingNote: 'Các thôn chưa dùng báo cáo tháng trên hệ thống; số liệu do xã tổng hợp.',
			until: 'accepted'
		},
		{
			form: 'commune_quarterly',
			unit: '24997',
			period: '2026Q2',
			by: daquyn,
			narrative: { results: 'Xã tổ chức hai buổi đối thoại về vay vốn trồng cà phê.', shortcomings: 'Báo cáo gửi chậm do cán bộ đi tập huấn.' },
			missingNote: 'Các thôn chưa dùng báo cáo tháng trên hệ thống.',
			until: 'submitted',
			late: true
		}
	);
	// This quarter's commune report, just started.
	const current = periodOf('quarter', now);
	if (!out.some((p) => p.unit === '16108' && p.period === current.key))
		out.push({
			form: 'commune_quarterly',
			unit: '16108',
			period: current.key,
			by: commune,
			narrative: { results: 'Đang tổng hợp kết quả của quý.' },
			until: 'draft'
		});
	return out;
}

/**
 * Periodic reports for the demo, through the report services: Hà Bình's villages and commune with
 * accepted reports for the first half of 2026 (the villages' from April); the villages of Hà Bình
 * (and two of Đa Quyn) on the five months before today's, on time, late, still a draft or missing,
 * so completeness and the reminders show late and missing reports; Hà Bình's report on the last
 * quarter submitted (for the exports), a village report returned with a comment and this quarter's
 * draft; Đa Quyn with a quarter sent late. `at` is the day the demo is dated from; a report already
 * there for the same form, unit and period is left as it is, so loading twice changes nothing.
 */
export async function seedReports(db: Db, at: Date = new Date()): Promise<void> {
	const actors = new Map<string, Actor>([['system', systemActor]]);
	const as = async (username: string) => {
		if (!actors.has(username)) actors.set(username, await actorForUser(db, await getUserByUsername(db, username), 'session'));
		return actors.get(username)!;
	};
	const now = today(at);
	for (const p of plans(now)) {
		const period = parsePeriod(p.period)!;
		const ctx = async (who: string, date: string): Promise<ReportCtx> => ({ db, actor: await as(who), now: noonOf(date < now ? date : now) });
		const dueOn = addDays(period.to, p.form === 'village_monthly' ? 3 : p.form === 'commune_quarterly' ? 7 : 15);
		const sendOn = p.sendOn ?? (p.today ? now : p.late ? addDays(dueOn, 13) : addDays(dueOn, -2));
		const { id, created } = await openReport(await ctx(p.by.edit, p.today ? now : addDays(period.to, -3)), { form: p.form, unit: p.unit, period: p.period });
		// A report the demo already holds (another part of the demo wrote it) is left as it is.
		if (!created) continue;
		let version = 1;
		if (p.narrative || p.manual) {
			const saved = await saveReport(await ctx(p.by.edit, p.today ? now : addDays(period.to, -1)), id, { version, narrative: p.narrative ?? {}, manualFigures: p.manual ?? {} });
			version = saved.version;
		}
		if (p.until === 'draft' || sendOn > now) continue;
		// The note is kept only when some village's report is not in.
		version = (await submitReport(await ctx(p.by.edit, sendOn), id, { version, missingNote: p.missingNote ?? defaultMissingNote })).version;
		if (p.until === 'submitted') continue;
		if (p.until === 'returned') {
			await returnReport(await ctx(p.by.above, p.today ? now : addDays(sendOn, 1)), id, { version, comment: p.returnComment ?? '' });
			continue;
		}
		version = (await approveReport(await ctx(p.by.approve, addDays(sendOn, 1)), id, { version })).version;
		await acceptReport(await ctx(p.by.above, addDays(sendOn, 3)), id, { version });
	}
}
