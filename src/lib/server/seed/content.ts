import type { Db } from '../db/client';
import type { Actor } from '../access/actor';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { today } from '../periods';
import { createContent } from '../modules/content/content.service';
import { approveContent, publishContent, returnContent, submitContent } from '../modules/content/content.workflow';
import { uploadLeafletPdf, leafletFileName } from '../modules/content/content.leaflet';
import { simplePdf } from '../modules/content/content.simple-pdf';
import { addDistribution, addPrintRun } from '../modules/content/content.printing';
import type { ContentCreateInput, ContentStatus } from '../modules/content/content.schemas';

/**
 * Demo content of Hà Bình and Đa Quyn: items in every status of the review workflow (a published
 * article, approved and emergency bulletins, one in review, a returned draft, a social post
 * draft) and a leaflet on health-insurance support with its PDF, print runs and copies handed out
 * in two villages. Written for the demonstration; every step goes through the services.
 */

interface DemoItem extends ContentCreateInput {
	status: ContentStatus;
	/** A comment the approver returned the item with (status draft). */
	returned?: string;
}

const habinh: DemoItem[] = [
	{
		unit: '16108',
		kind: 'article',
		status: 'published',
		title: 'Mở lớp dạy nghề trồng nấm rơm cho lao động nông thôn',
		summary: 'Ba mươi học viên, ưu tiên người thuộc hộ nghèo và cận nghèo, được học miễn phí trong 45 ngày.',
		body:
			'UBND xã Hà Bình phối hợp với Trung tâm Giáo dục nghề nghiệp mở lớp trồng nấm rơm tại nhà văn hóa thôn Bình Lâm.\n\n' +
			'Học viên được hỗ trợ tiền ăn, tiền đi lại và bộ dụng cụ ban đầu. Sau khóa học, Hội Nông dân xã giới thiệu nơi bao tiêu sản phẩm.\n\n' +
			'Người có nhu cầu đăng ký với trưởng thôn hoặc bộ phận một cửa của xã trước ngày khai giảng.',
		themes: ['Đào tạo nghề, tạo việc làm'],
		audiences: ['poor', 'near_poor']
	},
	{
		unit: '16108',
		kind: 'bulletin',
		status: 'approved',
		priority: 'normal',
		title: 'Thông báo chi trả trợ cấp xã hội tháng này',
		body:
			'Xã Hà Bình thông báo: việc chi trả trợ cấp xã hội hằng tháng được tổ chức tại nhà văn hóa các thôn vào sáng thứ Năm tuần này.\n\n' +
			'Người nhận mang theo căn cước công dân. Người già yếu không đi được, gia đình báo trưởng thôn để cán bộ đến tận nhà.',
		audiences: ['poor', 'general_public']
	},
	{
		unit: '16108',
		kind: 'bulletin',
		status: 'published',
		priority: 'emergency',
		title: 'Khẩn cấp: bão mạnh sắp đổ bộ, chủ động phòng tránh',
		body:
			'Theo tin của cơ quan khí tượng, bão mạnh sẽ ảnh hưởng trực tiếp tới xã từ chiều mai, kèm mưa to và gió giật mạnh.\n\n' +
			'Đề nghị bà con chằng chống nhà cửa, thu hoạch sớm lúa và hoa màu đã chín, không ra đồng và không đi qua các tràn khi nước lên.\n\n' +
			'Các hộ ở nhà yếu, gần sông di chuyển tới nhà văn hóa thôn trước 17 giờ. Cần hỗ trợ gọi ngay trưởng thôn hoặc trực ban xã.'
	},
	{
		unit: '16108',
		kind: 'bulletin',
		status: 'in_review',
		priority: 'priority',
		title: 'Vốn vay ưu đãi cho hộ mới thoát nghèo',
		body:
			'Hộ mới thoát nghèo trong ba năm gần đây được vay vốn ưu đãi của Ngân hàng Chính sách xã hội để chăn nuôi, trồng trọt hoặc buôn bán nhỏ.\n\n' +
			'Hồ sơ nộp qua tổ tiết kiệm và vay vốn ở thôn; cán bộ ngân hàng giao dịch tại xã vào ngày 10 hằng tháng.',
		audiences: ['escaped']
	},
	{
		unit: '16108',
		kind: 'social_post',
		status: 'draft',
		title: 'Gương thoát nghèo: nuôi bò sinh sản ở thôn Tây Sơn',
		body:
			'Từ hai con bò giống được hỗ trợ năm trước, gia đình anh Đỗ Văn Thắng nay đã có đàn sáu con và thoát khỏi danh sách hộ nghèo.\n\n' +
			'Anh sẵn lòng chia sẻ cách làm chuồng và trồng cỏ với bà con trong thôn.'
	},
	{
		unit: '16108',
		kind: 'article',
		status: 'draft',
		returned: 'Bổ sung thời gian, địa điểm và số điện thoại người phụ trách trước khi đăng.',
		title: 'Hội thi tìm hiểu chính sách giảm nghèo cấp xã',
		body: 'Đoàn Thanh niên xã tổ chức hội thi tìm hiểu các chính sách hỗ trợ hộ nghèo, mời các thôn cử đội tham gia.'
	}
];

