import type { SourceLine } from './lines';
import { readMarker, type Marker } from './markers';
import { isUpperText } from './text';

/**
 * Layout analysis: joins the lines of one paragraph again. Text taken from a PDF breaks every
 * line of a paragraph, often with a blank line between lines and a run of blank lines at a page
 * break, even inside a sentence; a Markdown or Word file has one line per paragraph but may still
 * carry a sentence broken across a page. A line continues the paragraph before it when it starts
 * in lower case, or when that paragraph was cut at the full width of a hard-wrapped text without
 * ending its sentence; a mark ("I.", "1.", "a)", "-"), a heading shape or a sentence end begins
 * a new one.
 */
export interface Paragraph {
	/** The joined text, mark included. */
	text: string;
	/** Source line of its first line. */
	line: number;
	bold: boolean;
	heading: boolean;
	marker: Marker | null;
	/** All of its letters are upper case (a heading shape), kept up to date as lines join. */
	upper: boolean;
}

export interface PageNoise {
	line: number;
	text: string;
}

/** A page number alone on its line ("2", "- 2 -", "Trang 2/5"): page furniture, not text. */
const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:Trang\s+)?\d{1,3}(?:\s*\/\s*\d{1,3})?(?:\s*[-–—])?$/iu;
/** A sentence or a heading ends here: . ; : ! ? … and "./.", before closing quotes or brackets. */
const ENDS_SENTENCE = /[.;:!?…]["”’)\]]*$/u;
/** Openings that always begin a paragraph of an official document. */
const PARAGRAPH_START = /^(?:Căn cứ|Thực hiện|Nơi nhận|(?:TM|KT|TL|TUQ|Q)\.\s|Trên đây|Số\s*:)/u;

function firstLetter(text: string): string {
	return /[\p{L}\p{N}]/u.exec(text)?.[0] ?? '';
}

const startsLower = (text: string) => {
	const c = firstLetter(text);
	return c !== '' && c === c.toLocaleLowerCase('vi') && c !== c.toLocaleUpperCase('vi');
};
const startsLowerOrDigit = (text: string) => startsLower(text) || /^\p{N}/u.test(firstLetter(text));

interface Piece {
	text: string;
	line: number;
	bold: boolean;
	heading: boolean;
}

/**
 * A text is hard-wrapped when many of its lines go on in lower case on the next line. The width
 * it was wrapped at is the median length of those lines; a line close to it was cut by the layout.
 */
function wrapWidth(pieces: Piece[]): number | null {
	const cut: number[] = [];
	for (let i = 0; i + 1 < pieces.length; i++) {
		const next = pieces[i + 1].text;
		if (startsLower(next) && !readMarker(next)) cut.push(pieces[i].text.length);
	}
	if (cut.length < 3 || cut.length < pieces.length * 0.2) return null;
	cut.sort((a, b) => a - b);
	return cut[Math.floor(cut.length / 2)];
}

type Decision = 'join' | 'join-tight' | 'new';

function decide(prev: Paragraph, last: Piece, next: Piece, width: number | null): Decision {
	const text = next.text;
	// The paragraph ends as its last line does: test that line, not the whole paragraph again.
	const ended = ENDS_SENTENCE.test(last.text);
	// "56/KHLT-" + "UBND-UBMTTQ": a symbol cut at its hyphen joins without a space.
	if (/[\p{L}\p{N}]-$/u.test(last.text) && /^[\p{Lu}\p{N}]/u.test(text) && !readMarker(text)) return 'join-tight';
	if (prev.heading || next.heading || prev.bold !== next.bold) {
		// A heading or an emphasised title may still wrap: only a lower-case line continues it.
		return prev.heading === next.heading && prev.bold === next.bold && startsLower(text) && !ended ? 'join' : 'new';
	}
	const marker = readMarker(text);
	if (marker) {
		// "kinh tế" / "- xã hội": a dash that opens a wrapped line in mid-sentence is no bullet.
		const midSentence = marker.kind === 'bullet' && width !== null && !ended && startsLowerOrDigit(marker.rest) && last.text.length >= width * 0.75;
		return midSentence ? 'join' : 'new';
	}
	if (PARAGRAPH_START.test(text)) return 'new';
	const prevUpper = prev.upper;
	const nextUpper = isUpperText(text);
	if (startsLower(text) && !prevUpper) return 'join';
	if (prevUpper || nextUpper) {
		// A long roman-numbered heading wrapped onto a second upper-case line.
		const wrappedHeading = prevUpper && nextUpper && prev.marker?.kind === 'roman' && !ended && width !== null && last.text.length >= width * 0.75;
		return wrappedHeading ? 'join' : 'new';
	}
	if (ended) return 'new';
	// Cut at the wrap width in mid-sentence: the next line goes on, whatever its first letter.
	if (width !== null && last.text.length >= width * 0.75) return 'join';
	return 'new';
}

/** Joins source lines into paragraphs and sets page numbers aside. */
export function toParagraphs(lines: SourceLine[]): { paragraphs: Paragraph[]; noise: PageNoise[] } {
	const noise: PageNoise[] = [];
	const pieces: Piece[] = [];
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i];
		if (!l.text) continue;
		// A page number stands alone between blank lines (or at the very start or end).
		const alone = (lines[i - 1]?.text ?? '') === '' && (lines[i + 1]?.text ?? '') === '';
		if (alone && PAGE_NUMBER.test(l.text)) {
			noise.push({ line: l.line, text: l.text });
			continue;
		}
		pieces.push({ text: l.text, line: l.line, bold: l.bold, heading: l.heading });
	}
	const width = wrapWidth(pieces);
	const paragraphs: Paragraph[] = [];
	let last: Piece | null = null;
	for (const piece of pieces) {
		const prev = paragraphs[paragraphs.length - 1];
		const decision = prev && last ? decide(prev, last, piece, width) : 'new';
		if (decision === 'new') {
			paragraphs.push({ text: piece.text, line: piece.line, bold: piece.bold, heading: piece.heading, marker: readMarker(piece.text), upper: isUpperText(piece.text) });
		} else {
			const joined = decision === 'join-tight' ? prev.text + piece.text : `${prev.text} ${piece.text}`;
			// A mark reads from the first line; only a very short one ("1.") can change by a join.
			if (prev.text.length < 16) prev.marker = readMarker(joined);
			else if (prev.marker) prev.marker = { ...prev.marker, rest: `${prev.marker.rest}${joined.slice(prev.text.length)}` };
			prev.text = joined;
			prev.upper &&= isUpperText(piece.text);
		}
		last = piece;
	}
	return { paragraphs, noise };
}
