import {
	AlignmentType,
	BorderStyle,
	Document,
	Header,
	LineRuleType,
	Packer,
	PageNumber,
	PageOrientation,
	Paragraph,
	Table,
	TableCell,
	TableLayoutType,
	TableRow,
	TextRun,
	VerticalAlignTable,
	WidthType,
	type IBorderOptions
} from 'docx';
import type { DocumentBlock, OfficialDocument, TableBlock, TextSpan } from './model';
import {
	BODY,
	FONT,
	HEADER_COLUMNS,
	MOTTO,
	NATIONAL_NAME,
	PAGE,
	RECIPIENTS_LABEL,
	SIGNATURE_COLUMNS,
	SIGNATURE_SPACE_LINES,
	SIZE,
	TEXT_WIDTH,
	cleanText,
	mm,
	numberLine,
	placeDateLine,
	recipientLine,
	textWidthTwips,
	upper
} from './layout';

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

interface RunStyle {
	size: number;
	bold?: boolean;
	italic?: boolean;
}

/** Runs of one text: every run names Times New Roman and its size, so no viewer falls back to its own default. */
function runs(text: string | TextSpan[], style: RunStyle): TextRun[] {
	const spans = typeof text === 'string' ? [{ text }] : text;
	const out: TextRun[] = [];
	for (const span of spans) {
		cleanText(span.text)
			.split('\n')
			.forEach((line, i) =>
				out.push(
					new TextRun({
						text: line,
						break: i > 0 ? 1 : undefined,
						font: FONT,
						size: style.size * 2,
						bold: span.bold ?? style.bold,
						italics: span.italic ?? style.italic
					})
				)
			);
	}
	return out;
}

interface LineOptions extends RunStyle {
	align?: Align;
	before?: number;
	after?: number;
	keepNext?: boolean;
}

/** A single-spaced line of the frame (header, signature), centred unless told otherwise. */
function frameLine(text: string, o: LineOptions): Paragraph {
	return new Paragraph({
		alignment: o.align ?? AlignmentType.CENTER,
		spacing: { before: o.before ?? 0, after: o.after ?? 0, line: 240, lineRule: LineRuleType.AUTO },
		keepNext: o.keepNext,
		children: runs(text, o)
	});
}

const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 };
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

/**
 * The short horizontal rule under the issuer, the motto and the summary: an empty 3 pt paragraph
 * whose bottom border runs between its indents, centred in `within` twips.
 */
function rule(length: number, within: number, after = 0): Paragraph {
	const side = Math.max(0, Math.round((within - Math.min(length, within)) / 2));
	return new Paragraph({
		// 3 pt high: the border sits just clear of the descenders of the line above.
		spacing: { before: 0, after, line: 60, lineRule: LineRuleType.EXACT },
		indent: { left: side, right: side },
		border: { bottom: RULE },
		children: [new TextRun({ text: '', font: FONT, size: 4 })]
	});
}

function cell(width: number, children: Paragraph[]) {
	return new TableCell({
		width: { size: width, type: WidthType.DXA },
		margins: { top: 0, bottom: 0, left: 0, right: 0 },
		verticalAlign: VerticalAlignTable.TOP,
		children: children.length ? children : [new Paragraph({})]
	});
}

/** A borderless two-column table, the way official documents set their header and their signature. */
function twoColumns(widths: readonly [number, number], rows: [Paragraph[], Paragraph[]][], cantSplit = false): Table {
	return new Table({
		width: { size: TEXT_WIDTH, type: WidthType.DXA },
		columnWidths: [...widths],
		layout: TableLayoutType.FIXED,
		borders: NO_BORDERS,
		margins: { top: 0, bottom: 0, left: 0, right: 0 },
		rows: rows.map(([left, right]) => new TableRow({ cantSplit: cantSplit || undefined, children: [cell(widths[0], left), cell(widths[1], right)] }))
	});
}

