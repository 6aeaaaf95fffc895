import { beforeAll, describe, expect, it } from 'vitest';
import { renderDocx } from './docx';
import { buildDocument, findParagraph, paragraphs, readZipEntry, runSizes, runsAre } from './testing';

describe('renderDocx: Decree 30 layout', () => {
	let xml = '';
	let styles = '';
	let header = '';
	beforeAll(async () => {
		const docx = await renderDocx(buildDocument());
		xml = readZipEntry(docx, 'word/document.xml');
		styles = readZipEntry(docx, 'word/styles.xml');
		const rels = readZipEntry(docx, 'word/_rels/document.xml.rels');
		// Every header part, the empty first-page one and the numbered one.
		header = [...rels.matchAll(/Target="(header\d+\.xml)"/g)].map((m) => readZipEntry(docx, `word/${m[1]}`)).join('\n');
	});

	it('is A4 portrait with margins inside the decree ranges', () => {
		expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"( w:orient="portrait")?\/>/);
		const margin = /<w:pgMar ([^>]*)\/>/.exec(xml)![1];
		const twips = (name: string) => Number(new RegExp(`w:${name}="(\\d+)"`).exec(margin)![1]);
		const mm = (name: string) => (twips(name) * 25.4) / 1440;
		expect(mm('top')).toBeGreaterThanOrEqual(19.99);
		expect(mm('top')).toBeLessThanOrEqual(25);
		expect(mm('bottom')).toBeGreaterThanOrEqual(19.99);
		expect(mm('bottom')).toBeLessThanOrEqual(25);
		expect(mm('left')).toBeGreaterThanOrEqual(29.99);
		expect(mm('left')).toBeLessThanOrEqual(35);
		expect(mm('right')).toBeGreaterThanOrEqual(14.99);
		expect(mm('right')).toBeLessThanOrEqual(20);
	});

	it('names Times New Roman on every run and as the document default', () => {
		const fonts = [...xml.matchAll(/<w:rFonts ([^>]*)\/>/g)].map((m) => m[1]);
		expect(fonts.length).toBeGreaterThan(20);
		for (const f of fonts) {
			expect(f).toContain('w:ascii="Times New Roman"');
			expect(f).toContain('w:hAnsi="Times New Roman"');
			expect(f).toContain('w:cs="Times New Roman"');
		}
		const runsWithText = [...xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].filter((r) => /<w:t[ >]/.test(r[1]));
		expect(runsWithText.every((r) => r[1].includes('w:ascii="Times New Roman"'))).toBe(true);
		const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)![0];
		expect(defaults).toContain('w:ascii="Times New Roman"');
		expect(defaults).toContain('<w:sz w:val="28"/>');
		expect(defaults).toContain('w:val="vi-VN"');
	});

	it('sets the header: issuer upper case bold, parent upright, national name 13 bold, motto 14 bold, each with its rule', () => {
		const parent = findParagraph(xml, 'UBND HUYỆN ĐỨC TRỌNG');
		expect(runSizes(parent)).toEqual([26]);
		expect(runsAre(parent, 'b')).toBe(false);
		for (const line of ['ỦY BAN NHÂN DÂN', 'XÃ ĐA QUYN']) {
			const p = findParagraph(xml, line);
			expect(runSizes(p)).toEqual([26]);
			expect(runsAre(p, 'b')).toBe(true);
		}
		const national = findParagraph(xml, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		expect(runSizes(national)).toEqual([26]);
		expect(runsAre(national, 'b')).toBe(true);
		const motto = findParagraph(xml, 'Độc lập - Tự do - Hạnh phúc');
		expect(runSizes(motto)).toEqual([28]);
		expect(runsAre(motto, 'b')).toBe(true);
		// The two header columns: a borderless table, issuer first, motto beside it.
		const table = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(xml)![0];
		expect(table).toMatch(/<w:top w:val="none"/);
		expect(table.indexOf('ỦY BAN NHÂN DÂN')).toBeLessThan(table.indexOf('CỘNG HÒA XÃ HỘI'));
		// Short rules: empty paragraphs with a bottom border, narrower than their column.
		const rules = paragraphs(table).filter((p) => p.xml.includes('<w:pBdr><w:bottom w:val="single"'));
		expect(rules).toHaveLength(2);
		for (const r of rules) expect(Number(/w:left="(\d+)"/.exec(r.xml)![1])).toBeGreaterThan(300);
	});

	it('writes the number line, the italic place and date, and the type name and summary', () => {
		const number = findParagraph(xml, 'Số: 07/KH-UBND');
		expect(runSizes(number)).toEqual([26]);
		const date = findParagraph(xml, 'Đa Quyn, ngày 05 tháng 02 năm 2024');
		expect(runsAre(date, 'i')).toBe(true);
		expect(runSizes(date)[0]).toBeGreaterThanOrEqual(26);
		const type = findParagraph(xml, 'KẾ HOẠCH');
		expect(runsAre(type, 'b')).toBe(true);
		expect(type.xml).toContain('<w:jc w:val="center"/>');
		expect(runSizes(type)[0]).toBeGreaterThanOrEqual(26);
		const title = findParagraph(xml, 'Truyền thông về Chương trình mục tiêu quốc gia\ngiảm nghèo bền vững năm 2024');
		expect(runsAre(title, 'b')).toBe(true);
		expect(title.xml).toContain('<w:jc w:val="center"/>');
	});

	it('sets the body justified in 14 pt, first line indented, at least 6 pt after, line spacing 1.15–1.5', () => {
		const body = findParagraph(xml, 'a) Tăng cường truyền thông & nâng cao nhận thức <người dân>.');
		expect(runSizes(body)).toEqual([28]);
		expect(body.xml).toContain('<w:jc w:val="both"/>');
		const indent = Number(/<w:ind w:firstLine="(\d+)"/.exec(body.xml)![1]);
		expect(indent).toBeGreaterThanOrEqual(567); // 1 cm
		expect(indent).toBeLessThanOrEqual(720); // 1.27 cm
		const spacing = /<w:spacing ([^>]*)\/>/.exec(body.xml)![1];
		expect(Number(/w:after="(\d+)"/.exec(spacing)![1])).toBeGreaterThanOrEqual(120);
		const line = Number(/w:line="(\d+)"/.exec(spacing)![1]);
		expect(line).toBeGreaterThanOrEqual(276);
		expect(line).toBeLessThanOrEqual(360);
		const spans = findParagraph(xml, '- Phạm vi: toàn xã.');
		expect(spans.xml).toMatch(/<w:b\/>[\s\S]*Phạm vi: /);
	});

	it('sets headings bold and keeps them with the next paragraph', () => {
		for (const text of ['I. MỤC ĐÍCH, YÊU CẦU', '1. Mục đích']) {
			const h = findParagraph(xml, text);
			expect(runsAre(h, 'b')).toBe(true);
			expect(h.xml).toContain('<w:keepNext/>');
			expect(runSizes(h)).toEqual([28]);
		}
		expect(runsAre(findParagraph(xml, 'a) Chỉ tiêu'), 'i')).toBe(true);
	});

	it('sets "Nơi nhận:" bold italic 12 and its list in 11, beside a bold upper-case signature block', () => {
		const label = findParagraph(xml, 'Nơi nhận:');
		expect(runSizes(label)).toEqual([24]);
		expect(runsAre(label, 'b')).toBe(true);
		expect(runsAre(label, 'i')).toBe(true);
		const lines = ['- TT ĐU, HĐND xã;', '- CT, các PCT UBND xã;', '- Lưu: VT, VHXH.'];
		for (const line of lines) expect(runSizes(findParagraph(xml, line))).toEqual([22]);
		for (const line of ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', 'Nguyễn Văn Dương']) {
			const p = findParagraph(xml, line);
			expect(runsAre(p, 'b')).toBe(true);
			expect(runSizes(p)[0]).toBeGreaterThanOrEqual(26);
		}
		// Recipients and signature share the last table row, which does not split across pages.
		const last = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].pop()![0];
		expect(last).toContain('Nơi nhận:');
		expect(last).toContain('Nguyễn Văn Dương');
		expect(last).toMatch(/<w:cantSplit\/>|<w:cantSplit w:val="(on|true|1)"\/>/);
		// Room to sign: blank lines between the title and the name.
		const between = paragraphs(last).map((p) => p.text);
		const gap = between.indexOf('Nguyễn Văn Dương') - between.indexOf('CHỦ TỊCH') - 1;
		expect(gap).toBeGreaterThanOrEqual(3);
	});

	it('numbers pages from page 2, centred at the top', () => {
		expect(xml).toContain('<w:titlePg/>');
		expect(xml).toMatch(/<w:headerReference w:type="first" r:id="[^"]+"\/>/);
		expect(xml).toMatch(/<w:headerReference w:type="default" r:id="[^"]+"\/>/);
		expect(header).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
		const numbered = paragraphs(header).find((p) => p.xml.includes('PAGE'))!;
		expect(numbered.xml).toContain('<w:jc w:val="center"/>');
		expect(numbered.xml).toContain('Times New Roman');
	});

	it('draws the table block with a header row and right-aligned numbers', () => {
		const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
		const table = tables.find((t) => t.includes('Bản tin phát thanh'))!;
		expect(table).toContain('<w:tblHeader/>');
		expect(table).toMatch(/<w:top w:val="single"/);
		expect(findParagraph(table, '48').xml).toContain('<w:jc w:val="right"/>');
	});
});

