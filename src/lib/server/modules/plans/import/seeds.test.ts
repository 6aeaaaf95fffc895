import { describe, expect, it } from 'vitest';
import { PlanDocument } from '../plans.interchange';
import { parsePlanFile } from './index';
import { bodyTexts, outline, readSeed, seedPath, wordCounts } from './testing';

// The two seed plans as they are: Hà Bình (Markdown, no header block) and Đa Quyn (text taken
// from a PDF: hard line breaks, blank lines between lines, page breaks inside sentences).

const parse = (prefix: string) => parsePlanFile(readSeed(prefix), seedPath(prefix));

/** Finds the item whose text starts with `start` anywhere in the plan. */
function itemText(doc: PlanDocument, start: string): string {
	const found = bodyTexts(doc).find((t) => t.startsWith(start));
	if (!found) throw new Error(`no item starting ${JSON.stringify(start)}`);
	return found;
}

/**
 * Every word of the seed body appears in the JSON at least as often: nothing dropped. The header
 * block (before "KẾ HOẠCH") is left out: its motto is fixed text and its lines become fields
 * ("UBND xã Đa Quyn", an ISO date), checked one by one above; so is the label "Nơi nhận".
 */
function missingWords(seed: string, doc: PlanDocument): string[] {
	const body = seed
		.normalize('NFC')
		.slice(seed.normalize('NFC').indexOf('KẾ HOẠCH'))
		.replace(/Nơi nhận/gu, ' ');
	const inJson = wordCounts(JSON.stringify(doc));
	const missing: string[] = [];
	for (const [word, count] of wordCounts(body)) if ((inJson.get(word) ?? 0) < count) missing.push(`${word} ×${count - (inJson.get(word) ?? 0)}`);
	return missing;
}

