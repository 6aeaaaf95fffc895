import { readZipEntryText } from '../files/zip';
import type { OfficialDocument } from './model';

// Test helpers: a document factory, and a way to open a generated DOCX (a ZIP) and read its XML
// as a checker would, with no Word library in between, so tests see what Word and LibreOffice see.

/** The text of one ZIP entry (stored or deflated), found through the central directory. */
export function readZipEntry(zip: Uint8Array, name: string): string {
	const text = readZipEntryText(zip, name);
	if (text === null) throw new Error(`no ${name} in the zip`);
	return text;
}

const unescapeXml = (s: string) =>
	s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** One `w:p` of document.xml: its raw XML and its text (runs joined, `w:br` as "\n"). */
export interface XmlParagraph {
	xml: string;
	text: string;
}

/** The paragraphs of a WordprocessingML part, in document order (paragraphs inside tables included). */
export function paragraphs(xml: string): XmlParagraph[] {
	return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)].map((m) => {
		const p = m[0];
		const text = [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((t) => (t[1] === undefined ? '\n' : unescapeXml(t[1]))).join('');
		return { xml: p, text };
	});
}

/** The paragraph whose text is exactly `text` (or starts with it, when `prefix`). */
export function findParagraph(xml: string, text: string, prefix = false): XmlParagraph {
	const p = paragraphs(xml).find((x) => (prefix ? x.text.startsWith(text) : x.text === text));
	if (!p) throw new Error(`no paragraph ${JSON.stringify(text)}`);
	return p;
}

/** Half-point sizes (`w:sz`) of the runs of a paragraph that carry text. */
export function runSizes(p: XmlParagraph): number[] {
	return [...p.xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)]
		.filter((r) => /<w:t[ >]/.test(r[1]))
		.map((r) => Number(/<w:sz w:val="(\d+)"\/>/.exec(r[1])?.[1] ?? NaN));
}

/** Every run with text in the paragraph is bold (`w:b`) / italic (`w:i`). */
export function runsAre(p: XmlParagraph, what: 'b' | 'i'): boolean {
	const rs = [...p.xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].filter((r) => /<w:t[ >]/.test(r[1]));
	return rs.length > 0 && rs.every((r) => new RegExp(`<w:${what}/>|<w:${what} w:val="(true|1|on)"/>`).test(r[1]));
}

/** A small document exercising every part of the frame and every block kind. */
export function buildDocument(overrides: Partial<OfficialDocument> = {}): OfficialDocument {
	return {
		parentIssuer: 'UBND huyện Đức Trọng',
		issuer: ['Ủy ban nhân dân', 'xã Đa Quyn'],
		number: '7',
		symbol: 'KH-UBND',
		place: 'Đa Quyn',
		date: '2024-02-05',
		documentType: 'Kế hoạch',
		title: 'Truyền thông về Chương trình mục tiêu quốc gia\ngiảm nghèo bền vững năm 2024',
		body: [
			{ kind: 'paragraph', text: 'Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;' },
			{ kind: 'heading', level: 1, number: 'I.', text: 'MỤC ĐÍCH, YÊU CẦU' },
			{ kind: 'heading', level: 2, number: '1.', text: 'Mục đích' },
			{ kind: 'paragraph', marker: 'a)', text: 'Tăng cường truyền thông & nâng cao nhận thức <người dân>.' },
			{ kind: 'paragraph', marker: '-', text: [{ text: 'Phạm vi: ', bold: true }, { text: 'toàn xã.' }], depth: 1 },
			{ kind: 'heading', level: 3, number: 'a)', text: 'Chỉ tiêu' },
			{ kind: 'table', caption: 'Chỉ tiêu năm 2024', header: ['Chỉ tiêu', 'Số lượng'], rows: [['Bản tin phát thanh', '48']], numericColumns: [1] },
			{ kind: 'paragraph', text: 'Trên đây là Kế hoạch …/.' }
		],
		recipients: ['TT ĐU, HĐND xã', '- CT, các PCT UBND xã;', 'Lưu: VT, VHXH'],
		signer: { authority: 'TM. Ủy ban nhân dân', title: 'Chủ tịch', name: 'Nguyễn Văn Dương' },
		...overrides
	};
}