describe('renderDocx: text', () => {
	it('keeps Vietnamese as NFC and drops characters XML cannot carry', async () => {
		const decomposed = 'Hướng dẫn thực hiện'.normalize('NFD');
		const docx = await renderDocx(
			buildDocument({ body: [{ kind: 'paragraph', text: `${decomposed}\u0001\u000b\ud800 xong` }], title: 'Kế hoạch'.normalize('NFD') })
		);
		const xml = readZipEntry(docx, 'word/document.xml');
		expect(xml).toContain('Hướng dẫn thực hiện xong'.normalize('NFC'));
		expect(xml).not.toContain(decomposed);
		expect(xml).not.toMatch(/[\u0001\u000b]/);
		expect(paragraphs(xml).some((p) => p.text === 'Kế hoạch')).toBe(true);
	});

	it('leaves a blank for the number and dots for the date when there are none, as the seeds do', async () => {
		const xml = readZipEntry(await renderDocx(buildDocument({ number: null, date: null, place: null })), 'word/document.xml');
		expect(paragraphs(xml).some((p) => /^Số: \u00a0+\/KH-UBND$/.test(p.text))).toBe(true);
		expect(paragraphs(xml).some((p) => p.text === '…………, ngày …… tháng …… năm ………')).toBe(true);
	});

	it('renders a document without parent, type name, recipients or signer', async () => {
		const xml = readZipEntry(
			await renderDocx(buildDocument({ parentIssuer: null, documentType: null, recipients: [], signer: null })),
			'word/document.xml'
		);
		expect(xml).not.toContain('Nơi nhận:');
		expect(xml).not.toContain('KẾ HOẠCH');
		expect(xml).toContain('Truyền thông về Chương trình');
	});
});
