/**
 * Source lines: what both readers (.txt/.md and .docx) hand to the layout analysis. Markup is
 * gone, but what it told is kept as flags: a Markdown heading or a bold line is a heading shape.
 */
export interface SourceLine {
	/** NFC text without markup, spaces collapsed, trimmed; '' for a blank line. */
	text: string;
	/** Line number in the source, 1-based (for a .docx: the paragraph's number in reading order). */
	line: number;
	/** The whole line is emphasised (Markdown `**…**`, a bold .docx paragraph). */
	bold: boolean;
	/** A Markdown heading (`#`) or a .docx heading style. */
	heading: boolean;
}

/** Characters that carry no text: zero-width spaces and joiners, soft hyphens, stray BOMs. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
/** Lines drawn with characters (the rule under a header, "………" placeholders): not text. */
const RULE_LINE = /^[\s\-–—_=*~.·•…]*$/u;
const ESCAPABLE = /\\([\\`*_{}[\]()#+\-.!|<>~"'])/g;
const isSpace = (c: string) => c === '' || /\s/u.test(c);
const isWordChar = (c: string) => /[\p{L}\p{N}]/u.test(c);

/** Spaces of every kind as one ASCII space, trimmed. */
const collapseSpaces = (text: string) => text.replace(/[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/gu, ' ').trim();

/** Spaces of every kind as one ASCII space, invisible characters removed, NFC. */
export function cleanText(text: string): string {
	return collapseSpaces(text.normalize('NFC').replace(INVISIBLE, ''));
}

interface EmphasisState {
	/** Inside a `**` span that began on an earlier line. */
	bold: boolean;
}

/**
 * Removes Markdown emphasis delimiters from one line and tells whether all of its text was bold.
 * A run of `*` (or `_`) is a delimiter when it flanks a word, as CommonMark has it; a lone `*`
 * between spaces, `(*)` or a list bullet `* ` stays as written.
 */
function stripEmphasis(line: string, state: EmphasisState): { text: string; bold: boolean } {
	let out = '';
	let allBold = true;
	let sawText = false;
	let from = 0;
	const text = (segment: string) => {
		out += segment;
		if (/\S/u.test(segment)) {
			sawText = true;
			if (!state.bold) allBold = false;
		}
	};
	for (const m of line.matchAll(/\*+|_+/g)) {
		text(line.slice(from, m.index));
		const run = m[0].length;
		const prev = m.index === 0 ? '' : line[m.index - 1];
		const next = m.index + run >= line.length ? '' : line[m.index + run];
		let delimiter: boolean;
		if (run > 3) delimiter = false;
		else if (isSpace(prev)) delimiter = !isSpace(next);
		else if (isSpace(next)) delimiter = true;
		else delimiter = m[0][0] === '*' ? isWordChar(prev) || isWordChar(next) : !(isWordChar(prev) && isWordChar(next));
		if (delimiter) {
			if (run >= 2) state.bold = !state.bold;
		} else text(m[0]);
		from = m.index + run;
	}
	text(line.slice(from));
	return { text: out, bold: sawText && allBold };
}

/**
 * Splits plain or Markdown text into source lines: `#` heading marks, emphasis and backslash
 * escapes are removed, everything else is kept as written.
 */
export function textToLines(text: string): SourceLine[] {
	// Composed once for the whole text: text taken from a PDF often writes "xã" as x + a + ◌̃.
	const raw = text.replace(/^\uFEFF/, '').normalize('NFC').replace(INVISIBLE, '').split(/\r\n|\r|\n|\u2028|\u2029/);
	const state: EmphasisState = { bold: false };
	const lines: SourceLine[] = [];
	raw.forEach((rawLine, index) => {
		let line = rawLine;
		let heading = false;
		const hashes = /^ {0,3}#{1,6}(?:\s+|$)/.exec(line);
		if (hashes) {
			heading = true;
			line = line.slice(hashes[0].length).replace(/\s+#+\s*$/, '');
		}
		// Escaped characters become private-use placeholders so emphasis handling leaves them alone.
		const escaped: string[] = [];
		if (line.includes('\\')) line = line.replace(ESCAPABLE, (_, ch: string) => String.fromCharCode(0xe000 + escaped.push(ch) - 1));
		let plain = line;
		let bold = state.bold && /\S/u.test(line);
		if (RULE_LINE.test(line)) [plain, bold] = ['', false];
		// Most lines have no emphasis at all: only those with * or _ go through the scanner.
		else if (/[*_]/.test(line)) ({ text: plain, bold } = stripEmphasis(line, state));
		const restored = escaped.length ? plain.replace(/[\ue000-\uf8ff]/g, (p) => escaped[p.charCodeAt(0) - 0xe000] ?? p) : plain;
		const cleaned = collapseSpaces(restored);
		lines.push({ text: RULE_LINE.test(cleaned) ? '' : cleaned, line: index + 1, bold: cleaned !== '' && bold, heading: cleaned !== '' && heading });
	});
	return lines;
}
