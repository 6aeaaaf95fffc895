import type { Db } from '../db/client';
import { systemActor, type Actor } from '../access/actor';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { createFeedback, submitFeedback } from '../modules/feedback/feedback.intake';
import { addFeedbackNote, answerFeedback, assignFeedback, closeFeedback, mergeFeedback, publishFeedback } from '../modules/feedback/feedback.service';
import { FeedbackCreateInput, FeedbackSubmitInput } from '../modules/feedback/feedback.schemas';
import { addCalendarDays } from '../workdays';
import { today } from '../periods';

type Step =
	| { assign: string }
	| { note: string }
	| { answer: string }
	| { close: true }
	| { publish: string };

interface DemoItem {
	unit: string;
	category: string;
	/** Portal items arrive today; the others were entered by an officer, `daysAgo` calendar days back. */
	channel: 'portal' | 'phone' | 'in_person' | 'dialogue' | 'letter';
	daysAgo: number;
	title: string;
	body: string;
	name?: string;
	phone?: string;
	anonymous?: boolean;
	consent?: boolean;
	publish?: boolean;
	steps: { by: string; do: Step }[];
}

// Made-up items in the words of the commune's own people; names and numbers are invented.
const items: DemoItem[] = [
	{
		unit: '16108', category: 'question', channel: 'dialogue', daysAgo: 40,
		title: 'Hộ mới thoát nghèo còn được vay vốn ưu đãi không?',
		body: 'Nhà tôi năm nay được công nhận thoát nghèo. Xin hỏi có còn được vay vốn ở Ngân hàng Chính sách để nuôi bò không, và vay bao lâu?',
		name: 'Đỗ Văn Khải', phone: '0915 204 731', consent: true, publish: true,
		steps: [
			{ by: 'chutich.habinh', do: { assign: 'canbo.habinh' } },
			{ by: 'canbo.habinh', do: { answer: 'Hộ mới thoát nghèo vẫn được vay vốn ưu đãi trong 3 năm kể từ khi thoát nghèo. Gia đình liên hệ Tổ tiết kiệm và vay vốn của thôn để lập hồ sơ; cán bộ xã hỗ trợ xác nhận.' } },
			{ by: 'canbo.habinh', do: { publish: 'Hộ vừa thoát nghèo có còn được vay vốn ưu đãi để chăn nuôi không, và trong bao lâu?' } },
			{ by: 'canbo.habinh', do: { close: true } }
		]
	},
	{
		unit: '16108-03', category: 'complaint', channel: 'phone', daysAgo: 25,
		title: 'Chưa nhận tiền hỗ trợ tiền điện quý này',
		body: 'Tôi ở thôn Bình Lâm, thuộc hộ nghèo. Các quý trước đều nhận tiền hỗ trợ tiền điện, quý này chưa thấy.',
		name: 'Bùi Thị Nhàn', phone: '0367 118 402', consent: true,
		steps: [
			{ by: 'chutich.habinh', do: { assign: 'canbo.habinh' } },
			{ by: 'canbo.habinh', do: { note: 'Đã đối chiếu danh sách chi trả: tên bà Nhàn bị ghi sai một chữ, đang đề nghị bưu điện chi bổ sung.' } }
		]
	},
	{
		unit: '16108', category: 'suggestion', channel: 'letter', daysAgo: 30,
		title: 'Đề nghị mở lớp dạy nghề may cho phụ nữ',
		body: 'Chị em trong thôn muốn học may để nhận hàng gia công tại nhà. Đề nghị xã phối hợp Hội Phụ nữ mở lớp vào buổi tối.',
		name: 'Chi hội Phụ nữ thôn Tây Sơn',
		steps: []
	},
	{
		unit: '16108', category: 'support', channel: 'in_person', daysAgo: 6,
		title: 'Xin hỗ trợ sửa mái nhà bị dột',
		body: 'Mái nhà tôi lợp tôn đã thủng nhiều chỗ, mùa mưa dột cả gian giữa. Tôi là hộ cận nghèo, sống một mình.',
		name: 'Lương Văn Đạt', phone: '0978 560 219', consent: true,
		steps: [{ by: 'chutich.habinh', do: { assign: 'canbo.habinh' } }]
	},
	{
		unit: '16108', category: 'question', channel: 'portal', daysAgo: 0,
		title: 'Thủ tục đề nghị công nhận hộ cận nghèo',
		body: 'Gia đình tôi có người ốm lâu ngày, thu nhập giảm nhiều. Muốn đề nghị xét hộ cận nghèo thì cần giấy tờ gì, nộp ở đâu?',
		anonymous: true,
		steps: []
	},
	{
		unit: '16108', category: 'complaint', channel: 'portal', daysAgo: 0,
		title: 'Chậm chi tiền hỗ trợ điện quý này ở Bình Lâm',
		body: 'Nhiều hộ ở Bình Lâm chưa nhận tiền hỗ trợ tiền điện quý này.',
		steps: []
	},
	{
		unit: '16108', category: 'question', channel: 'phone', daysAgo: 12,
		title: 'Học sinh hộ nghèo được miễn học phí đến lớp mấy?',
		body: 'Con tôi năm nay vào lớp 10. Hộ nghèo có được miễn học phí cấp trung học phổ thông không?',
		name: 'Hà Thị Quế', phone: '0389 772 015', publish: false,
		steps: [
			{ by: 'canbo.habinh', do: { assign: 'canbo.habinh' } },
			{ by: 'canbo.habinh', do: { answer: 'Học sinh thuộc hộ nghèo được miễn học phí ở tất cả các cấp học phổ thông. Gia đình nộp giấy xác nhận hộ nghèo cho nhà trường đầu năm học.' } }
		]
	},
	{
		unit: '24997', category: 'question', channel: 'dialogue', daysAgo: 20,
		title: 'Hỗ trợ giống cà phê cho hộ đồng bào',
		body: 'Ở buổi đối thoại, bà con hỏi năm nay hộ nghèo người đồng bào có được hỗ trợ giống cà phê tái canh không.',
		publish: true,
		steps: [
			{ by: 'canbo.daquyn', do: { assign: 'canbo.daquyn' } },
			{ by: 'canbo.daquyn', do: { answer: 'Năm nay xã được phân bổ giống cà phê tái canh cho hộ nghèo và cận nghèo; danh sách do các thôn bình xét, niêm yết tại nhà văn hóa thôn trước khi cấp.' } },
			{ by: 'canbo.daquyn', do: { publish: 'Hộ nghèo người đồng bào có được hỗ trợ giống cà phê tái canh không?' } }
		]
	},
	{
		unit: '24997-01', category: 'complaint', channel: 'in_person', daysAgo: 35,
		title: 'Loa thôn Ta Ly phát quá nhỏ',
		body: 'Cụm loa đầu thôn Ta Ly phát nhỏ, các nhà ở cuối dốc không nghe được thông báo.',
		name: 'K’ Brơi',
		steps: []
	},
	{
		unit: '24997', category: 'support', channel: 'phone', daysAgo: 9,
		title: 'Xin hỗ trợ bò giống theo dự án',
		body: 'Gia đình tôi thuộc hộ nghèo, có chuồng trại sẵn, xin được đăng ký nhận bò giống của dự án đa dạng hóa sinh kế.',
		name: 'Ka Hương', phone: '0342 980 661', consent: true,
		steps: [
			{ by: 'canbo.daquyn', do: { assign: 'canbo.daquyn' } },
			{ by: 'canbo.daquyn', do: { answer: 'Xã đã ghi tên gia đình vào danh sách đề nghị; kết quả bình xét sẽ được thông báo tại thôn trong tháng tới.' } },
			{ by: 'canbo.daquyn', do: { close: true } }
		]
	},
	{
		unit: '24997', category: 'suggestion', channel: 'portal', daysAgo: 0,
		title: 'Đề nghị thông báo lịch khám bệnh miễn phí sớm hơn',
		body: 'Lần trước đoàn khám bệnh miễn phí đến mà nhiều người đi rẫy không biết. Xin xã báo trước ít nhất ba ngày trên loa.',
		steps: []
	},
	{
		unit: '24997', category: 'question', channel: 'letter', daysAgo: 50,
		title: 'Điều kiện được hỗ trợ làm nhà',
		body: 'Nhà tôi làm bằng tre, đã xuống cấp. Xin hỏi điều kiện để được hỗ trợ làm nhà mới theo chương trình.',
		name: 'Ma Thị Ly',
		steps: []
	}
];

