import { simplePdf } from './content.simple-pdf';
import { AlignmentType, BorderStyle, Document, Packer, PageOrientation, Paragraph, TextRun } from 'docx';

/** What a printed leaflet shows. */
export interface LeafletText {
	/** The issuing body on top, e.g. "UBND XÃ HÀ BÌNH". */
	issuer: string;
	title: string;
	summary: string | null;
	body: string;
	/** The line at the foot saying whom to ask. */
	contact: string;
	size: 'A4' | 'A5';
}

const MM = 1440 / 25.4;
const mm = (v: number) => Math.round(v * MM);

/** Page sizes in twips (portrait) and type sizes in points: large, for older readers and posting on a board. */
const SIZES = {
	A4: { width: 11906, height: 16838, margin: 18, issuer: 15, title: 28, summary: 17, body: 16, contact: 14 },
	A5: { width: 8391, height: 11906, margin: 12, issuer: 12, title: 21, summary: 14, body: 13, contact: 11 }
} as const;

/** A sans-serif face reads better at a distance; LibreOffice sets it in Liberation Sans where Arial is missing. */
const FONT = 'Arial';

/** Control characters Word refuses (everything below a space but tab and line breaks). */
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** Paragraphs of a plain text: blank lines separate them, single line breaks stay breaks. */
function paragraphs(text: string): string[][] {
	return clean(text)
		.replace(/\r\n?/g, '\n')
		.split(/\n\s*\n/)
		.map((p) => p.split('\n').map((l) => l.trim()))
		.filter((lines) => lines.some((l) => l));
}

const runsOf = (lines: string[], size: number, opts: { bold?: boolean; italics?: boolean } = {}) =>
	lines.map((line, i) => new TextRun({ text: line, size: size * 2, font: FONT, break: i > 0 ? 1 : undefined, ...opts }));

/**
 * A one-sided leaflet as a Word file: the commune's name on top, a large title, the summary in
 * bold, the text in large type, and a contact line set off by a rule at the foot. LibreOffice
 * turns it into the PDF that goes to the printer, so the leaflet and its DOCX are the same page.
 */
export async function renderLeafletDocx(leaflet: LeafletText): Promise<Buffer> {
	const s = SIZES[leaflet.size];
	const children: Paragraph[] = [
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: { after: 200 },
			children: [new TextRun({ text: clean(leaflet.issuer), bold: true, size: s.issuer * 2, font: FONT })]
		}),
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: { before: 120, after: 240 },
			children: runsOf([clean(leaflet.title)], s.title, { bold: true })
		})
	];
	if (leaflet.summary?.trim()) {
		for (const lines of paragraphs(leaflet.summary)) {
			children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: runsOf(lines, s.summary, { bold: true }) }));
		}
	}
	for (const lines of paragraphs(leaflet.body)) {
		children.push(new Paragraph({ alignment: AlignmentType.LEFT, spacing: { after: 160, line: 300 }, children: runsOf(lines, s.body) }));
	}
	children.push(
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: { before: 360 },
			border: { top: { style: BorderStyle.SINGLE, size: 8, color: '333333', space: 6 } },
			children: runsOf([clean(leaflet.contact)], s.contact, { italics: true })
		})
	);
	const document = new Document({
		creator: 'Lan Tỏa',
		title: clean(leaflet.title),
		styles: { default: { document: { run: { font: FONT, size: s.body * 2, language: { value: 'vi-VN' } } } } },
		sections: [
			{
				properties: {
					page: {
						size: { width: s.width, height: s.height, orientation: PageOrientation.PORTRAIT },
						margin: { top: mm(s.margin), bottom: mm(s.margin), left: mm(s.margin), right: mm(s.margin) }
					}
				},
				children
			}
		]
	});
	return Packer.toBuffer(document);
}

/** A one-page PDF of plain lines, the first as a title, built in code (see simplePdf). */
export function plainPdf(lines: string[]): Buffer {
	return simplePdf(lines.map((text, i) => ({ text, size: i === 0 ? 20 : 12 })));
}
