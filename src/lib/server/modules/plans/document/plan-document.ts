import type { DocumentBlock, OfficialDocument } from '../../../documents/model';
import type { PlanDocument, PlanItem, PlanSection } from '../plans.interchange';

/**
 * A plan as an official document: the plan supplies its header fields and its body (bases,
 * preamble, numbered sections with their items, closing); the Decree 30 frame is the renderer's.
 */
export function planToOfficialDocument(plan: PlanDocument): OfficialDocument {
	return {
		language: 'vi',
		parentIssuer: plan.parentIssuer,
		issuer: issuerLines(plan.issuer),
		number: plan.number,
		symbol: plan.symbol,
		place: plan.place,
		date: plan.date,
		documentType: plan.documentType,
		title: plan.title,
		body: planBody(plan),
		recipients: plan.recipients,
		signer: plan.signer ? { authority: plan.signer.authority, title: plan.signer.title, name: plan.signer.name } : null
	};
}

// Decree 30 writes the issuing body in full; "UBND xã Đa Quyn" is printed as the seed prints it:
// "ỦY BAN NHÂN DÂN" over "XÃ ĐA QUYN".
const BODIES: [RegExp, string][] = [
	[/^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)(?=\s|$)/iu, 'Ủy ban nhân dân'],
	[/^(HĐND|Hội đồng nhân dân)(?=\s|$)/iu, 'Hội đồng nhân dân']
];

/** The issuer's printed lines: a known body name on its own line, the unit under it. */
export function issuerLines(issuer: string): string[] {
	const text = issuer.normalize('NFC').replace(/\s+/g, ' ').trim();
	for (const [pattern, full] of BODIES) {
		const m = pattern.exec(text);
		if (m) {
			const rest = text.slice(m[0].length).trim();
			return rest ? [full, rest] : [full];
		}
	}
	return [text];
}

/** "I" → "I.", "1" → "1.", "a" → "a)"; a number written with its own punctuation stays as written. */
export function headingNumber(number: string | null): string | null {
	const n = number?.trim();
	if (!n) return null;
	if (/[.)]$/.test(n)) return n;
	return /^[a-zđ]$/u.test(n) ? `${n})` : `${n}.`;
}

// A basis as written may start with its own verb; otherwise it is a "Căn cứ …" line.
const BASIS_LEAD = /^(Căn cứ|Thực hiện|Theo|Xét|Trên cơ sở|Triển khai|Thi hành)(?=\s|$)/iu;

/** One paragraph per basis, each "Căn cứ …;" unless written otherwise (Decree 30 style). */
export function basisParagraph(text: string): string {
	const t = text.normalize('NFC').replace(/\s+/g, ' ').trim();
	const led = BASIS_LEAD.test(t) ? t : `Căn cứ ${t}`;
	return /[;.,:]$/.test(led) ? led : `${led};`;
}

function items(list: PlanItem[], depth: number, out: DocumentBlock[]) {
	for (const item of list) {
		out.push({ kind: 'paragraph', marker: item.marker, text: item.text, depth });
		items(item.items, depth + 1, out);
	}
}

function sections(list: PlanSection[], level: number, out: DocumentBlock[]) {
	for (const s of list) {
		out.push({ kind: 'heading', level, number: headingNumber(s.number), text: s.heading });
		items(s.items, 0, out);
		sections(s.sections, level + 1, out);
	}
}

/** The body blocks in document order: bases, preamble, sections (headings, items, subsections), closing. */
export function planBody(plan: PlanDocument): DocumentBlock[] {
	const out: DocumentBlock[] = [];
	for (const b of plan.bases) out.push({ kind: 'paragraph', text: basisParagraph(b.text) });
	if (plan.preamble?.trim()) out.push({ kind: 'paragraph', text: plan.preamble.trim() });
	sections(plan.sections, 1, out);
	if (plan.closing?.trim()) out.push({ kind: 'paragraph', text: plan.closing.trim() });
	return out;
}
