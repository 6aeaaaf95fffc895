/**
 * The official document (văn bản hành chính) as the renderers see it: the Decree 30/2020/NĐ-CP
 * frame (header, number line, place and date, type name and summary, recipients, signer) plus a
 * body of blocks. Plans, reports, minutes and settlement covers all become this model; each
 * document type supplies only its body and its header fields. Every text is plain text: the
 * renderers escape it, normalise it to NFC and drop characters XML cannot carry.
 */

/** A piece of text with its own emphasis, for a paragraph that mixes styles. */
export interface TextSpan {
	text: string;
	bold?: boolean;
	italic?: boolean;
}

/** A heading of the body: level 1 "I. MỤC ĐÍCH, YÊU CẦU", level 2 "1. Mục đích", level 3 and below. */
export interface HeadingBlock {
	kind: 'heading';
	level: number;
	/** The number as printed, with its punctuation ("I.", "1.", "a)"), or null. */
	number: string | null;
	text: string;
}

/** A body paragraph: justified, first line indented. `marker` is an item's mark ("a)", "-", "1."). */
export interface ParagraphBlock {
	kind: 'paragraph';
	marker?: string | null;
	/** Plain text, or spans when part of it is bold or italic. A "\n" is a line break. */
	text: string | TextSpan[];
	/** Nesting depth of an item inside another item (0 = top); the layout may indent deeper items. */
	depth?: number;
	align?: 'justify' | 'center' | 'left' | 'right';
}

/** A simple ruled table (reports, settlement covers): a header row and text cells. */
export interface TableBlock {
	kind: 'table';
	/** Caption printed above the table, or null. */
	caption: string | null;
	header: string[];
	rows: string[][];
	/** Relative column widths; equal when left out. */
	widths?: number[];
	/** Columns whose cells are right-aligned (amounts, counts). */
	numericColumns?: number[];
}

export type DocumentBlock = HeadingBlock | ParagraphBlock | TableBlock;

export interface DocumentSigner {
	/** "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH" … or null when the title signs alone. */
	authority: string | null;
	/** "CHỦ TỊCH", "PHÓ CHỦ TỊCH" … */
	title: string;
	/** Full name, or null (left for the signer to write). */
	name: string | null;
}

export interface OfficialDocument {
	/** Document language, for the DOCX language tag and the HTML `lang` attribute. */
	language?: 'vi' | 'en';
	/** Governing body of the issuer ("UBND HUYỆN HÀ TRUNG"), printed above it, or null. */
	parentIssuer: string | null;
	/** The issuing body's name, one entry per printed line ("ỦY BAN NHÂN DÂN", "XÃ ĐA QUYN"). */
	issuer: string[];
	/** Registered number ("12"), or null while it has none: the number line keeps a blank for it. */
	number: string | null;
	/** Symbol after the slash: "KH-UBND", "BC-UBND". */
	symbol: string;
	/** Place name of the place-and-date line ("Đa Quyn"), or null (dots are printed). */
	place: string | null;
	/** ISO date (YYYY-MM-DD) of the document, or null (dots are printed). */
	date: string | null;
	/** Type name printed in capitals ("KẾ HOẠCH", "BÁO CÁO"), or null for a letter (công văn). */
	documentType: string | null;
	/** Summary title (trích yếu); a "\n" breaks the line where the author wants it. */
	title: string;
	body: DocumentBlock[];
	/** "Nơi nhận" lines as written, without the leading dash. */
	recipients: string[];
	signer: DocumentSigner | null;
}
