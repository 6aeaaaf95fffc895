import type { Db } from '../db/client';
import type { Actor } from '../access/actor';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { createContent } from '../modules/content/content.service';
import { approveContent, publishContent, submitContent } from '../modules/content/content.workflow';
import type { ContentCreateInput } from '../modules/content/content.schemas';
import { savePortalPage } from '../modules/portal/portal.service';

/**
 * The demo portals of Hà Bình and Đa Quyn: each commune's programme page in plain words, and a few
 * more published articles so the news list and feed have something to show. Written for the
 * demonstration; every step goes through the services.
 */

const programme: Record<string, { author: string; title: string; body: string }> = {
	'16108': {
		author: 'canbo.habinh',
		title: 'Giảm nghèo ở Hà Bình: ai được hỗ trợ, hỗ trợ những gì',
		body: [
			'Xã Hà Bình thực hiện Chương trình giảm nghèo bền vững đến hết năm 2025 và tiếp tục trong giai đoạn mới. Trang này nói ngắn gọn những gì bà con cần biết.',
			'## Ai được hỗ trợ',
			'- Hộ nghèo và hộ cận nghèo có tên trong danh sách rà soát cuối năm của xã.\n- Hộ mới thoát nghèo trong 36 tháng đầu.\n- Người khuyết tật, người cao tuổi sống một mình thuộc hộ khó khăn.',
			'## Hỗ trợ những gì',
			'- Giống lúa chịu hạn, con giống gà, lợn và hướng dẫn chăm sóc của cán bộ khuyến nông.\n- Lớp học nghề trồng nấm, may công nghiệp, sửa máy nông nghiệp, không mất học phí.\n- Vay vốn ưu đãi qua Tổ tiết kiệm và vay vốn ở từng thôn.\n- Thẻ bảo hiểm y tế cấp miễn phí, tiền hỗ trợ học phí cho học sinh.',
			'## Làm thế nào để được rà soát',
			'Từ tháng 9 đến tháng 11 hằng năm, trưởng thôn họp dân để bình xét. Gia đình nào thấy mình khó khăn mà chưa có tên, hãy nói với trưởng thôn hoặc gửi phản ánh trên cổng thông tin này. Xã trả lời trong 10 ngày làm việc.'
		].join('\n\n')
	},
	'24997': {
		author: 'canbo.daquyn',
		title: 'Chính sách giảm nghèo ở Đa Quyn, nói cho dễ hiểu',
		body: [
			'Đa Quyn có nhiều hộ đồng bào dân tộc thiểu số sống bằng cà phê và rau. Chương trình giảm nghèo giúp các hộ này có thêm thu nhập và được chăm sóc sức khỏe tốt hơn.',
			'## Những việc xã đang làm',
			'- Hướng dẫn trồng xen cây ăn quả trong vườn cà phê để có thêm nguồn thu.\n- Cho vay vốn mua máy bơm, ống tưới tiết kiệm nước.\n- Mở lớp dạy nghề dệt thổ cẩm và nấu ăn cho phụ nữ trẻ.\n- Phát loa, họp thôn bằng tiếng K’Ho để ai cũng hiểu chính sách.',
			'## Bà con cần làm gì',
			'Khi có thông báo họp thôn bình xét hộ nghèo, mời bà con đến dự và nói rõ hoàn cảnh của gia đình. Nếu có thắc mắc, hỏi trưởng thôn, cán bộ xã hoặc gửi câu hỏi ở mục Hỏi đáp.'
		].join('\n\n')
	}
};

interface PortalArticle extends ContentCreateInput {
	author: string;
	approver: string;
}

