import zlib from 'node:zlib';

/**
 * A small XLSX writer for large exports (first the settlement of a province): sheets of rows whose
 * cells are text (inline strings) or integers, with four styles (plain, bold, amount `#,##0`, bold
 * amount), column widths and frozen header rows. Tens of thousands of rows are common; ExcelJS's
 * writers spend about 0.1 ms a row, this writes the XML as text and deflates it (see BENCHMARKS.md).
 */

export type XlsxCell = string | number | null;
export interface XlsxRow {
	cells: XlsxCell[];
	bold?: boolean;
	/** Zero-based columns whose numbers are amounts (`#,##0`). */
	money?: number[];
}
export interface XlsxSheet {
	name: string;
	widths: number[];
	/** Rows frozen at the top. */
	freeze?: number;
	rows: XlsxRow[];
}

const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const esc = (s: string) =>
	// Most text needs nothing: tested once, then written as it is.
	!NEEDS_ESCAPE.test(s)
		? s
		: s
				// Characters XML 1.0 cannot carry are dropped.
				.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
				.replace(/&/g, '&amp;')
				.replace(/</g, '&lt;')
				.replace(/>/g, '&gt;')
				.replace(/"/g, '&quot;');

function column(i: number): string {
	let s = '';
	for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}
/** Column letters of the first columns, computed once. */
const COLUMNS = Array.from({ length: 64 }, (_, i) => column(i));
const columnOf = (i: number) => COLUMNS[i] ?? column(i);
/** The style attribute of a cell: plain, bold, amount, bold amount. */
const STYLE = ['', ' s="1"', ' s="2"', ' s="3"'];

/** Text keeps its spaces and line breaks as typed only when told to; most text has none to keep. */
const KEEPS_SPACE = /^\s|\s$|[\n\t]|\s\s/;
/** Rows written into one piece of text before it becomes bytes: short-lived strings, cheap to collect. */
const ROWS_PER_CHUNK = 512;

/**
 * The sheet's XML as UTF-8 pieces. Written a few hundred rows at a time and turned into bytes at
 * once, so a sheet of tens of thousands of rows never lives as one large string (which cost more
 * in garbage collection than the writing itself).
 */
function sheetXml(sheet: XlsxSheet): Buffer[] {
	const chunks: Buffer[] = [];
	let head =
		'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';
	if (sheet.freeze)
		head += `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${sheet.freeze}" topLeftCell="A${sheet.freeze + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`;
	head += '<cols>' + sheet.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('') + '</cols><sheetData>';
	chunks.push(Buffer.from(head, 'utf8'));
	let xml = '';
	for (let r = 0; r < sheet.rows.length; r++) {
		const row = sheet.rows[r];
		const n = r + 1;
		xml += `<row r="${n}">`;
		for (let c = 0; c < row.cells.length; c++) {
			const v = row.cells[c];
			if (v === null || v === '') continue;
			const ref = columnOf(c) + n;
			if (typeof v === 'number') {
				const money = row.money !== undefined && row.money.includes(c);
				xml += `<c r="${ref}"${STYLE[row.bold ? (money ? 3 : 1) : money ? 2 : 0]}><v>${v}</v></c>`;
			} else xml += `<c r="${ref}"${STYLE[row.bold ? 1 : 0]} t="inlineStr"><is>${KEEPS_SPACE.test(v) ? '<t xml:space="preserve">' : '<t>'}${esc(v)}</t></is></c>`;
		}
		xml += '</row>';
		if (n % ROWS_PER_CHUNK === 0) {
			chunks.push(Buffer.from(xml, 'utf8'));
			xml = '';
		}
	}
	chunks.push(Buffer.from(xml + '</sheetData></worksheet>', 'utf8'));
	return chunks;
}

const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs></styleSheet>`;

/** The workbook's parts, then a ZIP of them (deflated). */
export function writeXlsx(sheets: XlsxSheet[], creator = 'Lan Tỏa'): Buffer {
	const files: [string, string | Buffer[]][] = [
		[
			'[Content_Types].xml',
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`
		],
		[
			'_rels/.rels',
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`
		],
		[
			'docProps/core.xml',
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${esc(creator)}</dc:creator></cp:coreProperties>`
		],
		[
			'xl/workbook.xml',
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name.slice(0, 31))}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`
		],
		[
			'xl/_rels/workbook.xml.rels',
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
		],
		['xl/styles.xml', styles],
		...sheets.map((s, i): [string, Buffer[]] => [`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s)])
	];
	return zip(files.map(([name, body]) => ({ name, data: typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.concat(body) })));
}

/** A ZIP archive of deflated entries (no ZIP64: a settlement stays far below 4 GB). */
function zip(entries: { name: string; data: Buffer }[]): Buffer {
	const parts: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const name = Buffer.from(e.name, 'utf8');
		const packed = zlib.deflateRawSync(e.data, { level: 1 });
		const crc = zlib.crc32(e.data) >>> 0;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x0800, 6); // UTF-8 names
		local.writeUInt16LE(8, 8);
		local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(packed.length, 18);
		local.writeUInt32LE(e.data.length, 22);
		local.writeUInt16LE(name.length, 26);
		local.writeUInt16LE(0, 28);
		const dir = Buffer.alloc(46);
		dir.writeUInt32LE(0x02014b50, 0);
		dir.writeUInt16LE(20, 4);
		dir.writeUInt16LE(20, 6);
		dir.writeUInt16LE(0x0800, 8);
		dir.writeUInt16LE(8, 10);
		dir.writeUInt32LE(0x00210000, 12);
		dir.writeUInt32LE(crc, 16);
		dir.writeUInt32LE(packed.length, 20);
		dir.writeUInt32LE(e.data.length, 24);
		dir.writeUInt16LE(name.length, 28);
		dir.writeUInt32LE(offset, 42);
		parts.push(local, name, packed);
		central.push(dir, name);
		offset += local.length + name.length + packed.length;
	}
	const dirBytes = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(dirBytes.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...parts, dirBytes, end]);
}