describe('Hà Bình seed (Markdown emphasis and headings, no header block)', async () => {
	const doc = await parse('000');

	it('is a valid plan document', () => {
		expect(PlanDocument.parse(doc)).toEqual(doc);
	});

	it('reads the header fields, taking the issuer from the preamble (and saying so)', () => {
		expect(doc).toMatchObject({
			issuer: 'UBND xã Hà Bình',
			parentIssuer: null,
			number: null,
			symbol: 'KH-UBND',
			place: null,
			date: null,
			documentType: 'KẾ HOẠCH',
			title: 'Truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn xã Hà Bình giai đoạn 2021-2025',
			period: { from: 2022, to: 2025 }
		});
		expect(doc.preamble).toBe(
			'UBND xã Hà Bình xây dựng Kế hoạch truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn xã giai đoạn 2021-2025, với những nội dung cụ thể như sau:'
		);
		expect(doc.warnings).toHaveLength(1);
		expect(doc.warnings[0]).toMatchObject({ text: 'UBND xã Hà Bình' });
		expect(doc.warnings[0].message).toContain('No document header');
	});

	it('splits the one paragraph of bases into four references', () => {
		expect(doc.bases.map(({ type, number, date, issuer }) => ({ type, number, date, issuer }))).toEqual([
			{ type: 'decision', number: '90/QĐ-TTg', date: '2022-01-18', issuer: 'Thủ tướng Chính phủ' },
			{ type: 'circular', number: '06/2022/TT-BTTTT', date: '2022-06-30', issuer: 'Bộ Thông tin và Truyền thông' },
			{ type: 'plan', number: '204/KH-UBND', date: '2022-08-22', issuer: 'UBND tỉnh Thanh Hóa' },
			{ type: 'plan', number: '152/KH-UBND', date: '2022-09-05', issuer: 'UBND huyện Hà Trung' }
		]);
		expect(doc.bases[0].text).toBe(
			'Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững'
		);
		expect(doc.bases[0].title).toBe('phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững');
	});

	it('builds the section tree by numbering, whatever the Markdown heading levels say', () => {
		expect(outline(doc.sections)).toEqual([
			'I MỤC ĐÍCH, YÊU CẦU [purposes_requirements]',
			'  1 Mục đích [purposes] ¶',
			'  2 Yêu cầu [requirements] - - -',
			'II ĐỐI TƯỢNG, PHẠM VI VÀ THỜI GIAN THỰC HIỆN [audiences_scope]',
			'  1 Đối tượng truyền thông [audiences] ¶',
			'  2 Phạm vi và thời gian thực hiện [scope] ¶ ¶',
			'III NỘI DUNG, HÌNH THỨC, GIẢI PHÁP [content_channels_solutions]',
			'  1 Nội dung [themes] a)+4 b) c) d) đ) e)',
			'  2 Hình thức [channels] - - - - -',
			'  3 Giải pháp [solutions] - - - - - - -',
			'IV KINH PHÍ THỰC HIỆN [funding] ¶',
			'V TỔ CHỨC THỰC HIỆN [assignments]',
			'  1 Công chức VH-XH phụ trách lĩnh vực Lao động Thương binh và xã hội [null] - - -',
			'  2 Công chức Văn hóa – xã hội phụ trách lĩnh vực văn hóa thông tin [null] ¶',
			'  3 Các thành viên Ban chỉ đạo [null] - - -',
			'  4 Đề nghị các ban ngành đoàn thể xã [null] - - -'
		]);
	});

	it('joins sentences broken across a page and strips the marks but not the text', () => {
		expect(itemText(doc, 'Đẩy mạnh việc ứng dụng')).toContain('tạo các kênh truyền thông 2 chiều, đảm bảo mục tiêu');
		expect(itemText(doc, 'Bố trí nguồn lực')).toBe(
			'Bố trí nguồn lực và thực hiện kiểm tra, giám sát việc triển khai thực hiện kế hoạch truyền thông về Chương trình, thực hiện hiệu quả chính sách, chương trình giảm nghèo.'
		);
		const a = doc.sections[2].sections[0].items[0];
		expect(a.marker).toBe('a)');
		expect(a.text.startsWith('Tập trung tuyên truyền')).toBe(true);
		expect(a.items.map((i) => i.text.slice(0, 20))).toEqual(['Thực hiện mục tiêu g', 'Đối với hộ nghèo, đổ', 'Gắn kết chặt chẽ hơn', 'Tuyên truyền, vận độ']);
		expect(itemText(doc, 'Tiếp tục tổ chức')).toMatch(/phía sau”\.\/\.$/u);
		expect(bodyTexts(doc).join('\n')).not.toMatch(/\*|#/);
	});

	it('reads recipients, signer, closing', () => {
		expect(doc.recipients).toEqual(['Phòng LĐTB&XH(b/c)', 'TTr ĐU, TTr HĐND (b/c)', 'Các thành viên BCD (T/h)', 'Trưởng thôn các thôn (T/h)', 'Lưu: VT, VH-XH']);
		expect(doc.signer).toEqual({ authority: null, title: 'CHỦ TỊCH', name: 'Nguyễn Thành Đô' });
		expect(doc.closing).toBeNull();
	});

	it('recognises channels, audiences, funding and one task per item of "Tổ chức thực hiện"', () => {
		expect(doc.channels).toEqual(['loudspeaker', 'portal', 'dialogue', 'leaflet', 'contest', 'conference', 'training', 'emulation']);
		expect(doc.audiences).toEqual(['poor', 'near_poor', 'escaped', 'village_head', 'organisation_head', 'poverty_staff', 'cadre', 'general_public']);
		expect(doc.fundingSources).toEqual(['local_budget']);
		expect(doc.tasks).toHaveLength(10);
		expect(doc.tasks[0]).toEqual({
			assignee: 'Công chức VH-XH phụ trách lĩnh vực Lao động Thương binh và xã hội',
			text: 'Tham mưu xây dựng kế hoạch truyền thông về chương trình.',
			due: null
		});
		expect(doc.tasks.map((t) => t.assignee).filter((a, i, all) => all.indexOf(a) === i)).toEqual([
			'Công chức VH-XH phụ trách lĩnh vực Lao động Thương binh và xã hội',
			'Công chức Văn hóa – xã hội phụ trách lĩnh vực văn hóa thông tin',
			'Các thành viên Ban chỉ đạo',
			'Đề nghị các ban ngành đoàn thể xã'
		]);
	});

	it('drops no word of the plan', () => {
		expect(missingWords(readSeed('000').toString('utf8'), doc)).toEqual([]);
	});
});

describe('Đa Quyn seed (text taken from a PDF)', async () => {
	const doc = await parse('002');

	it('is a valid plan document without warnings', () => {
		expect(PlanDocument.parse(doc)).toEqual(doc);
		expect(doc.warnings).toEqual([]);
	});

	it('reads the header block: issuer, number and symbol, place and date; the motto is left out', () => {
		expect(doc).toMatchObject({
			issuer: 'UBND xã Đa Quyn',
			parentIssuer: null,
			number: null,
			symbol: 'KH-UBND',
			place: 'Đa Quyn',
			date: '2023-12-01',
			documentType: 'KẾ HOẠCH',
			title: 'Truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2023 trên địa bàn xã Đa Quyn',
			period: { from: 2023, to: 2023 },
			preamble:
				'UBND xã Đa Quyn xây dựng Kế hoạch truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2023 trên địa bàn xã Đa Quyn, cụ thể như sau:',
			closing: 'Trên đây là Kế hoạch truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn xã Đa Quyn năm 2023./.'
		});
		expect(JSON.stringify(doc)).not.toMatch(/CỘNG HÒA|Hạnh phúc/u);
	});

	it('reads the "Thực hiện Kế hoạch số …" basis', () => {
		expect(doc.bases).toEqual([
			{
				text: 'Thực hiện Kế hoạch số 21/KH-LĐTBXH ngày 16/11/2023 của Phòng Lao động TB&XH huyện Đức Trọng về việc truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn huyện Đức Trọng năm 2023',
				type: 'plan',
				number: '21/KH-LĐTBXH',
				date: '2023-11-16',
				issuer: 'Phòng Lao động TB&XH huyện Đức Trọng',
				title: 'truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn huyện Đức Trọng năm 2023',
				planId: null
			}
		]);
	});

	it('builds the section tree; headings lose their trailing colon', () => {
		expect(outline(doc.sections)).toEqual([
			'I MỤC ĐÍCH, YÊU CẦU [purposes_requirements]',
			'  1 Mục đích [purposes] ¶',
			'  2 Yêu cầu [requirements] - - -',
			'II ĐỐI TƯỢNG, PHẠM VI VÀ THỜI GIAN THỰC HIỆN [audiences_scope]',
			'  1 Đối tượng truyền thông [audiences] ¶',
			'  2 Phạm vi và thời gian thực hiện [scope] a) b)',
			'III NỘI DUNG, HÌNH THỨC, GIẢI PHÁP [content_channels_solutions]',
			'  1 Nội dung [themes] - - - - - -',
			'  2 Hình thức [channels] - - - -',
			'  3 Giải pháp [solutions] - - - - -',
			'IV KINH PHÍ THỰC HIỆN [funding] 1. ¶ 2.',
			'V TỔ CHỨC THỰC HIỆN [assignments]',
			'  1 Công chức VH- XH phụ trách Lao động - TB&XH xã [null] - - - -',
			'  2 Công chức Tài chính - Kế toán xã [null] ¶',
			'  3 Ban nhân dân các thôn [null] - -'
		]);
	});

	it('joins the hard-broken lines, across page breaks, keeping words whole', () => {
		expect(doc.sections[0].sections[0].items[0].text).toBe(
			'Tăng cường truyền thông, nâng cao nhận thức, trách nhiệm của toàn xã hội về mục đích, ý nghĩa, nội dung, giải pháp của Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2022 - 2025 (sau đây gọi tắt là Chương trình) nhằm tạo sự đồng thuận, ủng hộ của toàn xã hội góp phần huy động nguồn lực thực hiện mục tiêu giảm nghèo bền vững; khơi dậy ý chí chủ động, vươn lên của người nghèo, tiếp nhận và sử dụng có hiệu quả chính sách và nguồn lực hỗ trợ của nhà nước, của cộng đồng, trước mắt là để người nghèo thoát nghèo bền vững và vươn lên làm giàu chính đáng.'
		);
		expect(itemText(doc, 'Truyền thông trên các phương tiện')).toBe('Truyền thông trên các phương tiện thông tin đại chúng (facebook, zalo,…), loa truyền thanh… từ xã tới thôn.');
		expect(itemText(doc, 'Phối hợp với các ban ngành, đoàn thể liên quan')).toContain('pháp luật về Chương trình đến các cấp ủy Đảng');
		expect(itemText(doc, 'Tập trung tuyên truyền')).toContain('Kế hoạch liên tịch số 56/KHLT-UBND-UBMTTQ ngày 31/8/2023 của UBND huyện Đức Trọng - UBMTTQ huyện Đức Trọng về');
		expect(itemText(doc, 'Thực hiện các chương trình')).toMatch(/quốc phòng và an ninh Nhân dân\.$/u);
		// Combining accents of the PDF text ("xã" as x + a + ◌̃) come out composed.
		expect(JSON.stringify(doc)).toBe(JSON.stringify(doc).normalize('NFC'));
	});

	it('reads recipients and the signer', () => {
		expect(doc.recipients).toEqual(['TT ĐU, HĐND xã', 'CT, các PCT UBND xã', 'Mặt trận, các ban, ngành, đoàn thể xã', 'Ban nhân dân các thôn', 'Lưu: VT, VHXH']);
		expect(doc.signer).toEqual({ authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: 'Nguyễn Văn Dương' });
	});

	it('recognises channels, audiences, funding and tasks', () => {
		expect(doc.channels).toEqual(['loudspeaker', 'facebook', 'zalo', 'dialogue', 'leaflet', 'other']);
		expect(doc.audiences).toEqual(['poor', 'near_poor', 'escaped', 'poverty_staff', 'cadre', 'general_public']);
		expect(doc.fundingSources).toEqual(['central_programme', 'legal_dissemination', 'socialised']);
		expect(doc.tasks.map((t) => t.assignee)).toEqual([
			...Array(4).fill('Công chức VH- XH phụ trách Lao động - TB&XH xã'),
			'Công chức Tài chính - Kế toán xã',
			'Ban nhân dân các thôn',
			'Ban nhân dân các thôn'
		]);
		expect(doc.tasks.every((t) => t.due === null)).toBe(true);
	});

	it('drops no word of the plan', () => {
		const seed = readSeed('002').toString('utf8');
		expect(missingWords(seed, doc)).toEqual([]);
		// The check sees a lost paragraph: without the last funding item, its words are missing.
		const cut = structuredClone(doc);
		cut.sections[3].items.pop();
		expect(missingWords(seed, cut)).toEqual(expect.arrayContaining(['huy ×1', 'hoá ×1']));
	});
});
