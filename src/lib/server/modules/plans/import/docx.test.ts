import { AlignmentType, Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { describe, expect, it } from 'vitest';
import { PlanDocument } from '../plans.interchange';
import { parsePlanFile } from './index';
import { outline } from './testing';

// A .docx written the way communes write plans in Word: the header block and the signature
// block are two-column tables, headings are bold, lists use Word numbering (letters, bullets,
// numbers) rather than typed marks, the title breaks its line with Shift+Enter.

const p = (text: string, opts: { bold?: boolean; italics?: boolean; numbering?: { reference: string; level: number } } = {}) =>
	new Paragraph({ numbering: opts.numbering, children: [new TextRun({ text, bold: opts.bold, italics: opts.italics })] });
const cell = (...paragraphs: Paragraph[]) => new TableCell({ children: paragraphs, width: { size: 50, type: WidthType.PERCENTAGE } });
const letter = (text: string) => p(text, { numbering: { reference: 'letters', level: 0 } });
const plus = (text: string) => p(text, { numbering: { reference: 'letters', level: 1 } });
const dash = (text: string) => p(text, { numbering: { reference: 'dashes', level: 0 } });
const numbered = (text: string) => p(text, { bold: true, numbering: { reference: 'numbers', level: 0 } });

async function planDocx(): Promise<Uint8Array> {
	const doc = new Document({
		numbering: {
			config: [
				{
					reference: 'letters',
					levels: [
						{ level: 0, format: LevelFormat.LOWER_LETTER, text: '%1)', alignment: AlignmentType.LEFT },
						{ level: 1, format: LevelFormat.BULLET, text: '+', alignment: AlignmentType.LEFT }
					]
				},
				{ reference: 'dashes', levels: [{ level: 0, format: LevelFormat.BULLET, text: '-', alignment: AlignmentType.LEFT }] },
				{ reference: 'numbers', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT }] }
			]
		},
		sections: [
			{
				children: [
					new Table({
						rows: [
							new TableRow({
								children: [
									cell(p('UBND HUYỆN ĐỨC TRỌNG'), p('ỦY BAN NHÂN DÂN', { bold: true }), p('XÃ ĐA QUYN', { bold: true }), p('Số: 12/KH-UBND')),
									cell(
										p('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true }),
										p('Độc lập - Tự do - Hạnh phúc', { bold: true }),
										p('Đa Quyn, ngày 05 tháng 01 năm 2024', { italics: true })
									)
								]
							})
						]
					}),
					p('KẾ HOẠCH', { bold: true }),
					new Paragraph({
						children: [
							new TextRun({ text: 'Truyền thông về giảm nghèo bền vững', bold: true }),
							new TextRun({ text: 'năm 2024 trên địa bàn xã Đa Quyn', bold: true, break: 1 })
						]
					}),
					p('Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững;'),
					p('Căn cứ Kế hoạch số 7/KH-UBND ngày 10 tháng 12 năm 2023 của UBND huyện Đức Trọng về truyền thông giảm nghèo năm 2024;'),
					p('UBND xã Đa Quyn ban hành Kế hoạch truyền thông năm 2024 như sau:'),
					p('I. MỤC ĐÍCH, YÊU CẦU', { bold: true }),
					p('1. Mục đích', { bold: true }),
					p('Nâng cao nhận thức của người dân về Chương trình.'),
					p('2. Yêu cầu', { bold: true }),
					dash('Thông tin kịp thời, chính xác.'),
					dash('Phù hợp với từng nhóm đối tượng.'),
					p('II. ĐỐI TƯỢNG', { bold: true }),
					p('Người dân, hộ nghèo, hộ cận nghèo trên địa bàn xã; trưởng thôn.'),
					p('III. NỘI DUNG, HÌNH THỨC', { bold: true }),
					p('1. Nội dung', { bold: true }),
					letter('Tuyên truyền chính sách giảm nghèo:'),
					plus('Chính sách hỗ trợ nhà ở;'),
					plus('Chính sách tín dụng ưu đãi.'),
					letter('Gương điển hình thoát nghèo.'),
					letter('Kết quả thực hiện Chương trình.'),
					letter('Phản ánh, kiến nghị của người dân.'),
					letter('Các nội dung khác.'),
					p('2. Hình thức', { bold: true }),
					dash('Phát trên loa truyền thanh các thôn.'),
					dash('Đăng trên trang Zalo của xã.'),
					new Table({
						rows: [
							new TableRow({ children: [cell(p('STT')), cell(p('Hoạt động')), cell(p('Thời gian'))] }),
							new TableRow({ children: [cell(p('1')), cell(p('Hội nghị đối thoại')), cell(p('Quý I'))] }),
							new TableRow({ children: [cell(p('2')), cell(p('Tập huấn tuyên truyền viên')), cell(p('Quý II'))] })
						]
					}),
					p('IV. TỔ CHỨC THỰC HIỆN', { bold: true }),
					numbered('Công chức Văn hóa - Xã hội'),
					dash('Tham mưu tổng kết, báo cáo trước ngày 15/12/2024.'),
					numbered('Ban nhân dân các thôn'),
					dash('Phát thanh mỗi tuần hai lần.'),
					p('Trên đây là Kế hoạch truyền thông năm 2024 của UBND xã Đa Quyn./.'),
					new Table({
						rows: [
							new TableRow({
								children: [
									cell(p('Nơi nhận:', { bold: true, italics: true }), p('- UBND huyện (b/c);'), p('- Lưu: VT.')),
									cell(p('TM. ỦY BAN NHÂN DÂN', { bold: true }), p('CHỦ TỊCH', { bold: true }), p('(Đã ký)', { italics: true }), p('Nguyễn Văn An', { bold: true }))
								]
							})
						]
					})
				]
			}
		]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}

describe('a plan written in Word', async () => {
	const bytes = await planDocx();
	const doc = await parsePlanFile(bytes, 'ke-hoach.docx');

	it('reads the header table cell by cell, with the parent body above the issuer', () => {
		expect(PlanDocument.parse(doc)).toEqual(doc);
		expect(doc).toMatchObject({
			issuer: 'UBND xã Đa Quyn',
			parentIssuer: 'UBND huyện Đức Trọng',
			number: '12',
			symbol: 'KH-UBND',
			place: 'Đa Quyn',
			date: '2024-01-05',
			documentType: 'KẾ HOẠCH',
			title: 'Truyền thông về giảm nghèo bền vững năm 2024 trên địa bàn xã Đa Quyn',
			period: { from: 2024, to: 2024 },
			preamble: 'UBND xã Đa Quyn ban hành Kế hoạch truyền thông năm 2024 như sau:',
			closing: 'Trên đây là Kế hoạch truyền thông năm 2024 của UBND xã Đa Quyn./.'
		});
		expect(doc.bases.map((b) => [b.type, b.number, b.date, b.issuer])).toEqual([
			['decision', '90/QĐ-TTg', '2022-01-18', 'Thủ tướng Chính phủ'],
			['plan', '7/KH-UBND', '2023-12-10', 'UBND huyện Đức Trọng']
		]);
	});

	it('writes Word list numbering out as marks, Vietnamese letters included, and nests them', () => {
		expect(outline(doc.sections)).toEqual([
			'I MỤC ĐÍCH, YÊU CẦU [purposes_requirements]',
			'  1 Mục đích [purposes] ¶',
			'  2 Yêu cầu [requirements] - -',
			'II ĐỐI TƯỢNG [audiences] ¶',
			'III NỘI DUNG, HÌNH THỨC [content_channels_solutions]',
			'  1 Nội dung [themes] a)+2 b) c) d) đ)',
			'  2 Hình thức [channels] - - ¶ ¶ ¶',
			'IV TỔ CHỨC THỰC HIỆN [assignments]',
			'  1 Công chức Văn hóa - Xã hội [null] -',
			'  2 Ban nhân dân các thôn [null] -'
		]);
		const content = doc.sections[2].sections[0];
		expect(content.items[0]).toEqual({
			marker: 'a)',
			text: 'Tuyên truyền chính sách giảm nghèo:',
			items: [
				{ marker: '+', text: 'Chính sách hỗ trợ nhà ở;', items: [] },
				{ marker: '+', text: 'Chính sách tín dụng ưu đãi.', items: [] }
			]
		});
	});

	it('reads a data table row by row', () => {
		expect(doc.sections[2].sections[1].items.slice(2).map((i) => i.text)).toEqual([
			'STT | Hoạt động | Thời gian',
			'1 | Hội nghị đối thoại | Quý I',
			'2 | Tập huấn tuyên truyền viên | Quý II'
		]);
	});

	it('reads the signature table, notes "(Đã ký)" apart, and tasks with their deadline', () => {
		expect(doc.recipients).toEqual(['UBND huyện (b/c)', 'Lưu: VT']);
		expect(doc.signer).toEqual({ authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: 'Nguyễn Văn An' });
		expect(doc.warnings.map((w) => w.text)).toEqual(['(Đã ký)']);
		expect(doc.tasks).toEqual([
			{ assignee: 'Công chức Văn hóa - Xã hội', text: 'Tham mưu tổng kết, báo cáo trước ngày 15/12/2024.', due: '2024-12-15' },
			{ assignee: 'Ban nhân dân các thôn', text: 'Phát thanh mỗi tuần hai lần.', due: null }
		]);
		expect(doc.channels).toEqual(['loudspeaker', 'zalo', 'dialogue', 'conference', 'training']);
		expect(doc.audiences).toEqual(['poor', 'near_poor', 'village_head', 'general_public']);
	});

	it('refuses a damaged .docx, and a ZIP that is no Word file', async () => {
		await expect(parsePlanFile(bytes.subarray(0, bytes.length - 200), 'x.docx')).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'planImport.corrupt' });
		const zipOnly = new Uint8Array(bytes);
		// Rename word/document.xml in the central directory: the ZIP stays valid, the Word part is gone.
		const at = Buffer.from(zipOnly).lastIndexOf('word/document.xml');
		zipOnly.set(Buffer.from('word/documemt.xml'), at);
		await expect(parsePlanFile(zipOnly, 'x.docx')).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', messageKey: 'planImport.format' });
	});
});
