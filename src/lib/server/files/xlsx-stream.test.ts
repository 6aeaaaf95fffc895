import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { openRows, type RawRow } from './tabular-stream';
import { findHeader, foldHeader } from './tabular-header';

async function rowsOf(bytes: Uint8Array, sheet?: string): Promise<RawRow[]> {
	const reader = await openRows(bytes, { maxBytes: 100 * 1024 * 1024, sheet });
	const out: RawRow[] = [];
	for await (const row of reader.rows) out.push(row);
	return out;
}

describe('XLSX rows, streamed', () => {
	it('keeps every Vietnamese letter whole across the chunks a large sheet inflates in', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('DS');
		const names: string[] = [];
		const letters = 'ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ';
		for (let i = 0; i < 6000; i++) {
			const name = `Nguyễn ${letters.slice(i % 40, (i % 40) + 6)} ${i}`;
			names.push(name);
			// Half shared strings, half inline: both paths decode the same way.
			sheet.addRow([name, i % 2 ? { richText: [{ text: 'Thôn ' }, { text: 'Đông Sơn' }] } : 'Thôn Tây Sơn']);
		}
		const rows = await rowsOf(Buffer.from(await workbook.xlsx.writeBuffer()));
		expect(rows.map((r) => r.cells[0])).toEqual(names);
		expect(rows.every((r) => !r.cells.join('').includes('\uFFFD'))).toBe(true);
		expect(rows[1].cells[1]).toBe('Thôn Đông Sơn');
	});

	it('reads a workbook written by hand: inline strings, entities, a sheet chosen by name, 1904 dates, cells without references', async () => {
		const zip = new JSZip();
		zip.file('[Content_Types].xml', '<Types/>');
		zip.file(
			'xl/workbook.xml',
			'<?xml version="1.0"?><x:workbook xmlns:x="s" xmlns:r="r"><x:workbookPr date1904="1"/><x:sheets>' +
				'<x:sheet name="Bìa" sheetId="1" r:id="rId1"/><x:sheet name="Danh sách" sheetId="2" r:id="rId2"/></x:sheets></x:workbook>'
		);
		zip.file(
			'xl/_rels/workbook.xml.rels',
			'<Relationships><Relationship Id="rId1" Target="worksheets/a.xml"/><Relationship Id="rId2" Target="/xl/worksheets/b.xml"/></Relationships>'
		);
		zip.file('xl/styles.xml', '<styleSheet><numFmts><numFmt numFmtId="170" formatCode="dd/mm/yyyy"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="170"/></cellXfs></styleSheet>');
		zip.file('xl/worksheets/a.xml', '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>bìa</t></is></c></row></sheetData></worksheet>');
		zip.file(
			'xl/worksheets/b.xml',
			'<worksheet><sheetData>' +
				'<row r="2"><c t="inlineStr"><is><t>Lê &amp; Trần &#7855;</t></is></c><c s="1"><v>0</v></c><c t="b"><v>1</v></c></row>' +
				'<row><c r="C3"><v>1.5E+2</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="str"><f>A1</f><v>kết quả</v></c></row>' +
				'</sheetData></worksheet>'
		);
		const rows = await rowsOf(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), 'Danh sách');
		expect(rows).toEqual([
			{ line: 2, cells: ['Lê & Trần ắ', '1904-01-01', 'true'] },
			{ line: 3, cells: ['', '', '150', '', 'kết quả'] }
		]);
		await expect(rowsOf(await zip.generateAsync({ type: 'nodebuffer' }), 'Không có')).rejects.toMatchObject({ messageKey: 'file.table.noSheet' });
	});
});

describe('findHeader', () => {
	const known = new Set(['ho va ten', 'nam sinh', 'thon', 'phan loai', 'stt']);
	const isName = (s: string) => known.has(s);
	async function* from(rows: string[][]): AsyncGenerator<RawRow> {
		let line = 0;
		for (const cells of rows) yield { line: ++line, cells };
	}
	const collect = async (rows: AsyncIterable<RawRow>) => {
		const out: RawRow[] = [];
		for await (const r of rows) out.push(r);
		return out;
	};

	it('finds a two-row header below a title, under merged group cells, and skips the column numbers', async () => {
		const found = await findHeader(
			from([
				['DANH SÁCH HỘ NGHÈO'],
				[],
				['STT', 'Họ và tên', 'Năm sinh', '', 'Thôn'],
				['', '', 'Nam', 'Nữ', ''],
				['1', '2', '3', '4', '5'],
				['1', 'Lê Văn A', '1970', '', 'Đông']
			]),
			isName
		);
		expect(found!.header.lines).toEqual([3, 4, 5]);
		expect(found!.header.title.map((r) => r.line)).toEqual([1]);
		expect(found!.header.columns.map((c) => [c.label, c.group, c.name])).toEqual([
			['STT', null, 'stt'],
			['Họ và tên', null, 'ho va ten'],
			['Năm sinh – Nam', 'nam sinh', 'nam'],
			['Năm sinh – Nữ', 'nam sinh', 'nu'],
			['Thôn', null, 'thon']
		]);
		expect((await collect(found!.rows)).map((r) => r.line)).toEqual([6]);
	});

	it('does not take a data row for a sub-header, and gives up on a sheet with no header', async () => {
		const found = await findHeader(from([['Họ và tên', 'Năm sinh', 'Thôn'], ['Nam', '1970', 'Đông']]), isName);
		expect(found!.header.lines).toEqual([1]);
		expect((await collect(found!.rows)).map((r) => r.cells[0])).toEqual(['Nam']);
		expect(await findHeader(from([['Nội dung', 'Kinh phí'], ['In tờ rơi', '1000']]), isName)).toBeNull();
		expect(foldHeader('  SỐ ĐIỆN THOẠI (nếu có) ')).toBe('so dien thoai');
		expect(foldHeader('Ho\u0323 va\u0300 te\u0302n'.normalize('NFD'))).toBe('ho va ten');
	});
});
