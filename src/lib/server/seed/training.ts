import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Actor } from '../access/actor';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { units } from '../modules/units/units.tables';
import { householdClassifications, households } from '../modules/households/households.tables';
import { createCommunicator, createCourse } from '../modules/training/training.service';
import { addTrainees, recordAttendance } from '../modules/training/training.trainees';
import { issueCertificate } from '../modules/training/training.certificates';

/**
 * Demo training: eight communicators and reporters in each of Hà Bình and Đa Quyn, and one course
 * in each commune with staff, communicators, households and a guest as trainees, attendance,
 * scores before and after, and two certificates (their PDFs made by LibreOffice at first download).
 */

type Person = [fullName: string, unit: string, organisation: string, role: 'communicator' | 'reporter', topics: string, phone: string | null];

const habinh: Person[] = [
	['Bùi Thị Nhàn', '16108', 'Hội Liên hiệp Phụ nữ xã', 'reporter', 'Bình đẳng giới, vay vốn ưu đãi, nuôi dạy con', '0912 480 211'],
	['Đặng Văn Lực', '16108', 'Hội Nông dân xã', 'reporter', 'Chuyển đổi cây trồng, bảo hiểm nông nghiệp', null],
	['Ngô Thị Huyền', '16108-01', 'Chi hội Phụ nữ thôn Đông Sơn', 'communicator', 'Bảo hiểm y tế, nước sạch và vệ sinh', '0356 712 904'],
	['Trịnh Văn Quý', '16108-02', 'Chi hội Cựu chiến binh thôn Tây Sơn', 'communicator', 'Chính sách giảm nghèo, hộ nghèo tự vươn lên', null],
	['Mai Thị Thơm', '16108-03', 'Chi đoàn thanh niên thôn Bình Lâm', 'communicator', 'Học nghề, việc làm cho thanh niên, chuyển đổi số', '0388 105 627'],
	['Vũ Đình Toản', '16108-04', 'Ban công tác Mặt trận thôn Yên Thịnh', 'communicator', 'Hỗ trợ nhà ở, đoàn kết giúp nhau thoát nghèo', null],
	['Lương Thị Bích', '16108-05', 'Chi hội Phụ nữ thôn Trung Hòa', 'communicator', 'Dinh dưỡng trẻ em, bảo hiểm y tế', null],
	['Hà Văn Cảnh', '16108-06', 'Chi hội Nông dân thôn Bái Xuân', 'communicator', 'Vay vốn, kỹ thuật chăn nuôi', '0974 330 518']
];

const daquyn: Person[] = [
	['Ka Sương', '24997', 'Hội Liên hiệp Phụ nữ xã', 'reporter', 'Bình đẳng giới, chống tảo hôn', '0263 3848 112'],
	['K’ Dơng', '24997', 'Mặt trận Tổ quốc xã', 'reporter', 'Chính sách dân tộc, giảm nghèo bền vững', null],
	['Ya Nguyệt', '24997-01', 'Chi đoàn thôn Ta Ly', 'communicator', 'Mạng xã hội, chuyển đổi số', '0345 908 771'],
	['K’ Brêu', '24997-02', 'Người có uy tín thôn Ma Đanh', 'communicator', 'Phong tục, đoàn kết cộng đồng', null],
	['Touneh Thị Lành', '24997-03', 'Chi hội Phụ nữ thôn Đa Phú', 'communicator', 'Nuôi con khỏe, bảo hiểm y tế', null],
	['Ma Hùng', '24997-04', 'Chi hội Nông dân thôn Kon Pang', 'communicator', 'Trồng cà phê, vay vốn', '0396 221 048'],
	['Ka Nhung', '24997-05', 'Chi đoàn thôn Lạc Hòa', 'communicator', 'Học nghề, việc làm', null],
	['Liêng Hót Ha Thuận', '24997-06', 'Tổ hòa giải thôn Sre Đăng', 'communicator', 'Pháp luật, hòa giải ở cơ sở', null]
];

async function actorOf(db: Db, username: string): Promise<Actor> {
	return actorForUser(db, await getUserByUsername(db, username), 'session');
}

