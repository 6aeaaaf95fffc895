import type { PlanBasis, PlanDocumentInput, PlanItem, PlanSection } from './plans.interchange';

/**
 * Lan Tỏa's communication plan template, written for this project: the structure of a commune
 * plan under Decree 30 (bases; I purposes and requirements; II audiences, scope and time; III
 * themes, channels, solutions; IV funding; V assignments; recipients; signer), with plausible
 * targets from the indicator catalogue and assignments that become tracked tasks. A province
 * gets the same outline with its own scope and assignees. Officers edit it before submitting.
 */

/** How a unit's name begins ("Xã Hà Bình") and the words its documents use for it. */
const levelWords: [prefix: string, word: string][] = [
	['Thành phố', 'thành phố'],
	['Thị trấn', 'thị trấn'],
	['Đặc khu', 'đặc khu'],
	['Phường', 'phường'],
	['Tỉnh', 'tỉnh'],
	['Huyện', 'huyện'],
	['Xã', 'xã']
];

/** "Xã Hà Bình" → { issuer: "UBND xã Hà Bình", place: "Hà Bình", local: "xã Hà Bình", word: "xã" }. */
export function unitWording(unitName: string) {
	const found = levelWords.find(([prefix]) => unitName.startsWith(prefix + ' '));
	const word = found?.[1] ?? '';
	const place = found ? unitName.slice(found[0].length + 1).trim() : unitName.trim();
	const local = word ? `${word} ${place}` : place;
	return { issuer: `UBND ${local}`, place, local, word: word || 'địa phương' };
}

export interface TemplateUnit {
	name: string;
	level: string;
	/** The unit above (the province of a commune), for the issuer's parent line and recipients. */
	parentName: string | null;
}

const item = (text: string, marker: string | null = '-', items: PlanItem[] = []): PlanItem => ({ marker, text, items });
const lettered = (texts: string[]) => texts.map((text, i) => item(text, `${'abcdđeghiklmn'[i]})`));
const section = (number: string, heading: string, kind: PlanSection['kind'], items: PlanItem[], sections: PlanSection[] = []): PlanSection => ({
	number,
	heading,
	kind,
	items,
	sections
});

/** Legal references that apply to the years of the plan (programme, poverty standard). */
function basesFor(from: number, to: number): PlanBasis[] {
	const bases: PlanBasis[] = [];
	const add = (b: Omit<PlanBasis, 'planId' | 'title'>) => bases.push({ ...b, title: null, planId: null });
	if (from <= 2025)
		add({
			text: 'Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025',
			type: 'decision',
			number: '90/QĐ-TTg',
			date: '2022-01-18',
			issuer: 'Thủ tướng Chính phủ'
		});
	if (to >= 2026)
		add({
			text: 'Nghị quyết số 257/2025/QH15 của Quốc hội về Chương trình mục tiêu quốc gia giai đoạn 2026 - 2035',
			type: 'resolution',
			number: '257/2025/QH15',
			date: null,
			issuer: 'Quốc hội'
		});
	if (from <= 2026)
		add({
			text: 'Nghị định số 07/2021/NĐ-CP ngày 27/01/2021 của Chính phủ quy định chuẩn nghèo đa chiều giai đoạn 2021 - 2025',
			type: 'decree',
			number: '07/2021/NĐ-CP',
			date: '2021-01-27',
			issuer: 'Chính phủ'
		});
	if (to >= 2027)
		add({ text: 'Nghị định số 351/2025/NĐ-CP của Chính phủ quy định chuẩn nghèo đa chiều', type: 'decree', number: '351/2025/NĐ-CP', date: null, issuer: 'Chính phủ' });
	return bases;
}

interface Assignment {
	assignee: string;
	tasks: { text: string; due: string | null }[];
}

