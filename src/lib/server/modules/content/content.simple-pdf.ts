import fs from 'node:fs';
import { deflateSync } from 'node:zlib';

/**
 * A small one-page A4 PDF written in code, for demo data: no LibreOffice, no start-up cost. Text is
 * set in a TrueType font found on the machine (DejaVu Sans or Liberation Sans, whole font embedded,
 * so Vietnamese letters print and copy correctly); without one, in Helvetica with the diacritics
 * left out. The real leaflet is made from its text by LibreOffice ("Make a PDF").
 */

export interface PdfLine {
	text: string;
	/** Type size in points. */
	size: number;
}

const FONT_FILES = [
	process.env.LANTOA_PDF_FONT,
	'/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
	'/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
	'/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf'
].filter((f): f is string => !!f);

interface TrueType {
	bytes: Buffer;
	unitsPerEm: number;
	bbox: [number, number, number, number];
	glyphOf: (codePoint: number) => number;
	advanceOf: (glyph: number) => number;
}

/** Reads what a PDF needs of a TrueType font: glyph ids of characters (cmap format 4), advance widths, box. */
function readTrueType(bytes: Buffer): TrueType | null {
	const tables = new Map<string, number>();
	const count = bytes.readUInt16BE(4);
	for (let i = 0; i < count; i++) tables.set(bytes.toString('latin1', 12 + i * 16, 16 + i * 16), bytes.readUInt32BE(12 + i * 16 + 8));
	const head = tables.get('head');
	const hhea = tables.get('hhea');
	const hmtx = tables.get('hmtx');
	const cmap = tables.get('cmap');
	if (head === undefined || hhea === undefined || hmtx === undefined || cmap === undefined) return null;
	const unitsPerEm = bytes.readUInt16BE(head + 18);
	const bbox: TrueType['bbox'] = [bytes.readInt16BE(head + 36), bytes.readInt16BE(head + 38), bytes.readInt16BE(head + 40), bytes.readInt16BE(head + 42)];
	const metrics = bytes.readUInt16BE(hhea + 34);
	let sub = -1;
	for (let i = 0; i < bytes.readUInt16BE(cmap + 2); i++) {
		const platform = bytes.readUInt16BE(cmap + 4 + i * 8);
		const encoding = bytes.readUInt16BE(cmap + 6 + i * 8);
		const at = cmap + bytes.readUInt32BE(cmap + 8 + i * 8);
		if (platform === 3 && encoding === 1 && bytes.readUInt16BE(at) === 4) sub = at;
	}
	if (sub < 0) return null;
	const segments = bytes.readUInt16BE(sub + 6) / 2;
	const ends = sub + 14;
	const starts = ends + segments * 2 + 2;
	const deltas = starts + segments * 2;
	const ranges = deltas + segments * 2;
	const glyphOf = (c: number) => {
		for (let i = 0; i < segments; i++) {
			if (bytes.readUInt16BE(ends + i * 2) < c) continue;
			const start = bytes.readUInt16BE(starts + i * 2);
			if (start > c) return 0;
			const delta = bytes.readUInt16BE(deltas + i * 2);
			const range = bytes.readUInt16BE(ranges + i * 2);
			if (range === 0) return (c + delta) & 0xffff;
			const g = bytes.readUInt16BE(ranges + i * 2 + range + (c - start) * 2);
			return g === 0 ? 0 : (g + delta) & 0xffff;
		}
		return 0;
	};
	const advanceOf = (g: number) => bytes.readUInt16BE(hmtx + Math.min(g, metrics - 1) * 4);
	return { bytes, unitsPerEm, bbox, glyphOf, advanceOf };
}

let cached: TrueType | null | undefined;
function font(): TrueType | null {
	if (cached !== undefined) return cached;
	cached = null;
	for (const file of FONT_FILES) {
		try {
			cached = readTrueType(fs.readFileSync(file));
			if (cached) break;
		} catch {
			/* not there: try the next */
		}
	}
	return cached;
}

const PAGE = { width: 595, height: 842, margin: 56 };

/** Breaks a line into lines no wider than `max` points, at spaces. */
function wrap(text: string, size: number, width: (s: string) => number, max: number): string[] {
	const out: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const next = line ? `${line} ${word}` : word;
		if (line && width(next) * size > max) {
			out.push(line);
			line = word;
		} else line = next;
	}
	if (line) out.push(line);
	return out.length ? out : [''];
}

