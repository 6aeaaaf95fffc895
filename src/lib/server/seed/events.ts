import type { Db } from '../db/client';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { getAttendanceList, recordAttendance } from '../modules/activities/activities.attendance';
import {
	addEventQuestion,
	createEvent,
	markEventHeld,
	minutesFile,
	recordEventCounts,
	saveMinutes
} from '../modules/events/events.service';
import { registerForEvent } from '../modules/events/events.public';
import { EventInput, MinutesInput, QuestionInput, RegistrationInput, type EventInputFields } from '../modules/events/events.schemas';
import { addCalendarDays } from '../workdays';
import { today } from '../periods';

interface DemoDialogue {
	officer: string;
	held: Omit<EventInputFields, 'date'> & { daysFromToday: number };
	counts: Record<string, number>;
	/** Households ticked present: the first of the attendance list (poor first). */
	householdsPresent: number;
	questions: { question: string; askedBy?: string; village?: string; answer?: string }[];
	minutes: MinutesInput;
	upcoming: Omit<EventInputFields, 'date'> & { daysFromToday: number };
	registrations: { name: string; phone?: string; village?: string; group?: string }[];
}

/**
 * For each demo commune: a policy dialogue held a fortnight ago (attendance by group, the
 * households present, two questions that became feedback items, minutes and their DOCX) and one
 * coming up, published on the portal with registration open. Written for the demonstration.
 */
const dialogues: DemoDialogue[] = [
	{
		officer: 'canbo.habinh',
		held: {
			unit: '16108',
			daysFromToday: -13,
			title: 'Đối thoại với hộ nghèo Thôn Đông Sơn và Thôn Bình Lâm về vay vốn sản xuất và học nghề',
			description: 'Cán bộ Ngân hàng Chính sách xã hội và Trung tâm Giáo dục nghề nghiệp trả lời trực tiếp câu hỏi của người dân.',
			agenda: [
				'Tuyên bố lý do, giới thiệu thành phần',
				'Ngân hàng Chính sách xã hội giới thiệu các chương trình vay vốn hộ nghèo, hộ cận nghèo',
				'Trung tâm Giáo dục nghề nghiệp giới thiệu các lớp học nghề miễn phí năm nay',
				'Người dân nêu ý kiến, cán bộ giải đáp',
				'Chủ tịch UBND xã kết luận'
			],
			place: 'Nhà văn hóa Thôn Đông Sơn',
			startTime: '08:00',
			endTime: '10:45',
			invitedGroups: ['poor', 'near_poor', 'escaped'],
			invitedVillages: ['16108-01', '16108-03'],
			published: true,
			registrationOpen: false,
			capacity: 120
		},
		counts: { poor: 21, near_poor: 13, escaped: 5, cadre: 6 },
		householdsPresent: 8,
		questions: [
			{
				question: 'Nhà tôi muốn vay vốn nuôi bò sinh sản thì cần giấy tờ gì và bao lâu thì được giải ngân?',
				askedBy: 'Ông Đỗ Văn Lực',
				village: '16108-01',
				answer: 'Hộ làm đơn qua Tổ tiết kiệm và vay vốn của thôn; hồ sơ đủ thì ngân hàng giải ngân tại điểm giao dịch xã vào phiên tháng gần nhất.'
			},
			{
				question: 'Con tôi học xong lớp 9, nếu đi học nghề điện dân dụng thì có được hỗ trợ tiền ăn và đi lại không?',
				village: '16108-03'
			}
		],
		minutes: {
			chair: 'Phạm Quốc Hưng – Chủ tịch UBND xã',
			secretary: 'Trần Văn Bình – Công chức Văn hóa – Xã hội',
			attendance: 'Đại diện các hộ nghèo, hộ cận nghèo, hộ mới thoát nghèo của hai thôn; trưởng thôn; Tổ tiết kiệm và vay vốn; cán bộ ngân hàng và Trung tâm Giáo dục nghề nghiệp.',
			summary: 'Cán bộ ngân hàng nêu điều kiện, mức vay và thời hạn của từng chương trình; Trung tâm giới thiệu ba nghề mở lớp trong quý tới. Người dân nêu hai ý kiến về thủ tục vay và chế độ hỗ trợ khi học nghề.',
			conclusions: 'Giao trưởng hai thôn lập danh sách hộ có nhu cầu vay gửi Tổ tiết kiệm trong tháng; công chức Văn hóa – Xã hội trả lời bằng văn bản ý kiến về hỗ trợ học nghề theo đúng thời hạn.'
		},
		upcoming: {
			unit: '16108',
			daysFromToday: 11,
			title: 'Đối thoại chính sách hỗ trợ nhà ở và nước sinh hoạt cho hộ nghèo',
			description: 'Bà con được nghe giải thích mức hỗ trợ làm mới, sửa chữa nhà ở và lắp bể nước; mang theo câu hỏi của gia đình mình.',
			agenda: ['Khai mạc', 'Giới thiệu chính sách hỗ trợ nhà ở, nước sinh hoạt', 'Hướng dẫn hồ sơ đề nghị hỗ trợ', 'Hỏi đáp', 'Kết luận'],
			place: 'Hội trường UBND xã Hà Bình',
			startTime: '14:00',
			endTime: '16:30',
			invitedGroups: ['poor', 'near_poor', 'village_head'],
			invitedVillages: ['16108-02', '16108-04', '16108-05'],
			published: true,
			registrationOpen: true,
			capacity: 80
		},
		registrations: [
			{ name: 'Vũ Thị Hằng', village: '16108-02', group: 'poor' },
			{ name: 'Lê Văn Quế', phone: '0977 214 608', village: '16108-05', group: 'near_poor' }
		]
	},
	{
		officer: 'canbo.daquyn',
		held: {
			unit: '24997',
			daysFromToday: -16,
			title: 'Đối thoại với bà con Thôn Kon Pang và Thôn Sre Đăng về hỗ trợ sinh kế và chuyển đổi cây trồng',
			description: 'Tổ chức tại nhà rông, có người phiên dịch tiếng K’Ho cho bà con lớn tuổi.',
			agenda: [
				'Giới thiệu thành phần, mục đích buổi đối thoại',
				'Cán bộ nông nghiệp xã trình bày dự án hỗ trợ giống cà phê ghép và phân bón',
				'Bà con nêu khó khăn, kiến nghị',
				'Giải đáp và kết luận'
			],
			place: 'Nhà rông Thôn Kon Pang',
			startTime: '07:30',
			endTime: '10:00',
			invitedGroups: ['poor', 'ethnic_minority'],
			invitedVillages: ['24997-04', '24997-06'],
			published: true,
			registrationOpen: false,
			capacity: null
		},
		counts: { poor: 26, near_poor: 9, ethnic_minority: 31, village_head: 2 },
		householdsPresent: 6,
		questions: [
			{
				question: 'Rẫy nhà tôi cà phê già cỗi, nếu ghép cải tạo thì xã hỗ trợ giống mấy năm và có người hướng dẫn kỹ thuật không?',
				askedBy: 'Bà K’ Thị Brơi',
				village: '24997-04',
				answer: 'Dự án cấp cây giống ghép và phân bón năm đầu; tổ khuyến nông xã xuống từng rẫy hướng dẫn cắt ghép.'
			},
			{
				question: 'Đường vào khu sản xuất Sre Đăng mùa mưa lầy lội, xe không chở được nông sản ra, xã có kế hoạch làm đường không?',
				village: '24997-06'
			}
		],
		minutes: {
			chair: 'Phó Chủ tịch UBND xã Đa Quyn',
			secretary: 'K’ Thị Hoa – Công chức Văn hóa – Xã hội',
			attendance: 'Người dân hai thôn, phần lớn là đồng bào K’Ho; già làng, trưởng thôn; cán bộ nông nghiệp và Hội Nông dân xã.',
			summary: 'Cán bộ nông nghiệp giới thiệu dự án hỗ trợ cải tạo vườn cà phê; bà con hỏi về thời gian hỗ trợ giống và về đường ra khu sản xuất.',
			conclusions: 'Hội Nông dân lập danh sách hộ đăng ký cải tạo vườn trước mùa mưa; ý kiến về đường sản xuất chuyển bộ phận địa chính – xây dựng xem xét, trả lời bà con.'
		},
		upcoming: {
			unit: '24997',
			daysFromToday: 9,
			title: 'Đối thoại về tiêu thụ cà phê và liên kết với hợp tác xã cho hộ cận nghèo',
			description: 'Đại diện hợp tác xã giới thiệu cách ký hợp đồng bao tiêu; bà con hỏi về giá thu mua và tiêu chuẩn hạt.',
			agenda: ['Khai mạc', 'Hợp tác xã giới thiệu liên kết tiêu thụ', 'Hỏi đáp', 'Đăng ký tham gia liên kết'],
			place: 'Nhà văn hóa Thôn Ta Ly',
			startTime: '08:00',
			endTime: '10:30',
			invitedGroups: ['near_poor', 'escaped', 'ethnic_minority'],
			invitedVillages: ['24997-01', '24997-02'],
			published: true,
			registrationOpen: true,
			capacity: 60
		},
		registrations: [{ name: 'Ka Hồng', village: '24997-01', group: 'ethnic_minority' }]
	}
];

