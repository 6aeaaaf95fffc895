import { AppError } from '../../../errors';
import { readZipEntryText } from '../../../files/zip';
import { cleanText, type SourceLine } from './lines';
import { VIETNAMESE_LETTERS } from './markers';
import { attr, isOn, xmlEvents } from './xml';

/**
 * Reads a .docx into source lines: the paragraphs of word/document.xml in reading order, runs
 * joined (tabs as spaces, line breaks as new lines), list numbering from word/numbering.xml
 * written out as marks ("1.", "a)", "-"), tables read cell by cell when they lay out a header or
 * a signature block (two columns, as Decree 30 documents do) and row by row otherwise. A
 * paragraph whose runs are all bold, or whose style is a heading, keeps that as a flag.
 */

/** Inflated size of one part: far beyond any plan, short of exhausting memory. */
const MAX_PART_BYTES = 64 * 1024 * 1024;

const corrupt = (reason: string) => new AppError('VALIDATION', 'planImport.corrupt', { reason });

/** One part of the .docx as text, inflated with a size bound; null when absent. */
export function readZipPart(bytes: Uint8Array, name: string): string | null {
	try {
		return readZipEntryText(bytes, name, MAX_PART_BYTES);
	} catch (err) {
		throw corrupt(err instanceof Error ? err.message : 'zip');
	}
}

interface Level {
	start: number;
	format: string;
	text: string;
}

/** numId → its levels (from the abstract numbering it points to, with start overrides). */
function readNumbering(xml: string | null): Map<string, Level[]> {
	const abstract = new Map<string, Level[]>();
	const nums = new Map<string, { abstractId: string; starts: Map<number, number> }>();
	if (!xml) return new Map();
	let levels: Level[] | null = null;
	let level: Level | null = null;
	let num: { abstractId: string; starts: Map<number, number> } | null = null;
	let overrideLevel = -1;
	for (const e of xmlEvents(xml)) {
		if (e.type !== 'open') continue;
		const a = e.attrs;
		if (e.name === 'w:abstractNum') abstract.set(attr(a, 'w:abstractNumId') ?? '', (levels = []));
		else if (e.name === 'w:lvl' && levels && !num) levels[Number(attr(a, 'w:ilvl') ?? 0)] = level = { start: 1, format: 'decimal', text: '' };
		else if (e.name === 'w:start' && level && !num) level.start = Number(attr(a, 'w:val') ?? 1);
		else if (e.name === 'w:numFmt' && level && !num) level.format = attr(a, 'w:val') ?? 'decimal';
		else if (e.name === 'w:lvlText' && level && !num) level.text = attr(a, 'w:val') ?? '';
		else if (e.name === 'w:num') nums.set(attr(a, 'w:numId') ?? '', (num = { abstractId: '', starts: new Map() }));
		else if (e.name === 'w:abstractNumId' && num) num.abstractId = attr(a, 'w:val') ?? '';
		else if (e.name === 'w:lvlOverride' && num) overrideLevel = Number(attr(a, 'w:ilvl') ?? -1);
		else if (e.name === 'w:startOverride' && num && overrideLevel >= 0) num.starts.set(overrideLevel, Number(attr(a, 'w:val') ?? 1));
	}
	const out = new Map<string, Level[]>();
	for (const [id, n] of nums) {
		const base = abstract.get(n.abstractId) ?? [];
		out.set(id, base.map((l, i) => (l && n.starts.has(i) ? { ...l, start: n.starts.get(i)! } : l)));
	}
	return out;
}

function toRoman(n: number): string {
	const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
	let out = '';
	for (const [v, s] of table) while (n >= v) {
		out += s;
		n -= v;
	}
	return out;
}

function formatCounter(n: number, format: string): string {
	if (format === 'lowerLetter' || format === 'upperLetter') {
		// Word counts a, b, c, d, e …; Vietnamese plans write đ after d, as the lists are read.
		const letter = VIETNAMESE_LETTERS[(n - 1) % VIETNAMESE_LETTERS.length];
		return format === 'upperLetter' ? letter.toLocaleUpperCase('vi') : letter;
	}
	if (format === 'lowerRoman') return toRoman(n).toLowerCase();
	if (format === 'upperRoman') return toRoman(n);
	return String(n);
}

/** Writes list marks out as text, counting per list and level as Word does. */
class Numbering {
	private readonly counters = new Map<string, number[]>();
	constructor(private readonly lists: Map<string, Level[]>) {}

	mark(numId: string | null, ilvl: number): string {
		const levels = numId ? this.lists.get(numId) : undefined;
		const level = levels?.[ilvl];
		if (!numId || !levels || !level) return '';
		if (level.format === 'bullet') {
			const c = level.text.trim();
			return c === '-' || c === '+' || c === '–' ? c : '•';
		}
		if (level.format === 'none') return '';
		const counts = this.counters.get(numId) ?? [];
		counts[ilvl] = counts[ilvl] === undefined ? level.start : counts[ilvl] + 1;
		counts.length = ilvl + 1;
		this.counters.set(numId, counts);
		return level.text.replace(/%(\d)/g, (_, k: string) => {
			const i = Number(k) - 1;
			return formatCounter(counts[i] ?? levels[i]?.start ?? 1, levels[i]?.format ?? 'decimal');
		});
	}
}

