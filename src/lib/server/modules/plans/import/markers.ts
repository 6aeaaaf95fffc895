/**
 * The marks a paragraph of an official plan starts with: roman section numbers ("I.", "IV."),
 * arabic numbers ("1.", "2.1."), Vietnamese letters ("a)", "đ)"), bullets ("-", "+", "•").
 */
export type MarkerKind = 'roman' | 'arabic' | 'letter' | 'bullet';

export interface Marker {
	kind: MarkerKind;
	/** The number or letter without punctuation ("IV", "2.1", "đ"), or the bullet character. */
	value: string;
	/** The mark as written, tidied ("IV.", "2.1.", "đ)", "-"). */
	written: string;
	/** The text after the mark. */
	rest: string;
}

/** Letters of Vietnamese list items, in order: the alphabet has đ after d and no f, j, w, z. */
export const VIETNAMESE_LETTERS = ['a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'x', 'y'];

const ROMAN = /^([IVXLC]{1,7})\s*[.)]\s*(?=[\p{Lu}"“(])/u;
const VALID_ROMAN = /^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;
const ARABIC = /^(\d{1,2}(?:\.\d{1,2})*)(?:[.)](?!\d)|(?<=\.\d{1,2})(?=\s))\s*(?=[\p{L}"“(])/u;
const LETTER = /^([a-zđ])\s*(?:\)|\.(?=\s+\p{Lu}))\s*(?=\S)/u;
const BULLET = /^([-–—+•●○◦▪■□·*➢✓]|\uf0b7|\uf02d|\uf0a7)\s*(?=\S)/u;

/** Bullets as the plan writes them; the odd glyphs of Word's Symbol font read as "•". */
function bulletChar(c: string): string {
	if (c === '\uf0b7' || c === '\uf0a7' || c === '●' || c === '▪' || c === '■' || c === '◦' || c === '○' || c === '□') return '•';
	if (c === '\uf02d') return '-';
	return c;
}

export function romanValue(roman: string): number {
	const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
	let total = 0;
	for (let i = 0; i < roman.length; i++) {
		const v = values[roman[i]];
		const next = values[roman[i + 1]] ?? 0;
		total += v < next ? -v : v;
	}
	return total;
}

/** The mark at the start of a paragraph, or null for a plain paragraph. */
export function readMarker(text: string): Marker | null {
	let m = ROMAN.exec(text);
	if (m && VALID_ROMAN.test(m[1])) return { kind: 'roman', value: m[1], written: `${m[1]}.`, rest: text.slice(m[0].length) };
	m = ARABIC.exec(text);
	if (m) {
		const punct = text.slice(m[1].length).trimStart()[0];
		return { kind: 'arabic', value: m[1], written: `${m[1]}${punct === ')' ? ')' : '.'}`, rest: text.slice(m[0].length) };
	}
	m = LETTER.exec(text);
	if (m) {
		const punct = text.slice(1).trimStart()[0];
		return { kind: 'letter', value: m[1], written: `${m[1]}${punct === '.' ? '.' : ')'}`, rest: text.slice(m[0].length) };
	}
	m = BULLET.exec(text);
	if (m) return { kind: 'bullet', value: bulletChar(m[1]), written: bulletChar(m[1]), rest: text.slice(m[0].length) };
	return null;
}

/** The mark that should follow `previous` in the same list, to notice a skipped or repeated one. */
export function nextMarkerValue(kind: MarkerKind, previous: string): string | null {
	if (kind === 'letter') {
		const i = VIETNAMESE_LETTERS.indexOf(previous);
		return i >= 0 && i + 1 < VIETNAMESE_LETTERS.length ? VIETNAMESE_LETTERS[i + 1] : null;
	}
	if (kind === 'arabic') {
		const parts = previous.split('.');
		parts[parts.length - 1] = String(Number(parts[parts.length - 1]) + 1);
		return parts.join('.');
	}
	if (kind === 'roman') {
		const n = romanValue(previous) + 1;
		const table: [number, string][] = [[100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
		let rest = n;
		let out = '';
		for (const [v, s] of table) while (rest >= v) {
			out += s;
			rest -= v;
		}
		return out;
	}
	return null;
}
