import type { PlanBasis } from '../plans.interchange';
import { findDate, fold } from './text';

/**
 * The legal bases of a plan: "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính
 * phủ phê duyệt …; Thông tư số …" split into one basis per reference, each with its type, number,
 * date, issuer and title; and the sentence after them ("UBND xã … xây dựng Kế hoạch … như sau:"),
 * which is the preamble.
 */

/** Words that open a paragraph of bases. */
export const BASIS_START = /^(?:Căn cứ|Thực hiện|Triển khai thực hiện|Theo đề nghị|Theo)\s/u;

/** Document kinds as written at the start of a reference → basis type. */
const TYPE_WORDS: [RegExp, PlanBasis['type']][] = [
	[/^quyet dinh\b/, 'decision'],
	[/^ke hoach\b/, 'plan'],
	[/^thong tu\b/, 'circular'],
	[/^nghi dinh\b/, 'decree'],
	[/^nghi quyet\b/, 'resolution'],
	[/^chi thi\b/, 'directive'],
	[/^(bo )?luat\b/, 'law'],
	[/^(cong van|van ban)\b/, 'official_letter']
];

/** The kind part of a number's symbol ("QĐ" in 90/QĐ-TTg, "KH" in 21/KH-LĐTBXH) → basis type. */
const SYMBOL_KINDS: Record<string, PlanBasis['type']> = {
	qd: 'decision',
	kh: 'plan',
	khlt: 'plan',
	tt: 'circular',
	ttlt: 'circular',
	nd: 'decree',
	nq: 'resolution',
	ct: 'directive',
	qh: 'law'
};

/** Where the issuer named after "của" ends and the subject begins. */
const ISSUER_END = /\s+(?=(?:về|phê duyệt|ban hành|hướng dẫn|quy định|triển khai|thực hiện|V\/v)(?![\p{L}\p{N}]))/u;
const NUMBER = /\bsố\s+(\d[\p{L}\p{N}./\-–]*[\p{L}\p{N}])/u;
/** A clause that names a document kind followed by "số": a reference, never the preamble. */
const REFERENCE_OPENING = /^(?:(?:Căn cứ|Thực hiện|Triển khai thực hiện|Theo)\s+)?(?:và\s+)?\p{L}+(?:\s+\p{L}+){0,2}\s+số\s+\d/u;
const PREAMBLE = /(?:xây dựng|ban hành|triển khai)\s+(?:Kế hoạch|kế hoạch)|như sau\s*:\s*$/u;

/** Splits at `;` outside brackets and quotes. */
function splitReferences(text: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let quoted = false;
	let start = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '(') depth++;
		else if (c === ')') depth = Math.max(0, depth - 1);
		else if (c === '“') quoted = true;
		else if (c === '”') quoted = false;
		else if (c === ';' && depth === 0 && !quoted) {
			parts.push(text.slice(start, i));
			start = i + 1;
		}
	}
	parts.push(text.slice(start));
	return parts.map((p) => p.trim().replace(/\s*[.;,]$/u, '').trim()).filter(Boolean);
}

/** One reference as written → a basis. */
export function readBasis(text: string): PlanBasis {
	const body = text.replace(BASIS_START, '').replace(/^và\s+/u, '');
	const folded = fold(body);
	let type = TYPE_WORDS.find(([pattern]) => pattern.test(folded))?.[1] ?? null;
	const number = NUMBER.exec(body)?.[1] ?? null;
	if (!type && number) {
		const kind = fold(number.split('/').find((part) => /^\p{L}/u.test(part))?.split(/[-–]/)[0] ?? '');
		type = SYMBOL_KINDS[kind] ?? 'official_letter';
	}
	const date = findDate(body);
	// The issuer follows the first "của" after the number and date: "… ngày 22/8/2022 của UBND tỉnh …".
	const after = Math.max(date ? date.index + date.length : 0, number ? body.indexOf(number) + number.length : 0);
	const of = /\s(của)\s+/u.exec(body.slice(after));
	let issuer: string | null = null;
	let title: string | null = null;
	if (of) {
		const rest = body.slice(after + of.index + of[0].length);
		const end = ISSUER_END.exec(rest);
		issuer = (end ? rest.slice(0, end.index) : rest).trim() || null;
		title = end ? rest.slice(end.index).trim() : null;
	} else if (after > 0) {
		title = body.slice(after).trim() || null;
	}
	if (title) title = title.replace(/^về việc\s+|^về\s+|^V\/v\s+/u, '').trim() || null;
	return {
		text: text.slice(0, 2000),
		type: type ?? 'other',
		number: number && number.length <= 60 ? number : null,
		date: date?.iso ?? null,
		issuer: issuer && issuer.length <= 300 ? issuer : null,
		title: title ? title.slice(0, 2000) : null,
		planId: null
	};
}

/**
 * A paragraph of bases, possibly ending in the preamble: "Căn cứ …; Kế hoạch số …. UBND xã Hà
 * Bình xây dựng Kế hoạch …, với những nội dung cụ thể như sau:".
 */
export function splitBasesParagraph(text: string): { bases: PlanBasis[]; preamble: string | null } {
	// The preamble starts a sentence or clause that is not itself a reference.
	const starts = [0, ...[...text.matchAll(/[.;]\s+/gu)].map((m) => m.index + m[0].length)];
	const preambleStart = starts.find((s, i) => {
		const clause = text.slice(s, starts[i + 1] ?? text.length).trim();
		return !REFERENCE_OPENING.test(clause) && !BASIS_START.test(clause) && PREAMBLE.test(clause);
	});
	const basesText = preambleStart === undefined ? text : text.slice(0, preambleStart);
	const preamble = preambleStart === undefined ? null : text.slice(preambleStart).trim();
	// Past the schema's 100 bases the plan is refused anyway; reading thousands more only costs time.
	return { bases: splitReferences(basesText).slice(0, 101).map(readBasis), preamble };
}

/** A paragraph that only says what the plan is about ("UBND xã … xây dựng Kế hoạch … như sau:"). */
export function isPreamble(text: string): boolean {
	return !BASIS_START.test(text) && PREAMBLE.test(text);
}

/** A paragraph that opens with a reference ("Quyết định số 90/QĐ-TTg …"), as in a list of bases. */
export function looksLikeReference(text: string): boolean {
	return REFERENCE_OPENING.test(text);
}