interface Para {
	runs: { text: string; bold: boolean }[];
	numId: string | null;
	ilvl: number;
	heading: boolean;
}

type Block = { text: string; bold: boolean; heading: boolean };

/** A table is layout (a header or signature block) when it is narrow and short; then cells read one after another. */
function tableBlocks(rows: Block[][][]): Block[] {
	const columns = Math.max(0, ...rows.map((r) => r.length));
	if (columns <= 2 && rows.length <= 3) return rows.flat(2);
	return rows.map((row) => ({
		text: row.map((cell) => cell.map((b) => b.text).join(' ').trim()).join(' | '),
		bold: row.every((cell) => cell.every((b) => b.bold || !b.text.trim())),
		heading: false
	}));
}

/** The paragraphs of a .docx as source lines (line = paragraph number in reading order). */
export function docxToLines(bytes: Uint8Array): SourceLine[] {
	const documentXml = readZipPart(bytes, 'word/document.xml');
	if (documentXml === null || !documentXml.includes('w:body')) throw corrupt('word/document.xml');
	const numbering = new Numbering(readNumbering(readZipPart(bytes, 'word/numbering.xml')));
	// Where finished paragraphs go: the body, or the cell being read (tables nest).
	const containers: Block[][] = [[]];
	const tables: { rows: Block[][][] }[] = [];
	const paras: Para[] = [];
	// Runs nest when a text box sits in a run: its paragraphs come out before the one that holds it.
	const runs: { text: string; bold: boolean }[] = [];
	let inText = false;
	let skipDepth = 0;
	let skipName = '';
	for (const e of xmlEvents(documentXml)) {
		if (skipDepth) {
			if (e.type === 'open' && e.name === skipName && !e.selfClosing) skipDepth++;
			else if (e.type === 'close' && e.name === skipName) skipDepth--;
			continue;
		}
		const para = paras[paras.length - 1];
		const run = runs[runs.length - 1];
		if (e.type === 'text') {
			if (inText && run) run.text += e.text;
			continue;
		}
		if (e.type === 'open') {
			const { name, attrs } = e;
			// Deleted text, field codes and the fallback copy of drawings are not the document's text.
			if ((name === 'w:del' || name === 'w:moveFrom' || name === 'mc:Fallback' || name === 'w:instrText') && !e.selfClosing) {
				skipDepth = 1;
				skipName = name;
			} else if (name === 'w:p') {
				paras.push({ runs: [], numId: null, ilvl: 0, heading: false });
				if (e.selfClosing) containers[containers.length - 1].push(finish(paras.pop()!));
			} else if (name === 'w:pStyle' && para) para.heading ||= /^(heading|title|tieude|u\d)/i.test(attr(attrs, 'w:val') ?? '');
			else if (name === 'w:numId' && para) para.numId = attr(attrs, 'w:val');
			else if (name === 'w:ilvl' && para) para.ilvl = Number(attr(attrs, 'w:val') ?? 0);
			else if (name === 'w:r' && !e.selfClosing) runs.push({ text: '', bold: false });
			else if (name === 'w:b' && run) run.bold = isOn(attrs);
			else if (name === 'w:t' && !e.selfClosing) inText = true;
			else if ((name === 'w:tab' || name === 'w:ptab') && run) run.text += ' ';
			else if ((name === 'w:br' || name === 'w:cr') && run) run.text += '\n';
			else if (name === 'w:noBreakHyphen' && run) run.text += '-';
			else if (name === 'w:tbl') tables.push({ rows: [] });
			else if (name === 'w:tr') tables[tables.length - 1]?.rows.push([]);
			else if (name === 'w:tc') containers.push([]);
		} else {
			const { name } = e;
			if (name === 'w:t') inText = false;
			else if (name === 'w:r' && run) para?.runs.push(runs.pop()!); else if (name === 'w:p' && para) containers[containers.length - 1].push(finish(paras.pop()!));
			else if (name === 'w:tc' && containers.length > 1) {
				const cell = containers.pop()!;
				tables[tables.length - 1]?.rows.at(-1)?.push(cell);
			} else if (name === 'w:tbl') {
				const table = tables.pop();
				if (table) containers[containers.length - 1].push(...tableBlocks(table.rows));
			}
		}
	}
	return toSourceLines(containers[0]);

	function finish(p: Para): Block {
		const text = p.runs.map((r) => r.text).join('');
		const mark = numbering.mark(p.numId, p.ilvl);
		const visible = p.runs.filter((r) => r.text.trim());
		return { text: mark ? `${mark} ${text}` : text, bold: visible.length > 0 && visible.every((r) => r.bold), heading: p.heading };
	}
}

function toSourceLines(blocks: Block[]): SourceLine[] {
	const lines: SourceLine[] = [];
	blocks.forEach((b, i) => {
		for (const part of b.text.split('\n')) {
			const text = cleanText(part);
			lines.push({ text, line: i + 1, bold: text !== '' && b.bold, heading: text !== '' && b.heading });
		}
		// Paragraphs are separate even when their text would read on: a blank line between them.
		lines.push({ text: '', line: i + 1, bold: false, heading: false });
	});
	return lines;
}