/** A dozen items for Hà Bình and Đa Quyn in every status, some overdue, a merged pair and published Q&A. */
export async function seedFeedback(db: Db): Promise<void> {
	const actors = new Map<string, Actor>();
	const actor = async (username: string) => {
		if (!actors.has(username)) actors.set(username, await actorForUser(db, await getUserByUsername(db, username), 'session'));
		return actors.get(username)!;
	};
	const ids: string[] = [];
	for (const item of items) {
		let id: string;
		if (item.channel === 'portal') {
			id = (await submitFeedback(db, FeedbackSubmitInput.parse({ ...pick(item), unit: item.unit }), 'portal')).id;
		} else {
			const created = await createFeedback(
				{ db, actor: systemActor },
				FeedbackCreateInput.parse({ ...pick(item), unit: item.unit, channel: item.channel, receivedOn: addCalendarDays(today(), -item.daysAgo) })
			);
			id = created.id;
		}
		ids.push(id);
		for (const s of item.steps) {
			const ctx = { db, actor: await actor(s.by) };
			if ('assign' in s.do) await assignFeedback(ctx, id, s.do.assign);
			else if ('note' in s.do) await addFeedbackNote(ctx, id, s.do.note);
			else if ('answer' in s.do) await answerFeedback(ctx, id, s.do.answer);
			else if ('close' in s.do) await closeFeedback(ctx, id, null);
			else if ('publish' in s.do) await publishFeedback(ctx, id, { published: true, question: s.do.publish });
		}
	}
	// The second complaint about the electricity support is the same matter as the first: merged.
	await mergeFeedback({ db, actor: await actor('canbo.habinh') }, ids[5], ids[1]);
}

function pick(item: DemoItem) {
	return {
		category: item.category,
		title: item.title,
		body: item.body,
		name: item.name ?? null,
		phone: item.phone ?? null,
		anonymous: item.anonymous ?? false,
		consent: item.consent ?? false,
		publish: item.publish ?? false
	};
}