const dayFromToday = (days: number) => addCalendarDays(today(), days);

/** Loads the demo dialogues through the events service, as each commune's officer. */
export async function seedEvents(db: Db): Promise<void> {
	for (const d of dialogues) {
		const ctx = { db, actor: await actorForUser(db, await getUserByUsername(db, d.officer), 'system') };
		const { daysFromToday: back, ...held } = d.held;
		const past = await createEvent(ctx, EventInput.parse({ ...held, date: dayFromToday(back) }));
		await recordEventCounts(ctx, past.id, { counts: d.counts });
		const list = await getAttendanceList(ctx, past.activity!.id, { screen: 'seed', purpose: 'demo' });
		const present = list.entries.slice(0, d.householdsPresent).map((e) => e.id);
		await recordAttendance(ctx, past.activity!.id, { shown: present, ticked: present });
		for (const q of d.questions) await addEventQuestion(ctx, past.id, QuestionInput.parse(q));
		await saveMinutes(ctx, past.id, MinutesInput.parse(d.minutes));
		await markEventHeld(ctx, past.id);
		await minutesFile(ctx, past.id);

		const { daysFromToday: ahead, ...upcoming } = d.upcoming;
		const next = await createEvent(ctx, EventInput.parse({ ...upcoming, date: dayFromToday(ahead) }));
		for (const r of d.registrations) await registerForEvent(db, next.id, RegistrationInput.parse(r));
	}
}