const daquyn: DemoItem[] = [
	{
		unit: '24997',
		kind: 'article',
		status: 'published',
		title: 'Tập huấn ghép cải tạo cà phê cho đồng bào dân tộc thiểu số',
		summary: 'Lớp học hai ngày tại vườn mẫu thôn Ta Ly, có phiên dịch tiếng Cơ Ho.',
		body:
			'Xã Đa Quyn phối hợp với Trạm Khuyến nông mở lớp tập huấn kỹ thuật ghép cải tạo vườn cà phê già cỗi.\n\n' +
			'Học viên thực hành ngay trên vườn, được phát cành ghép giống mới và sổ tay hướng dẫn bằng hình ảnh.',
		themes: ['Chuyển giao khoa học kỹ thuật'],
		audiences: ['poor', 'near_poor']
	},
	{
		unit: '24997',
		kind: 'bulletin',
		status: 'approved',
		priority: 'emergency',
		title: 'Khẩn cấp: cảnh báo sạt lở đất do mưa lớn kéo dài',
		body:
			'Mưa lớn nhiều ngày làm đất trên các sườn đồi ngấm nước, có nguy cơ sạt lở cao ở thôn Kon Pang và Bon Đơng.\n\n' +
			'Bà con không ở lại trong nhà sát chân đồi vào ban đêm, không lên rẫy khi trời còn mưa. Thấy vết nứt đất hoặc nước đục bất thường, báo ngay cho trưởng thôn.'
	},
	{
		unit: '24997',
		kind: 'bulletin',
		status: 'in_review',
		priority: 'normal',
		title: 'Đăng ký tham gia mô hình nuôi heo đen địa phương',
		body: 'Xã tiếp nhận đăng ký của hộ nghèo muốn tham gia mô hình nuôi heo đen, được hỗ trợ con giống và thức ăn trong sáu tháng đầu.'
	},
	{
		unit: '24997',
		kind: 'social_post',
		status: 'draft',
		title: 'Phiên chợ nông sản sạch cuối tuần ở trung tâm xã',
		body: 'Mời bà con mang rau, măng, cà phê nhà làm ra bán tại phiên chợ sáng Chủ nhật; xã miễn phí chỗ ngồi cho hộ nghèo.'
	}
];

/** The leaflets: text, the villages they were handed out in, and by how many copies. */
const leaflets: { item: DemoItem; runs: { daysAgo: number; quantity: number; printer: string; cost: number }[]; handedOut: { village: string; quantity: number; daysAgo: number }[] }[] = [
	{
		item: {
			unit: '16108',
			kind: 'leaflet',
			status: 'published',
			title: 'Hộ nghèo, hộ cận nghèo được hỗ trợ đóng bảo hiểm y tế',
			summary: 'Hộ nghèo được cấp thẻ miễn phí; hộ cận nghèo được hỗ trợ phần lớn tiền đóng.',
			body:
				'Ai được hỗ trợ? Mọi thành viên của hộ nghèo, hộ cận nghèo có tên trong danh sách xã đã công nhận.\n\n' +
				'Hỗ trợ bao nhiêu? Hộ nghèo không phải đóng tiền. Hộ cận nghèo chỉ đóng phần còn lại sau khi Nhà nước hỗ trợ.\n\n' +
				'Làm thế nào? Trưởng thôn lập danh sách gửi xã; thẻ được phát tại thôn. Khi đi khám, mang theo thẻ và căn cước công dân.',
			audiences: ['poor', 'near_poor']
		},
		runs: [
			{ daysAgo: 40, quantity: 600, printer: 'Cơ sở in Hà Trung', cost: 900_000 },
			{ daysAgo: 12, quantity: 300, printer: 'Cơ sở in Hà Trung', cost: 450_000 }
		],
		handedOut: [
			{ village: '16108-01', quantity: 260, daysAgo: 35 },
			{ village: '16108-03', quantity: 310, daysAgo: 33 },
			{ village: '16108-01', quantity: 120, daysAgo: 10 }
		]
	},
	{
		item: {
			unit: '24997',
			kind: 'leaflet',
			status: 'approved',
			title: 'Thẻ bảo hiểm y tế miễn phí cho hộ nghèo',
			summary: 'Mỗi người trong hộ nghèo có một thẻ, khám chữa bệnh không mất tiền tại trạm y tế xã.',
			body:
				'Hộ nghèo được Nhà nước đóng toàn bộ tiền bảo hiểm y tế. Thẻ có giá trị cả năm.\n\n' +
				'Bị mất thẻ hoặc sai tên, báo trưởng thôn để xã làm lại. Ốm đau, hãy tới trạm y tế xã trước; trạm sẽ giới thiệu lên tuyến trên khi cần.',
			audiences: ['poor']
		},
		runs: [{ daysAgo: 20, quantity: 400, printer: 'Nhà in Đức Trọng', cost: 640_000 }],
		handedOut: [
			{ village: '24997-01', quantity: 150, daysAgo: 18 },
			{ village: '24997-04', quantity: 120, daysAgo: 17 }
		]
	}
];