/** Poor households of the demo register in 2026, in villages starting with `prefix`. */
async function poorHouseholds(db: Db, prefix: string, count: number) {
	return db
		.select({ id: households.id })
		.from(households)
		.innerJoin(units, eq(units.id, households.unitId))
		.innerJoin(householdClassifications, and(eq(householdClassifications.householdId, households.id), eq(householdClassifications.year, 2026)))
		.where(and(sql`${units.code} LIKE ${prefix + '%'}`, eq(householdClassifications.category, 'poor'), sql`${households.mergedIntoId} IS NULL`))
		.orderBy(asc(units.code), asc(households.headNameNorm))
		.limit(count);
}

interface DemoCourse {
	officer: string;
	people: Person[];
	course: { unit: string; title: string; organiser: string; topics: string[]; fromDate: string; toDate: string; place: string };
	staff: string[];
	households: number;
	guest: string;
	/** Scores before and after for trainees in the order added (null: did not come). */
	scores: ([number | null, number | null] | null)[];
}

const courses: DemoCourse[] = [
	{
		officer: 'canbo.habinh',
		people: habinh,
		course: {
			unit: '16108',
			title: 'Bồi dưỡng kỹ năng truyền thông giảm nghèo cho tuyên truyền viên thôn',
			organiser: 'UBND xã Hà Bình phối hợp Hội Liên hiệp Phụ nữ xã',
			topics: ['Chính sách giảm nghèo giai đoạn mới', 'Kỹ năng nói chuyện với hộ nghèo tại nhà', 'Ghi chép và báo cáo hoạt động truyền thông'],
			fromDate: '2026-04-08',
			toDate: '2026-04-09',
			place: 'Hội trường UBND xã Hà Bình'
		},
		staff: ['truongthon.habinh'],
		households: 2,
		guest: 'Bí thư Chi đoàn thôn Tây Sơn',
		scores: [[55, 80], [60, 85], [45, 75], [70, 90], [50, 70], [null, 65], [40, 72], null, [65, 88], [35, 60], null]
	},
	{
		officer: 'canbo.daquyn',
		people: daquyn,
		course: {
			unit: '24997',
			title: 'Tập huấn dùng trang mạng xã hội chính thống để tuyên truyền chính sách',
			organiser: 'UBND xã Đa Quyn',
			topics: ['Đăng tin trên trang Zalo của xã', 'Kiểm tra tin giả', 'Viết tin ngắn bằng tiếng Việt và tiếng K’Ho'],
			fromDate: '2026-06-17',
			toDate: '2026-06-17',
			place: 'Nhà văn hóa thôn Ta Ly'
		},
		staff: [],
		households: 0,
		guest: 'Giáo viên Trường Tiểu học Đa Quyn',
		scores: [[50, 78], [40, 70], [65, 92], null, [55, 75], [45, 80], [30, 62], [60, 85], [58, 83]]
	}
];

async function seedCourse(db: Db, demo: DemoCourse) {
	const ctx = { db, actor: await actorOf(db, demo.officer) };
	const network: string[] = [];
	for (const [fullName, unit, organisation, role, topics, phone] of demo.people)
		network.push((await createCommunicator(ctx, { unit, fullName, organisation, role, topics, phone, phoneConsent: phone !== null })).id);
	const course = await createCourse(ctx, demo.course);
	const households = await poorHouseholds(db, demo.course.unit + '-', demo.households);
	const staff = await Promise.all(demo.staff.map((username) => getUserByUsername(db, username)));
	// All trainees in one call: one write of the course's activity rather than one per trainee.
	const trainees = await addTrainees(ctx, course.id, [
		...network.map((ref) => ({ kind: 'communicator', ref })),
		...staff.map((u) => ({ kind: 'user', ref: u.id })),
		...households.map((h) => ({ kind: 'household', ref: h.id })),
		{ kind: 'other', name: demo.guest }
	]);
	await recordAttendance(ctx, course.id, {
		trainees: trainees.map((id, i) => {
			const s = demo.scores[i] ?? null;
			return { id, attended: s !== null, preScore: s?.[0] ?? null, postScore: s?.[1] ?? null };
		})
	});
	// Certificates for the first two who attended, numbered now; each PDF is made by LibreOffice at
	// its first download, so loading a fresh demo database does not wait for four conversions.
	const attended = trainees.filter((_, i) => demo.scores[i]);
	for (const id of attended.slice(0, 2)) await issueCertificate(ctx, course.id, id, { pdfNow: false });
}

export async function seedTraining(db: Db): Promise<void> {
	for (const demo of courses) await seedCourse(db, demo);
}
