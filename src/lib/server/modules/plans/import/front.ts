import type { PlanBasis } from '../plans.interchange';
import { BASIS_START, isPreamble, looksLikeReference, splitBasesParagraph } from './bases';
import type { Paragraph } from './paragraphs';
import { findDate, fold, isUpperText, titleCase, trimEndMarks } from './text';
import type { ImportWarnings } from './warnings';

/**
 * The front of a plan, before part I: the header block (issuing body, number and symbol, place and
 * date; the national motto is fixed text and left out), the document type and title, the legal
 * bases and the preamble.
 */
export interface Front {
	issuer: string | null;
	parentIssuer: string | null;
	number: string | null;
	symbol: string | null;
	place: string | null;
	date: string | null;
	documentType: string | null;
	title: string | null;
	bases: PlanBasis[];
	preamble: string | null;
	/** Paragraphs kept in place but not recognised (each already warned about). */
	unknown: Paragraph[];
}

const DOCUMENT_TYPE = /^ke hoach( lien tich)?$/;
/** Other kinds of official documents, to say what a refused file is. */
const OTHER_TYPES = /^(quyet dinh|bao cao|cong van|to trinh|thong bao|bien ban|nghi quyet|chi thi|huong dan|giay moi)$/;
const MOTTO = [/cong hoa xa hoi chu nghia viet nam/, /doc lap\s*[-–—]?\s*tu do\s*[-–—]?\s*hanh phuc/];
const NUMBER_SYMBOL = /Số\s*:?\s*([^\s/]*)\s*\/\s*([\p{L}\p{N}][\p{L}\p{N}\-–.]*)/u;
/** "Đa Quyn, ngày 01 tháng 12 năm 2023", or a form still to fill: "…………, ngày …… tháng …… năm ………". */
const PLACE_DATE = /([^,]*?),?\s*ngày\s+\S*\s+tháng\s+\S*\s+năm\s+(?:\d{4}|[.…_]+)/u;
const BODY_WORDS = /^(uy ban nhan dan|ubnd)(?=\s|$)/;
/** How the lines naming an issuing body begin: a kind of body, or a unit level (with diacritics: "BẢN SAO" is no "BAN"). */
const ISSUER_LINE =
	/^(ủy ban|uỷ ban|ubnd|hđnd|hội đồng|ban|phòng|sở|bộ|đảng ủy|đảng uỷ|mặt trận|đoàn|hội|trung tâm|văn phòng|chi cục|cục|tổng cục|thị trấn|thị xã|thành phố|đặc khu|phường|xã|huyện|quận|tỉnh)(?=\s|$)/u;
/** Administrative levels, longest first, as they open a unit's name. */
const LEVELS = ['thi tran', 'thi xa', 'thanh pho', 'dac khu', 'phuong', 'xa', 'huyen', 'quan', 'tinh'];

export const isDocumentType = (p: Paragraph) => isUpperText(p.text) && p.text.length <= 40 && DOCUMENT_TYPE.test(fold(p.text).trim());
export const otherDocumentType = (p: Paragraph) =>
	isUpperText(p.text) && p.text.length <= 40 && OTHER_TYPES.test(fold(p.text).trim()) ? p.text.trim() : null;

/**
 * Removes folded-text matches from the original. Folding keeps one character per character of
 * NFC Vietnamese, so positions carry over.
 */