function header(doc: OfficialDocument): Table {
	const [leftWidth, rightWidth] = HEADER_COLUMNS;
	const left: Paragraph[] = [];
	if (doc.parentIssuer?.trim()) left.push(frameLine(upper(doc.parentIssuer), { size: SIZE.parentIssuer }));
	const issuerLines = doc.issuer.map(upper).filter(Boolean);
	for (const line of issuerLines) left.push(frameLine(line, { size: SIZE.issuer, bold: true }));
	// Under the issuer a rule of a third to a half of its line (Decree 30, Appendix I).
	const issuerWidth = Math.max(0, ...issuerLines.map((l) => textWidthTwips(l, SIZE.issuer, true)));
	left.push(rule(Math.min(issuerWidth, leftWidth) * 0.4, leftWidth));

	const right = [
		frameLine(NATIONAL_NAME, { size: SIZE.nationalName, bold: true }),
		frameLine(MOTTO, { size: SIZE.motto, bold: true }),
		// Under the motto a rule as long as the motto itself.
		rule(textWidthTwips(MOTTO, SIZE.motto, true), rightWidth)
	];
	const numberRow: [Paragraph[], Paragraph[]] = [
		[frameLine(numberLine(doc.number, doc.symbol), { size: SIZE.number, before: 120 })],
		[frameLine(placeDateLine(doc.place, doc.date), { size: SIZE.placeDate, italic: true, before: 120 })]
	];
	return twoColumns(HEADER_COLUMNS, [[left, right], numberRow]);
}

function titleBlock(doc: OfficialDocument): Paragraph[] {
	const out: Paragraph[] = [];
	const title = cleanText(doc.title).trim();
	if (doc.documentType?.trim()) {
		out.push(frameLine(upper(doc.documentType), { size: SIZE.documentType, bold: true, before: 360, keepNext: true }));
	}
	out.push(frameLine(title, { size: SIZE.title, bold: true, before: doc.documentType ? 0 : 360, keepNext: true }));
	const longest = Math.max(...title.split('\n').map((l) => textWidthTwips(l, SIZE.title, true)));
	out.push(rule(Math.min(longest, TEXT_WIDTH) / 3, TEXT_WIDTH, 240));
	return out;
}

const alignments: Record<NonNullable<Extract<DocumentBlock, { kind: 'paragraph' }>['align']>, Align> = {
	justify: AlignmentType.JUSTIFIED,
	center: AlignmentType.CENTER,
	left: AlignmentType.LEFT,
	right: AlignmentType.RIGHT
};

function bodyParagraph(children: TextRun[], o: { align?: Align; keepNext?: boolean } = {}): Paragraph {
	return new Paragraph({
		alignment: o.align ?? AlignmentType.JUSTIFIED,
		indent: { firstLine: BODY.firstLineTwips },
		spacing: { before: 0, after: BODY.afterTwips, line: BODY.lineTwips, lineRule: LineRuleType.AUTO },
		keepNext: o.keepNext,
		widowControl: true,
		children
	});
}

function tableBlock(block: TableBlock): (Paragraph | Table)[] {
	const columns = Math.max(block.header.length, ...block.rows.map((r) => r.length), 1);
	const weights = block.widths?.length === columns ? block.widths : Array.from({ length: columns }, () => 1);
	const total = weights.reduce((a, b) => a + b, 0);
	const widths = weights.map((w) => Math.floor((TEXT_WIDTH * w) / total));
	const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
	const textCell = (text: string, i: number, head: boolean) =>
		new TableCell({
			width: { size: widths[i], type: WidthType.DXA },
			margins: { top: 40, bottom: 40, left: 80, right: 80 },
			children: [
				new Paragraph({
					alignment: head ? AlignmentType.CENTER : block.numericColumns?.includes(i) ? AlignmentType.RIGHT : AlignmentType.LEFT,
					spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
					children: runs(text, { size: SIZE.table, bold: head })
				})
			]
		});
	const row = (cells: string[], head: boolean) =>
		new TableRow({ tableHeader: head, cantSplit: true, children: Array.from({ length: columns }, (_, i) => textCell(cells[i] ?? '', i, head)) });
	const out: (Paragraph | Table)[] = [];
	if (block.caption) out.push(bodyParagraph(runs(block.caption, { size: SIZE.body, bold: true }), { align: AlignmentType.CENTER, keepNext: true }));
	out.push(
		new Table({
			width: { size: TEXT_WIDTH, type: WidthType.DXA },
			columnWidths: widths,
			layout: TableLayoutType.FIXED,
			borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
			rows: [...(block.header.length ? [row(block.header, true)] : []), ...block.rows.map((r) => row(r, false))]
		}),
		// Word needs a paragraph between two tables; it also gives the table its 6 pt after.
		new Paragraph({ spacing: { before: 0, after: BODY.afterTwips, line: 240 }, children: [] })
	);
	return out;
}

