import type { Db } from '../db/client';
import { systemActor, type Actor } from '../access/actor';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { parsePeriod, periodOf, today } from '../periods';
import { addDays, openReport, type ReportCtx } from '../modules/reports/reports.service';
import { acceptReport, approveReport, returnReport, saveReport, submitReport } from '../modules/reports/reports.workflow';
import type { ReportNarrative } from '../modules/reports/reports.tables';

/** Noon in Việt Nam on a calendar date, as the clock of a demo step. */
const at = (date: string) => () => new Date(`${date}T12:00:00+07:00`);

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
	},
	'2026Q3': {
		results: 'Quý III, xã tổ chức hội thi tìm hiểu chính sách giảm nghèo giữa các thôn và đăng tin bài về các mô hình sinh kế trên trang thông tin của xã.',
		shortcomings: 'Thôn Trung Hòa và Thôn Bái Xuân chưa gửi báo cáo tháng 9.',
		causes: 'Trưởng thôn mới thay, chưa quen cách gửi báo cáo.',
		proposals: 'Xã cử cán bộ hướng dẫn trực tiếp hai thôn trong tháng 10.'
	}
};

function plans(now: string): Plan[] {
	const commune = { edit: 'canbo.habinh', approve: 'chutich.habinh', above: 'tinh.thanhhoa' };
	const out: Plan[] = [];
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
	// July and August from four villages, submitted; September not yet in.
	for (const m of ['07', '08'])
		for (const v of villages.slice(0, 4))
			out.push({ form: 'village_monthly', unit: v, period: `2026-${m}`, by: { edit: villageHead(v), approve: villageHead(v), above: 'canbo.habinh' }, until: 'submitted' });
	out.push({
		form: 'commune_quarterly',
		unit: '16108',
		period: '2026Q3',
		by: commune,
		narrative: habinhQuarter['2026Q3'],
		manual: { communicators_network: 21 },
		missingNote: 'Thôn Trung Hòa, Thôn Bái Xuân chưa gửi báo cáo tháng 7, 8, 9; Thôn Đông Sơn, Tây Sơn, Bình Lâm, Yên Thịnh chưa gửi tháng 9. Xã đã nhắc các thôn gửi bổ sung.',
		until: 'submitted'
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
 * accepted reports for the first half of 2026 (the villages' from April), the third quarter submitted, a village report
 * returned with a comment and this quarter's draft; Đa Quyn with a quarter sent late.
 */
export async function seedReports(db: Db): Promise<void> {
	const actors = new Map<string, Actor>([['system', systemActor]]);
	const as = async (username: string) => {
		if (!actors.has(username)) actors.set(username, await actorForUser(db, await getUserByUsername(db, username), 'session'));
		return actors.get(username)!;
	};
	const now = today();
	for (const p of plans(now)) {
		const period = parsePeriod(p.period)!;
		const ctx = async (who: string, date: string): Promise<ReportCtx> => ({ db, actor: await as(who), now: at(date < now ? date : now) });
		const dueOn = addDays(period.to, p.form === 'village_monthly' ? 3 : p.form === 'commune_quarterly' ? 7 : 15);
		const sendOn = p.today ? now : p.late ? addDays(dueOn, 13) : addDays(dueOn, -2);
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