function communeAssignments(y: number, local: string, word: string): Assignment[] {
	return [
		{
			assignee: 'Công chức Văn hóa - Xã hội',
			tasks: [
				{ text: `Tham mưu triển khai kế hoạch; lập lịch phát bản tin về giảm nghèo trên loa truyền thanh cho từng tháng.`, due: `${y}-01-31` },
				{ text: `Biên tập tin, bài về chính sách và gương thoát nghèo để đăng trên trang thông tin điện tử và mạng xã hội của ${word}.`, due: null },
				{ text: `Tổng hợp kết quả truyền thông 6 tháng đầu năm, báo cáo UBND ${word}.`, due: `${y}-06-20` },
				{ text: `Tổng hợp kết quả cả năm, tham mưu UBND ${word} báo cáo cấp trên.`, due: `${y}-12-15` }
			]
		},
		{
			assignee: 'Công chức Tài chính - Kế toán',
			tasks: [
				{ text: 'Tham mưu bố trí kinh phí thực hiện kế hoạch trong dự toán được giao.', due: `${y}-02-28` },
				{ text: 'Hướng dẫn thanh toán, quyết toán kinh phí các hoạt động truyền thông theo quy định.', due: `${y}-12-31` }
			]
		},
		{
			assignee: 'Ban nhân dân các thôn',
			tasks: [
				{ text: 'Phổ biến nội dung kế hoạch tại cuộc họp thôn; phát tờ rơi đến từng hộ nghèo, hộ cận nghèo.', due: `${y}-03-31` },
				{ text: `Hằng quý báo cáo kết quả tuyên truyền ở thôn về UBND ${word} qua công chức Văn hóa - Xã hội.`, due: null }
			]
		},
		{
			assignee: `Đề nghị Ủy ban Mặt trận Tổ quốc và các đoàn thể ${word}`,
			tasks: [
				{ text: 'Vận động hội viên, đoàn viên tham gia các hoạt động của kế hoạch; nhân rộng mô hình giúp nhau thoát nghèo.', due: null },
				{ text: `Vận động doanh nghiệp, nhà hảo tâm chung tay hỗ trợ hộ nghèo trên địa bàn ${local}.`, due: null }
			]
		},
		{
			assignee: `Chủ tịch, các Phó Chủ tịch UBND ${word}`,
			tasks: [{ text: 'Chỉ đạo, kiểm tra việc thực hiện kế hoạch; chủ trì đối thoại chính sách với người dân.', due: `${y}-09-30` }]
		}
	];
}

function provinceAssignments(y: number): Assignment[] {
	return [
		{
			assignee: 'Cơ quan thường trực Chương trình cấp tỉnh',
			tasks: [
				{ text: `Hướng dẫn các xã, phường xây dựng kế hoạch truyền thông năm ${y} phù hợp với kế hoạch này.`, due: `${y}-01-31` },
				{ text: 'Theo dõi, tổng hợp kết quả truyền thông của các địa phương, báo cáo UBND tỉnh.', due: `${y}-12-15` }
			]
		},
		{
			assignee: 'Sở Tài chính',
			tasks: [{ text: 'Tham mưu bố trí và hướng dẫn sử dụng kinh phí truyền thông theo quy định.', due: `${y}-03-31` }]
		},
		{
			assignee: 'Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh và các tổ chức chính trị - xã hội',
			tasks: [{ text: 'Lồng ghép nội dung của kế hoạch vào hoạt động của tổ chức; vận động nguồn lực xã hội hóa cho giảm nghèo.', due: null }]
		},
		{
			assignee: 'UBND các xã, phường',
			tasks: [{ text: 'Xây dựng, ban hành kế hoạch truyền thông của địa phương trên cơ sở kế hoạch này.', due: `${y}-02-28` }]
		}
	];
}