const articles: PortalArticle[] = [
	{
		author: 'canbo.habinh',
		approver: 'chutich.habinh',
		unit: '16108',
		kind: 'article',
		title: 'Thôn Tây Sơn họp bình xét hộ nghèo công khai',
		summary: 'Bốn mươi hai hộ dự họp, biểu quyết từng trường hợp trước khi gửi danh sách lên xã.',
		body:
			'Tối thứ Năm, nhà văn hóa thôn Tây Sơn kín chỗ. Trưởng thôn đọc phiếu rà soát của từng hộ, bà con góp ý rồi giơ tay biểu quyết.\n\n' +
			'Hai hộ có con đi làm xa gửi tiền về được đề nghị đưa ra khỏi danh sách cận nghèo; một hộ có người ốm dài ngày được đề nghị bổ sung.\n\n' +
			'Biên bản họp được niêm yết tại nhà văn hóa trong bảy ngày để ai còn ý kiến thì báo lại.',
		themes: ['Rà soát hộ nghèo'],
		audiences: ['poor', 'near_poor']
	},
	{
		author: 'canbo.habinh',
		approver: 'chutich.habinh',
		unit: '16108',
		kind: 'article',
		title: 'Hai mươi hộ ở Yên Thịnh nhận gà giống và thức ăn',
		summary: 'Mỗi hộ nhận năm mươi con gà và hai bao cám, kèm buổi hướng dẫn phòng bệnh.',
		body:
			'Từ nguồn vốn hỗ trợ phát triển sản xuất, xã cấp gà giống cho các hộ nghèo thôn Yên Thịnh đã đăng ký từ đầu năm.\n\n' +
			'Cán bộ thú y hướng dẫn cách làm chuồng khô ráo và lịch tiêm phòng. Sau ba tháng, tổ hội nông dân sẽ đến từng hộ xem gà lớn ra sao.',
		themes: ['Hỗ trợ phát triển sản xuất'],
		audiences: ['poor']
	},
	{
		author: 'canbo.daquyn',
		approver: 'admin',
		unit: '24997',
		kind: 'article',
		title: 'Thôn Kon Pang có tổ tiết kiệm mới của phụ nữ',
		summary: 'Mười lăm chị em góp mỗi tháng một ít để cho nhau vay lúc cần mua phân bón.',
		body:
			'Hội Liên hiệp Phụ nữ xã giúp chị em thôn Kon Pang lập tổ tiết kiệm và vay vốn. Tổ họp mỗi tháng một lần, sổ sách ghi rõ ràng.\n\n' +
			'Những chị chưa biết chữ được cán bộ hội đọc lại sổ để ai cũng nắm được số tiền của mình.',
		themes: ['Vay vốn ưu đãi'],
		audiences: ['poor', 'ethnic_minority']
	},
	{
		author: 'canbo.daquyn',
		approver: 'admin',
		unit: '24997',
		kind: 'article',
		title: 'Lớp dệt thổ cẩm khai giảng ở Đa Quyn',
		summary: 'Hai mươi học viên học trong ba tháng, được nhận khung dệt khi hoàn thành.',
		body:
			'Nghệ nhân trong xã trực tiếp dạy cách chọn sợi, lên khung và dệt hoa văn truyền thống.\n\n' +
			'Hợp tác xã du lịch ở thị trấn đã nhận lời mua khăn, túi của học viên để bán cho khách.',
		themes: ['Đào tạo nghề, tạo việc làm'],
		audiences: ['ethnic_minority', 'general_public']
	}
];

async function actorOf(db: Db, username: string): Promise<Actor> {
	return actorForUser(db, await getUserByUsername(db, username), 'session');
}

/** Loads the demo portal pages and articles (after units, accounts and the content seed). */
export async function seedPortal(db: Db): Promise<void> {
	for (const [code, page] of Object.entries(programme)) {
		await savePortalPage({ db, actor: await actorOf(db, page.author) }, code, 'programme', { title: page.title, body: page.body });
	}
	for (const { author, approver, ...input } of articles) {
		const writer = { db, actor: await actorOf(db, author) };
		const created = await createContent(writer, input);
		await submitContent(writer, created.id);
		await approveContent({ db, actor: await actorOf(db, approver) }, created.id);
		await publishContent(writer, created.id);
	}
}