function removeFolded(text: string, patterns: RegExp[]): { text: string; found: boolean } {
	let out = text;
	let found = false;
	for (const pattern of patterns) {
		const folded = out.normalize('NFD').replace(/\p{M}+/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
		if (folded.length !== out.length) continue;
		const m = pattern.exec(folded);
		if (m) {
			out = out.slice(0, m.index) + ' ' + out.slice(m.index + m[0].length);
			found = true;
		}
	}
	return { text: out.replace(/\s+/g, ' ').trim(), found };
}

/** "XÃ ĐA QUYN" → "xã Đa Quyn"; null when the text does not open with a level. */
function unitName(text: string): string | null {
	const folded = fold(text).trim();
	const level = LEVELS.find((l) => folded.startsWith(l + ' '));
	if (!level) return null;
	const words = text.trim().split(/\s+/);
	const levelWords = level.split(' ').length;
	return `${words.slice(0, levelWords).join(' ').toLocaleLowerCase('vi')} ${titleCase(words.slice(levelWords).join(' '))}`;
}

/** The upper-case lines of the header → issuing bodies, highest first ("UBND huyện …", "UBND xã …"). */
function issuingBodies(lines: string[]): string[] {
	const bodies: string[] = [];
	let pendingCouncil = false;
	for (const line of lines) {
		const body = BODY_WORDS.exec(fold(line));
		if (body) {
			const rest = line.trim().split(/\s+/).slice(body[1] === 'ubnd' ? 1 : 4).join(' ');
			if (rest) bodies.push(`UBND ${unitName(rest) ?? rest}`);
			pendingCouncil = !rest;
			continue;
		}
		const unit = unitName(line);
		if (pendingCouncil && unit) bodies.push(`UBND ${unit}`);
		else if (unit) bodies.push(unit.charAt(0).toLocaleUpperCase('vi') + unit.slice(1));
		else bodies.push(line.trim());
		pendingCouncil = false;
	}
	if (pendingCouncil) bodies.push('Ủy ban nhân dân');
	return bodies;
}

const PREAMBLE_ISSUER = /^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+((?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|đặc khu)\s+.+?)\s+(?:xây dựng|ban hành|triển khai)/u;

/** Reads the paragraphs before the body. */
export function readFront(paragraphs: Paragraph[], warnings: ImportWarnings): Front {
	const front: Front = {
		issuer: null,
		parentIssuer: null,
		number: null,
		symbol: null,
		place: null,
		date: null,
		documentType: null,
		title: null,
		bases: [],
		preamble: null,
		unknown: []
	};
	const typeIndex = paragraphs.findIndex(isDocumentType);
	let i = 0;
	const bodyLines: string[] = [];
	// The header block: everything before "KẾ HOẠCH", or, without it, the header-shaped paragraphs.
	for (; i < paragraphs.length && (typeIndex >= 0 ? i < typeIndex : true); i++) {
		const p = paragraphs[i];
		let { text, found: motto } = removeFolded(p.text, MOTTO);
		const numberSymbol = NUMBER_SYMBOL.exec(text);
		if (numberSymbol) {
			const number = numberSymbol[1].replace(/[.…_\s]/g, '');
			front.number = /\d/.test(number) ? number.slice(0, 20) : null;
			front.symbol = numberSymbol[2].replace(/[.,;]+$/, '').slice(0, 40);
			text = (text.slice(0, numberSymbol.index) + ' ' + text.slice(numberSymbol.index + numberSymbol[0].length)).trim();
		}
		const placeDate = PLACE_DATE.exec(text);
		if (placeDate) {
			front.place = /[\p{L}\p{N}]/u.test(placeDate[1]) ? placeDate[1].trim() : null;
			front.date = findDate(placeDate[0])?.iso ?? null;
			text = (text.slice(0, placeDate.index) + ' ' + text.slice(placeDate.index + placeDate[0].length)).trim();
		}
		if (!text) continue;
		if (isUpperText(text) && ISSUER_LINE.test(text.toLocaleLowerCase('vi'))) bodyLines.push(text);
		else if (typeIndex >= 0) {
			warnings.add('planImport.warning.header', p.line, p.text);
			front.unknown.push(p);
		} else if (!motto && !numberSymbol && !placeDate) break;
	}
	const bodies = issuingBodies(bodyLines);
	front.issuer = bodies.at(-1) ?? null;
	front.parentIssuer = bodies.at(-2) ?? null;
	if (typeIndex >= 0) {
		front.documentType = paragraphs[typeIndex].text.toLocaleUpperCase('vi');
		i = typeIndex + 1;
	}
	// The title: the summary lines after "KẾ HOẠCH", up to the bases.
	const titleParts: Paragraph[] = [];
	while (i < paragraphs.length && titleParts.length < 3) {
		const p = paragraphs[i];
		if (BASIS_START.test(p.text) || isPreamble(p.text) || p.marker) break;
		if (titleParts.length && (p.text.length > 300 || p.bold !== titleParts[0].bold)) break;
		titleParts.push(p);
		i++;
	}
	if (titleParts.length) front.title = trimEndMarks(titleParts.map((p) => p.text).join(' ')).replace(/\s+/g, ' ');
	else warnings.add('planImport.warning.noTitle', paragraphs[i]?.line ?? null, null);
	// Bases and preamble; anything else stays, in a section of its own.
	let inBases = false;
	for (; i < paragraphs.length; i++) {
		const p = paragraphs[i];
		if (BASIS_START.test(p.text) || (inBases && looksLikeReference(p.text))) {
			const { bases, preamble } = splitBasesParagraph(p.text);
			front.bases.push(...bases);
			if (preamble) front.preamble = front.preamble ? `${front.preamble}\n${preamble}` : preamble;
			inBases = !preamble;
		} else if (isPreamble(p.text)) {
			front.preamble = front.preamble ? `${front.preamble}\n${p.text}` : p.text;
			inBases = false;
		} else {
			warnings.add('planImport.warning.intro', p.line, p.text);
			front.unknown.push(p);
		}
	}
	if (!front.issuer) {
		const guessed = front.preamble ? PREAMBLE_ISSUER.exec(front.preamble) : null;
		if (guessed) {
			front.issuer = `UBND ${guessed[1]}`;
			warnings.add('planImport.warning.issuerGuessed', null, front.issuer);
		} else warnings.add('planImport.warning.noIssuer', null, null);
	}
	return front;
}