function body(blocks: DocumentBlock[]): (Paragraph | Table)[] {
	const out: (Paragraph | Table)[] = [];
	for (const [i, b] of blocks.entries()) {
		// The last paragraph goes to the next page with the signature rather than leave it alone there.
		const last = i === blocks.length - 1;
		if (b.kind === 'heading') {
			const text = b.number ? `${b.number} ${b.text}` : b.text;
			// Level 1 and 2 bold, deeper levels bold italic; a heading stays with what follows it.
			out.push(bodyParagraph(runs(text, { size: SIZE.body, bold: true, italic: b.level >= 3 || undefined }), { keepNext: true }));
		} else if (b.kind === 'paragraph') {
			const spans: TextSpan[] = typeof b.text === 'string' ? [{ text: b.text }] : b.text;
			// The marker joins the first span when it has no emphasis of its own: one run, as typed in Word.
			const [first, ...rest] = spans;
			const marked = !b.marker ? spans : first && !first.bold && !first.italic ? [{ text: `${b.marker} ${first.text}` }, ...rest] : [{ text: `${b.marker} ` }, ...spans];
			out.push(bodyParagraph(runs(marked, { size: SIZE.body }), { align: alignments[b.align ?? 'justify'], keepNext: last || undefined }));
		} else {
			out.push(...tableBlock(b));
		}
	}
	return out;
}

/** Space between the last body paragraph and the "Nơi nhận" / signature row. */
const SIGNATURE_GAP = 120;

function recipientsAndSigner(doc: OfficialDocument): Table {
	const left: Paragraph[] = [];
	if (doc.recipients.length) {
		left.push(frameLine(RECIPIENTS_LABEL, { size: SIZE.recipientsLabel, bold: true, italic: true, align: AlignmentType.LEFT, before: SIGNATURE_GAP }));
		doc.recipients.forEach((r, i) => left.push(frameLine(recipientLine(r, i === doc.recipients.length - 1), { size: SIZE.recipients, align: AlignmentType.LEFT })));
	}
	const right: Paragraph[] = [];
	const s = doc.signer;
	if (s) {
		if (s.authority?.trim()) right.push(frameLine(upper(s.authority), { size: SIZE.signer, bold: true, before: SIGNATURE_GAP }));
		right.push(frameLine(upper(s.title), { size: SIZE.signer, bold: true, before: s.authority?.trim() ? 0 : SIGNATURE_GAP }));
		for (let i = 0; i < SIGNATURE_SPACE_LINES; i++) right.push(frameLine('', { size: SIZE.signer }));
		if (s.name?.trim()) right.push(frameLine(s.name.trim(), { size: SIZE.signer, bold: true, before: 240 }));
	}
	return twoColumns(SIGNATURE_COLUMNS, [[left, right]], true);
}

function pageNumberHeader(): Header {
	return new Header({
		children: [
			new Paragraph({
				alignment: AlignmentType.CENTER,
				children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: SIZE.pageNumber * 2 })]
			})
		]
	});
}

/**
 * Renders an official document as a Word file laid out as Decree 30/2020/NĐ-CP asks: A4 portrait,
 * margins 20/20/30/15 mm, Times New Roman, the two-column header, number line, place and date, type
 * name and summary, justified 14 pt body, "Nơi nhận" beside the signature block, and page numbers
 * centred at the top from page 2 on.
 */
export async function renderDocx(doc: OfficialDocument): Promise<Buffer> {
	const language = doc.language === 'en' ? 'en-GB' : 'vi-VN';
	const document = new Document({
		creator: 'Lan Tỏa',
		title: cleanText(`${doc.documentType ?? ''} ${doc.title}`.replace(/\s+/g, ' ').trim()),
		description: cleanText(doc.issuer.join(' ')),
		styles: {
			default: {
				document: {
					run: { font: FONT, size: SIZE.body * 2, language: { value: language } },
					paragraph: { spacing: { before: 0, after: 0 } }
				}
			}
		},
		sections: [
			{
				properties: {
					page: {
						size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.PORTRAIT },
						margin: {
							top: mm(PAGE.marginMm.top),
							bottom: mm(PAGE.marginMm.bottom),
							left: mm(PAGE.marginMm.left),
							right: mm(PAGE.marginMm.right),
							header: mm(PAGE.headerMm),
							footer: mm(PAGE.headerMm)
						}
					},
					// No number on the first page: its header is the empty "first" one.
					titlePage: true
				},
				headers: { default: pageNumberHeader(), first: new Header({ children: [new Paragraph({})] }) },
				children: [header(doc), ...titleBlock(doc), ...body(doc.body), recipientsAndSigner(doc)]
			}
		]
	});
	return Packer.toBuffer(document);
}