/** Assembles numbered objects (strings or bytes) into a PDF with its cross-reference table. */
function assemble(objects: (string | Buffer)[]): Buffer {
	const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
	let size = parts[0].length;
	const offsets: number[] = [];
	objects.forEach((body, i) => {
		offsets.push(size);
		const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n', 'latin1')]);
		parts.push(chunk);
		size += chunk.length;
	});
	const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${size}\n%%EOF\n`, 'latin1'));
	return Buffer.concat(parts);
}

const stream = (dict: string, data: Buffer) => Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);

/** Lines of text on one A4 page, top to bottom, wrapped to the margins; what does not fit is left out. */
export function simplePdf(lines: PdfLine[]): Buffer {
	const tt = font();
	const max = PAGE.width - 2 * PAGE.margin;
	let y = PAGE.height - PAGE.margin;
	const placed: { text: string; size: number; y: number }[] = [];
	const widthOf = tt
		? (s: string) => [...s].reduce((w, ch) => w + tt.advanceOf(tt.glyphOf(ch.codePointAt(0)!)), 0) / tt.unitsPerEm
		: (s: string) => s.length * 0.5;
	for (const line of lines) {
		const text = line.text.normalize('NFC');
		for (const part of wrap(text, line.size, widthOf, max)) {
			y -= line.size * 1.4;
			if (y < PAGE.margin) break;
			placed.push({ text: part, size: line.size, y });
		}
	}
	const page = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 4 0 R >> >> /Contents ${tt ? 9 : 5} 0 R >>`;
	if (!tt) {
		const ascii = (s: string) =>
			s
				.normalize('NFD')
				.replace(/[\u0300-\u036f]/g, '')
				.replace(/đ/g, 'd')
				.replace(/Đ/g, 'D')
				.replace(/[^\x20-\x7e]/g, '?')
				.replace(/([\\()])/g, '\\$1');
		const content = placed.map((p) => `BT /F1 ${p.size} Tf ${PAGE.margin} ${p.y.toFixed(1)} Td (${ascii(p.text)}) Tj ET`).join('\n');
		return assemble([
			'<< /Type /Catalog /Pages 2 0 R >>',
			'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
			page,
			'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
			stream('', Buffer.from(content, 'latin1'))
		]);
	}
	const used = new Map<number, number>();
	const hex = (s: string) =>
		[...s]
			.map((ch) => {
				const cp = ch.codePointAt(0)!;
				const g = tt.glyphOf(cp);
				if (!used.has(g)) used.set(g, cp);
				return g.toString(16).padStart(4, '0');
			})
			.join('');
	const content = placed.map((p) => `BT /F1 ${p.size} Tf ${PAGE.margin} ${p.y.toFixed(1)} Td <${hex(p.text)}> Tj ET`).join('\n');
	const scale = (v: number) => Math.round((v * 1000) / tt.unitsPerEm);
	const glyphs = [...used.keys()].sort((a, b) => a - b);
	const widths = glyphs.map((g) => `${g} [${scale(tt.advanceOf(g))}]`).join(' ');
	const toUnicode = [
		'/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
		'/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Lantoa-UCS def /CMapType 2 def',
		'1 begincodespacerange <0000> <FFFF> endcodespacerange',
		...Array.from({ length: Math.ceil(glyphs.length / 100) }, (_, i) => {
			const chunk = glyphs.slice(i * 100, i * 100 + 100);
			const utf16 = (cp: number) => Buffer.from(String.fromCodePoint(cp), 'utf16le').swap16().toString('hex');
			return `${chunk.length} beginbfchar\n${chunk.map((g) => `<${g.toString(16).padStart(4, '0')}> <${utf16(used.get(g)!)}>`).join('\n')}\nendbfchar`;
		}),
		'endcmap CMapName currentdict /CMap defineresource pop end end'
	].join('\n');
	const [x0, y0, x1, y1] = tt.bbox.map(scale);
	return assemble([
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		page,
		'<< /Type /Font /Subtype /Type0 /BaseFont /LantoaSans /Encoding /Identity-H /DescendantFonts [5 0 R] /ToUnicode 8 0 R >>',
		`<< /Type /Font /Subtype /CIDFontType2 /BaseFont /LantoaSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /CIDToGIDMap /Identity /DW 500 /W [${widths}] >>`,
		`<< /Type /FontDescriptor /FontName /LantoaSans /Flags 32 /FontBBox [${x0} ${y0} ${x1} ${y1}] /ItalicAngle 0 /Ascent ${y1} /Descent ${y0} /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>`,
		stream(`/Filter /FlateDecode /Length1 ${tt.bytes.length}`, deflateSync(tt.bytes)),
		stream('', Buffer.from(toUnicode, 'latin1')),
		stream('', Buffer.from(content, 'latin1'))
	]);
}
