import { and, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { units } from '../modules/units/units.tables';
import { activities } from '../modules/activities/activities.tables';
import { bandedPng } from '../modules/activities/activities.images';
import { createAllocation, recordSpending, reviewSpending } from '../modules/budget/budget.service';

/**
 * Money of 2026 in Hà Bình and Đa Quyn (and the province's own conference): allocations from
 * several sources, each citing its decision; spending on demo activities with receipts, most
 * approved by the finance officer, one sent back for a wrong invoice, some still waiting. Dates
 * of spending fall outside the quarters whose reports the demo approves (those are locked).
 */
export async function seedBudget(db: Db): Promise<void> {
	const as = async (username: string) => actorForUser(db, await getUserByUsername(db, username), 'system');
	const [province, habinh, daquyn, finance, admin] = await Promise.all(['tinh.thanhhoa', 'canbo.habinh', 'canbo.daquyn', 'ketoan.habinh', 'admin'].map(as));
	const on = (date: string) => () => new Date(`${date}T09:00:00+07:00`);

	const allocations: [typeof habinh, string, string, number, string, string, string, string | null][] = [
		[province, '38', 'central_programme', 60_000_000, '235/QĐ-UBND', '2026-01-06', 'UBND tỉnh Thanh Hóa', 'Kinh phí hội nghị, tập huấn cấp tỉnh'],
		[habinh, '16108', 'central_programme', 45_000_000, '1127/QĐ-UBND', '2026-01-15', 'UBND tỉnh Thanh Hóa', 'Dự án truyền thông và giảm nghèo về thông tin'],
		[habinh, '16108', 'local_budget', 12_000_000, '18/QĐ-UBND', '2026-01-09', 'UBND xã Hà Bình', null],
		[habinh, '16108', 'legal_dissemination', 5_500_000, '52/QĐ-UBND', '2026-02-03', 'UBND xã Hà Bình', 'Phổ biến pháp luật về chính sách hỗ trợ hộ nghèo'],
		[habinh, '16108', 'socialised', 8_000_000, '09/QĐ-UBND', '2026-03-02', 'UBND xã Hà Bình', 'Đóng góp của các doanh nghiệp trên địa bàn cho hội thi'],
		[daquyn, '24997', 'central_programme', 38_000_000, '764/QĐ-UBND', '2026-01-21', 'UBND tỉnh Lâm Đồng', null],
		[daquyn, '24997', 'socialised', 4_000_000, '12/QĐ-UBND', '2026-04-02', 'UBND xã Đa Quyn', 'Ủng hộ của hợp tác xã cà phê cho đêm văn nghệ'],
		[daquyn, '24997', 'local_budget', 9_000_000, '07/QĐ-UBND', '2026-01-12', 'UBND xã Đa Quyn', 'Đối thoại và văn nghệ ở các thôn đồng bào dân tộc thiểu số']
	];
	for (const [actor, unit, source, amount, decisionNumber, decisionDate, decisionIssuer, note] of allocations)
		await createAllocation({ db, actor, now: on(decisionDate) }, { unit, year: 2026, source, amount, decisionNumber, decisionDate, decisionIssuer, note });

	const activityOf = async (unitCode: string, titleStart: string) => {
		const [row] = await db
			.select({ id: activities.id })
			.from(activities)
			.innerJoin(units, eq(units.id, activities.unitId))
			.where(and(sql`${units.path} LIKE (SELECT path FROM units WHERE code = ${unitCode}) || '%'`, like(activities.title, `${titleStart}%`)))
			.limit(1);
		return row?.id ?? null;
	};
	/** A receipt as a phone photographs it: a small scanned image (the lines say what it shows). */
	let scans = 0;
	const receipt = (title: string, _lines: string[]) => {
		const n = ++scans;
		return {
			name: `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${n}.png`,
			bytes: bandedPng(120, 160, [
				[245, 245, 240],
				[60 + n * 10, 60, 60],
				[245, 245, 240]
			])
		};
	};

	type Line = {
		by: typeof habinh;
		unit: string;
		activity: string;
		source: string;
		amount: number;
		spentOn: string;
		payee: string;
		description: string;
		receipt?: string[];
		review?: { by: typeof habinh; decision: 'approve' } | { by: typeof habinh; decision: 'correction'; note: string };
	};
	const lines: Line[] = [
		{ by: province, unit: '38', activity: 'Hội nghị triển khai', source: 'central_programme', amount: 18_500_000, spentOn: '2026-02-10', payee: 'Trung tâm Hội nghị tỉnh', description: 'Thuê hội trường, tài liệu và nước uống cho hội nghị triển khai', receipt: ['Hóa đơn GTGT số 0001842', 'Thuê hội trường và dịch vụ hội nghị: 18.500.000 đồng'], review: { by: admin, decision: 'approve' } },
		{ by: habinh, unit: '16108', activity: 'Hội thi “Tìm hiểu chính sách', source: 'socialised', amount: 3_000_000, spentOn: '2026-09-03', payee: 'Ban tổ chức hội thi', description: 'Giải thưởng cho ba đội thi đạt giải', receipt: ['Danh sách nhận giải có ký nhận', 'Giải nhất, nhì, ba: 3.000.000 đồng'], review: { by: finance, decision: 'approve' } },
		{ by: habinh, unit: '16108', activity: 'Hội thi “Tìm hiểu chính sách', source: 'local_budget', amount: 2_800_000, spentOn: '2026-09-03', payee: 'Hộ kinh doanh âm thanh Tuấn Phát', description: 'Âm thanh, sân khấu cho đêm chung kết', receipt: ['Hóa đơn bán hàng số 0000317', 'Thuê âm thanh, sân khấu: 2.800.000 đồng'], review: { by: finance, decision: 'approve' } },
		{ by: habinh, unit: '16108', activity: 'Phát tờ gấp chính sách', source: 'local_budget', amount: 1_650_000, spentOn: '2026-10-22', payee: 'Cơ sở in Hưng Thịnh', description: 'In 1.100 tờ gấp chính sách giảm nghèo', receipt: ['Hóa đơn bán hàng số 0000926', 'In tờ gấp 1.100 bản: 1.650.000 đồng'], review: { by: finance, decision: 'correction', note: 'Hóa đơn ghi sai tên đơn vị mua: đề nghị cơ sở in xuất lại hóa đơn mang tên UBND xã Hà Bình rồi tải lên.' } },
		{ by: habinh, unit: '16108', activity: 'Bài viết về mô hình nuôi bò', source: 'local_budget', amount: 400_000, spentOn: '2026-11-12', payee: 'Cộng tác viên viết bài', description: 'Nhuận bút bài viết trên trang thông tin điện tử xã' },
		{ by: daquyn, unit: '24997', activity: 'Đối thoại chính sách với đồng bào', source: 'local_budget', amount: 1_200_000, spentOn: '2026-07-17', payee: 'Người phiên dịch tiếng Cơ Ho', description: 'Phiên dịch buổi đối thoại', receipt: ['Giấy biên nhận tiền phiên dịch', '1.200.000 đồng'], review: { by: admin, decision: 'approve' } },
		{ by: daquyn, unit: '24997', activity: 'Đối thoại chính sách với đồng bào', source: 'central_programme', amount: 2_000_000, spentOn: '2026-07-17', payee: 'Nhà văn hóa Thôn Kon Pang', description: 'Hội trường, nước uống cho người dự', receipt: ['Phiếu thu số 14', '2.000.000 đồng'], review: { by: admin, decision: 'approve' } },
		{ by: daquyn, unit: '24997', activity: 'Đêm văn nghệ cồng chiêng', source: 'central_programme', amount: 4_500_000, spentOn: '2026-11-16', payee: 'Đội cồng chiêng Thôn Ta Ly', description: 'Bồi dưỡng diễn viên và thuê trang phục', receipt: ['Danh sách nhận tiền bồi dưỡng', '4.500.000 đồng'] }
	];
	for (const l of lines) {
		const activity = await activityOf(l.unit, l.activity);
		if (!activity) continue;
		const ctx = { db, actor: l.by, now: on(l.spentOn) };
		const { line } = await recordSpending(
			ctx,
			{ activity, source: l.source, amount: l.amount, spentOn: l.spentOn, payee: l.payee, description: l.description },
			{ receipts: l.receipt ? [receipt(`Chung tu ${l.spentOn}`, l.receipt)] : [] }
		);
		if (l.review)
			await reviewSpending({ db, actor: l.review.by, now: on(l.spentOn) }, line.id, l.review.decision === 'approve' ? { decision: 'approve' } : { decision: 'correction', note: l.review.note });
	}
}