async function actorOf(db: Db, username: string): Promise<Actor> {
	return actorForUser(db, await getUserByUsername(db, username), 'session');
}

/** A date `days` before today in Việt Nam. */
function daysAgo(days: number): string {
	const d = new Date(`${today()}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() - days);
	return d.toISOString().slice(0, 10);
}

/**
 * The leaflet's PDF for the demo, laid out in code: loading the demo never waits for LibreOffice
 * (a conversion takes seconds on a busy machine, at every start of an empty database). "Make a
 * PDF" on the leaflet's page makes the real one from its text.
 */
async function attachDemoPdf(db: Db, author: Actor, id: string, item: DemoItem) {
	const commune = item.unit.startsWith('16108') ? 'Xã Hà Bình' : 'Xã Đa Quyn';
	const gap = { text: '', size: 8 };
	const lines = [
		{ text: `UBND ${commune.toLocaleUpperCase('vi')}`, size: 12 },
		gap,
		{ text: item.title, size: 24 },
		gap,
		...(item.summary ? [{ text: item.summary, size: 16 }, gap] : []),
		...(item.body ?? '').split(/\n\s*\n/).flatMap((p) => [{ text: p, size: 14 }, gap]),
		gap,
		{ text: `Mọi thắc mắc xin liên hệ UBND ${commune} hoặc trưởng thôn.`, size: 12 }
	];
	await uploadLeafletPdf({ db, actor: author }, id, { bytes: simplePdf(lines), name: leafletFileName(item.title) });
}

async function seedItem(db: Db, people: { author: Actor; approver: Actor }, item: DemoItem): Promise<string> {
	const { status, returned, ...input } = item;
	const author = { db, actor: people.author };
	const approver = { db, actor: people.approver };
	const created = await createContent(author, input);
	if (item.kind === 'leaflet') await attachDemoPdf(db, people.author, created.id, item);
	if (status === 'draft' && !returned) return created.id;
	await submitContent(author, created.id);
	if (returned) {
		await returnContent(approver, created.id, { comment: returned });
		return created.id;
	}
	if (status === 'in_review') return created.id;
	await approveContent(approver, created.id);
	if (status === 'published') await publishContent(author, created.id);
	return created.id;
}

/** Loads the demo content (after units and accounts). */
export async function seedContent(db: Db): Promise<void> {
	const habinhPeople = { author: await actorOf(db, 'canbo.habinh'), approver: await actorOf(db, 'chutich.habinh') };
	// Đa Quyn has no chair among the demo accounts: the administrator approves its items.
	const daquynPeople = { author: await actorOf(db, 'canbo.daquyn'), approver: await actorOf(db, 'admin') };
	const peopleOf = (unit: string) => (unit.startsWith('16108') ? habinhPeople : daquynPeople);
	for (const item of [...habinh, ...daquyn]) await seedItem(db, peopleOf(item.unit), item);
	for (const leaflet of leaflets) {
		const people = peopleOf(leaflet.item.unit);
		const id = await seedItem(db, people, leaflet.item);
		const ctx = { db, actor: people.author };
		for (const run of leaflet.runs) await addPrintRun(ctx, id, { printedOn: daysAgo(run.daysAgo), quantity: run.quantity, printer: run.printer, cost: run.cost });
		for (const d of leaflet.handedOut) await addDistribution(ctx, id, { village: d.village, quantity: d.quantity, distributedOn: daysAgo(d.daysAgo) });
	}
}
