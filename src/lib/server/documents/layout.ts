/**
 * Decree 30/2020/NĐ-CP, Appendix I, in numbers: the page, the margins and the type sizes that both
 * renderers (DOCX and HTML) follow, and the texts of the frame (number line, place and date). One
 * place, so the Word file and the preview cannot drift apart.
 */

const MM_TWIPS = 1440 / 25.4;
/** Millimetres to twentieths of a point, rounded (20 mm = 1134). */
export const mm = (millimetres: number) => Math.round(millimetres * MM_TWIPS);

export const FONT = 'Times New Roman';

export const PAGE = {
	/** A4 portrait in twips. */
	width: 11906,
	height: 16838,
	/** Margins within the decree's ranges: top and bottom 20–25, left 30–35, right 15–20 mm. */
	marginMm: { top: 20, bottom: 20, left: 30, right: 15 },
	/** Distance of the page-number header from the top edge. */
	headerMm: 10
} as const;

export const TEXT_WIDTH = PAGE.width - mm(PAGE.marginMm.left) - mm(PAGE.marginMm.right);
/** The header's two columns: issuing body on the left, national motto on the right (wide enough for the motto in one line). */
export const HEADER_COLUMNS = [mm(65), TEXT_WIDTH - mm(65)] as const;
/** "Nơi nhận" on the left, the signature block on the right. */
export const SIGNATURE_COLUMNS = [mm(78), TEXT_WIDTH - mm(78)] as const;

/** Type sizes in points, each within the decree's range. */
export const SIZE = {
	parentIssuer: 13, // 12–13, upper case, upright
	issuer: 13, // 12–13, upper case, bold
	nationalName: 13, // 12–13, upper case, bold
	motto: 14, // 13–14, bold
	number: 13, // 13, upright
	placeDate: 14, // 13–14, italic
	documentType: 14, // 13–14, upper case, bold
	title: 14, // 13–14, bold
	body: 14, // 13–14
	recipientsLabel: 12, // 12, bold italic
	recipients: 11, // 11, upright
	signer: 14, // 13–14, upper case, bold (name: bold)
	pageNumber: 14, // 13–14
	table: 13
} as const;

/** Body paragraphs: first line indented 1.27 cm, 6 pt after, line spacing 1.15. */
export const BODY = {
	firstLineTwips: 720,
	afterTwips: 120,
	/** `w:line` in 240ths of a line (276 = 1.15 lines). */
	lineTwips: 276
} as const;

/** Blank lines left between the signer's title and name for the signature and seal. */
export const SIGNATURE_SPACE_LINES = 4;

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
export const RECIPIENTS_LABEL = 'Nơi nhận:';

// XML 1.0 cannot carry C0 controls other than tab/newline/CR, U+FFFE/U+FFFF or lone surrogates;
// a Word file holding one does not open. Text comes from users and imports, so it is cleaned.
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as printed: NFC (Word and fonts expect precomposed Vietnamese), no characters XML refuses, CR/LF as "\n". */
export function cleanText(text: string): string {
	return text.normalize('NFC').replace(/\r\n?/g, '\n').replace(NOT_IN_XML, '');
}

/** Upper case as Vietnamese writes it ("Ủy ban nhân dân xã Đa Quyn" → "ỦY BAN NHÂN DÂN XÃ ĐA QUYN"). */
export function upper(text: string): string {
	return cleanText(text).toLocaleUpperCase('vi');
}

/**
 * "Số: 05/KH-UBND"; with no number yet, a blank wide enough to write one by hand ("Số:      /KH-UBND"),
 * as the seeds print it. Numbers below 10 take a leading zero (Decree 30, Appendix I).
 */
export function numberLine(number: string | null, symbol: string): string {
	const n = number?.trim() ?? '';
	const written = /^\d$/.test(n) ? `0${n}` : n;
	return `Số: ${written || '\u00a0'.repeat(6)}/${cleanText(symbol.trim())}`;
}

/**
 * "Đa Quyn, ngày 01 tháng 12 năm 2023": days 1–9 and months 1–2 take a leading zero (Decree 30,
 * Appendix I). Without a date the day, month and year are dotted for the hand-written date.
 */
export function placeDateLine(place: string | null, isoDate: string | null): string {
	const where = place?.trim() ? cleanText(place.trim()) : '…………';
	const m = isoDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate) : null;
	if (!m) return `${where}, ngày …… tháng …… năm ………`;
	const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const dd = day < 10 ? `0${day}` : String(day);
	const mmText = month <= 2 ? `0${month}` : String(month);
	return `${where}, ngày ${dd} tháng ${mmText} năm ${year}`;
}

/**
 * A recipient line as Decree 30 prints it: "- Name (b/c);" with ";" after every line but the last
 * ("- Lưu: VT, VHXH."), keeping any punctuation the author wrote.
 */
export function recipientLine(text: string, last: boolean): string {
	const line = cleanText(text).trim().replace(/^[-–•+]\s*/, '');
	return `- ${/[;.,:]$/.test(line) ? line : line + (last ? '.' : ';')}`;
}

// Advance widths (1/1000 em) of Liberation Serif, which is metric-compatible with Times New Roman,
// for printable ASCII from ' ' to '~'. Used only to size the short rules under the header lines.
const ASCII_FIRST = 32;
const WIDTHS_REGULAR =
	'250,333,408,500,500,833,778,180,333,333,500,564,250,333,250,278,500,500,500,500,500,500,500,500,500,500,278,278,564,564,564,444,921,722,667,667,722,611,556,722,722,333,389,722,611,889,722,722,556,722,667,556,611,722,722,944,722,722,611,333,278,333,469,500,333,444,500,444,500,444,333,500,500,278,278,500,278,778,500,500,500,500,333,389,278,500,500,722,500,500,444,480,200,480,541';
const WIDTHS_BOLD =
	'250,333,555,500,500,1000,833,278,333,333,500,570,250,333,250,278,500,500,500,500,500,500,500,500,500,500,333,333,570,570,570,500,930,722,667,722,722,667,611,778,778,389,500,778,667,944,722,778,611,778,722,556,667,722,722,1000,722,722,667,333,278,333,581,500,333,500,556,444,556,444,333,500,556,278,333,556,278,833,556,500,556,556,444,389,333,556,500,722,500,500,444,394,220,394,520';
const regular = WIDTHS_REGULAR.split(',').map(Number);
const bold = WIDTHS_BOLD.split(',').map(Number);

/** Estimated printed width of one line of text in twips (Vietnamese letters measured as their base letter). */
export function textWidthTwips(text: string, sizePt: number, isBold: boolean): number {
	const table = isBold ? bold : regular;
	const base = cleanText(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
	let units = 0;
	for (const ch of base) {
		const code = ch.codePointAt(0)!;
		units += table[code - ASCII_FIRST] ?? 500;
	}
	return Math.round((units / 1000) * sizePt * 20);
}