/** A new plan of `unit` for the years `from`–`to`, in the interchange format. */
export function planTemplate(unit: TemplateUnit, from: number, to: number): PlanDocumentInput {
	const { issuer, place, local, word } = unitWording(unit.name);
	const province = unit.level === 'province';
	const parentIssuer = unit.parentName ? unitWording(unit.parentName).issuer : null;
	const when = from === to ? `năm ${from}` : `giai đoạn ${from} - ${to}`;
	const perYear = from === to ? String(from) : 'year';
	const assignments = province ? provinceAssignments(from) : communeAssignments(from, local, word);

	const purposes = [
		`Giúp người dân, trước hết là hộ nghèo, hộ cận nghèo và hộ mới thoát nghèo, biết rõ các chính sách hỗ trợ hiện có, cách tiếp cận và nơi đề nghị khi cần.`,
		`Khơi dậy ý chí chủ động vươn lên của người dân; giới thiệu rộng rãi những cách làm hay, những hộ thoát nghèo nhờ tự lực để mọi người học tập.`,
		`Huy động cơ quan, đoàn thể, doanh nghiệp và cộng đồng cùng chung tay với công tác giảm nghèo trên địa bàn ${local}.`
	];
	const requirements = [
		'Thông tin chính xác, đúng chủ trương, chính sách; viết và nói ngắn gọn, dễ hiểu, gần gũi với từng nhóm người nghe.',
		'Chọn kênh phù hợp với từng nhóm đối tượng; ưu tiên những kênh người dân dùng hằng ngày như loa truyền thanh, họp thôn, Zalo.',
		'Mỗi hoạt động có người phụ trách, thời hạn và kết quả đo được; ghi nhận ý kiến của người dân và trả lời kịp thời.',
		`Tiết kiệm, lồng ghép với các hoạt động sẵn có của ${local}.`
	];
	const themes = [
		'Mục tiêu, đối tượng và mức hỗ trợ của Chương trình mục tiêu quốc gia về giảm nghèo (gọi tắt là Chương trình); quyền lợi và trách nhiệm của người được hỗ trợ; cách rà soát, công nhận hộ nghèo, hộ cận nghèo hằng năm.',
		'Các chính sách vay vốn ưu đãi, học nghề, việc làm, bảo hiểm y tế, giáo dục, nhà ở và nước sạch dành cho hộ nghèo, hộ cận nghèo.',
		'Cách làm ăn hiệu quả: chuyển đổi cây trồng, vật nuôi, áp dụng kỹ thuật mới, liên kết tiêu thụ sản phẩm.',
		'Những gia đình vượt khó thoát nghèo, những mô hình giúp nhau giảm nghèo của đoàn thể và cộng đồng dân cư.',
		'Phong trào thi đua “Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau”.',
		'Cách gửi câu hỏi, phản ánh, kiến nghị về chính sách giảm nghèo và theo dõi việc trả lời.'
	];
	const channels = [
		`Bản tin trên hệ thống loa truyền thanh ${province ? 'cơ sở' : `của ${word} và các thôn`}, ít nhất 4 bản tin mỗi tháng.`,
		`Tin, bài trên trang thông tin điện tử, trang Facebook và tài khoản Zalo chính thức của ${issuer}.`,
		province
			? 'Hội nghị, tọa đàm chuyên đề; lồng ghép vào các cuộc họp, sinh hoạt của các ngành, đoàn thể.'
			: 'Lồng ghép vào các cuộc họp thôn; đến tận nhà tuyên truyền cho hộ nghèo, hộ cận nghèo.',
		'Đối thoại chính sách với người dân ít nhất 2 lần trong năm.',
		'In, phát tờ rơi và tài liệu hỏi - đáp về chính sách giảm nghèo.',
		'Tập huấn, bồi dưỡng kỹ năng truyền thông cho cán bộ, trưởng thôn và tuyên truyền viên.'
	];
	const solutions = [
		`Giao rõ người phụ trách từng hoạt động; lập lịch truyền thông theo tháng và niêm yết tại trụ sở UBND${province ? '' : ' và nhà văn hóa các thôn'}.`,
		'Ghi nhận đầy đủ từng hoạt động và số hộ được tiếp cận để báo cáo định kỳ; đối chiếu với chỉ tiêu để điều chỉnh kịp thời.',
		'Phối hợp chặt chẽ với Mặt trận Tổ quốc và các đoàn thể; phát huy vai trò của người có uy tín trong cộng đồng.',
		'Tiếp nhận và trả lời phản ánh, kiến nghị của người dân qua đường dây nóng, Zalo và hòm thư góp ý; công khai kết quả trả lời.',
		'Lồng ghép nguồn lực; vận động doanh nghiệp, nhà hảo tâm hỗ trợ các hoạt động truyền thông.'
	];
	const funding = [
		item(`Ngân sách địa phương bố trí trong dự toán ${when} của ${local}.`, '1.'),
		item('Kinh phí truyền thông thuộc Chương trình do cấp trên phân bổ (nếu có).', '2.'),
		item('Nguồn xã hội hóa và các nguồn hợp pháp khác.', '3.')
	];

	return {
		issuer,
		parentIssuer,
		number: null,
		symbol: 'KH-UBND',
		place,
		date: null,
		documentType: 'KẾ HOẠCH',
		title: `Truyền thông về giảm nghèo bền vững trên địa bàn ${local} ${when}`,
		period: { from, to },
		preamble: `Thực hiện các văn bản trên và căn cứ tình hình thực tế của địa phương, ${issuer} ban hành Kế hoạch truyền thông về giảm nghèo bền vững ${when} như sau:`,
		bases: basesFor(from, to),
		sections: [
			section('I', 'MỤC ĐÍCH, YÊU CẦU', 'purposes_requirements', [], [
				section('1', 'Mục đích', 'purposes', purposes.map((t) => item(t))),
				section('2', 'Yêu cầu', 'requirements', requirements.map((t) => item(t)))
			]),
			section('II', 'ĐỐI TƯỢNG, PHẠM VI VÀ THỜI GIAN THỰC HIỆN', 'audiences_scope', [], [
				section('1', 'Đối tượng truyền thông', 'audiences', [
					item(
						'Toàn thể nhân dân, cán bộ, công chức trên địa bàn. Nhóm được ưu tiên: thành viên hộ nghèo, hộ cận nghèo, hộ mới thoát nghèo; đồng bào dân tộc thiểu số; trưởng thôn và người đứng đầu các đoàn thể; người làm công tác giảm nghèo.',
						null
					)
				]),
				section('2', 'Phạm vi và thời gian thực hiện', 'scope', [
					item(province ? `Phạm vi: các xã, phường trên địa bàn ${local}.` : `Phạm vi: tất cả các thôn trên địa bàn ${local}.`, 'a)'),
					item(from === to ? `Thời gian: năm ${from}.` : `Thời gian: từ năm ${from} đến năm ${to}.`, 'b)')
				])
			]),
			section('III', 'NỘI DUNG, HÌNH THỨC, GIẢI PHÁP', 'content_channels_solutions', [], [
				section('1', 'Nội dung truyền thông', 'themes', lettered(themes)),
				section('2', 'Hình thức truyền thông', 'channels', channels.map((t) => item(t))),
				section('3', 'Giải pháp', 'solutions', solutions.map((t) => item(t)))
			]),
			section('IV', 'KINH PHÍ THỰC HIỆN', 'funding', funding),
			section(
				'V',
				'TỔ CHỨC THỰC HIỆN',
				'assignments',
				[],
				assignments.map((a, i) => section(String(i + 1), a.assignee, null, a.tasks.map((t) => item(t.text))))
			)
		],
		closing: `Trên đây là Kế hoạch truyền thông về giảm nghèo bền vững ${when} của ${issuer}. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các bộ phận, đơn vị kịp thời báo cáo ${province ? 'UBND tỉnh' : `UBND ${word} (qua công chức Văn hóa - Xã hội)`} để xem xét, giải quyết./.`,
		recipients: province
			? ['Thường trực Tỉnh ủy, HĐND tỉnh (b/c);', 'Chủ tịch, các Phó Chủ tịch UBND tỉnh;', 'Các sở, ban, ngành cấp tỉnh (t/h);', 'UBND các xã, phường (t/h);', 'Lưu: VT.']
			: [
					...(parentIssuer ? [`${parentIssuer} (b/c);`] : []),
					`Thường trực Đảng ủy, HĐND ${word} (b/c);`,
					`Chủ tịch, các Phó Chủ tịch UBND ${word};`,
					`Ủy ban MTTQ và các đoàn thể ${word} (p/h);`,
					'Ban nhân dân các thôn (t/h);',
					'Lưu: VT, VH-XH.'
				],
		signer: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: null },
		targets: province
			? [
					{ indicator: 'bulletins_broadcast', period: 'month', value: 4, note: 'mỗi xã, phường, mỗi tháng' },
					{ indicator: 'articles_published', period: perYear, value: 120, note: null },
					{ indicator: 'dialogues_held', period: perYear, value: 10, note: null },
					{ indicator: 'leaflets_distributed', period: perYear, value: 20_000, note: null },
					{ indicator: 'share_poor_reached', period: perYear, value: 90, note: null },
					{ indicator: 'trainees', period: perYear, value: 500, note: null },
					{ indicator: 'stories_published', period: perYear, value: 20, note: null }
				]
			: [
					{ indicator: 'bulletins_broadcast', period: 'month', value: 4, note: null },
					{ indicator: 'articles_published', period: perYear, value: 24, note: null },
					{ indicator: 'social_posts_published', period: perYear, value: 24, note: null },
					{ indicator: 'dialogues_held', period: perYear, value: 2, note: null },
					{ indicator: 'leaflets_distributed', period: perYear, value: 500, note: null },
					{ indicator: 'share_poor_reached', period: perYear, value: 95, note: null },
					{ indicator: 'trainees', period: perYear, value: 30, note: null },
					{ indicator: 'stories_published', period: perYear, value: 4, note: null }
				],
		tasks: assignments.flatMap((a) => a.tasks.map((t) => ({ assignee: a.assignee, text: t.text, due: t.due }))),
		channels: ['loudspeaker', 'portal', 'facebook', 'zalo', 'dialogue', 'leaflet', 'training', province ? 'conference' : 'home_visit'],
		audiences: ['general_public', 'poor', 'near_poor', 'escaped', 'ethnic_minority', 'village_head', 'organisation_head', 'poverty_staff', 'cadre'],
		fundingSources: ['local_budget', 'central_programme', 'socialised'],
		warnings: []
	};
}
