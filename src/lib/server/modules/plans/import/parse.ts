import { AppError } from '../../../errors';
import { PlanDocument, type PlanSection } from '../plans.interchange';
import { headingLevel, readBody } from './body';
import { readCodes, readPeriod, readTasks } from './derive';
import { isDocumentType, otherDocumentType, readFront } from './front';
import type { SourceLine } from './lines';
import { toParagraphs, type Paragraph } from './paragraphs';
import { isTailStart, readTail } from './tail';
import { ImportWarnings } from './warnings';

/** Paragraphs kept but not recognised, as a section of their own (no heading) so nothing is lost. */
function keptSection(paragraphs: Paragraph[]): PlanSection[] {
	if (!paragraphs.length) return [];
	return [{ heading: '', number: null, kind: 'other', items: paragraphs.map((p) => ({ marker: null, text: p.text, items: [] })), sections: [] }];
}

/**
 * Source lines → the plan in the interchange format. Refuses (VALIDATION) a text that is not a
 * plan: no "KẾ HOẠCH" and fewer than two parts numbered I., II. …
 */
export function parseSourceLines(lines: SourceLine[]): PlanDocument {
	const warnings = new ImportWarnings();
	const { paragraphs, noise } = toParagraphs(lines);
	if (!paragraphs.length) throw new AppError('VALIDATION', 'planImport.empty');
	for (const n of noise) warnings.add('planImport.warning.pageNumber', n.line, n.text);

	const typeIndex = paragraphs.findIndex(isDocumentType);
	const parts = paragraphs.filter((p, i) => i > typeIndex && p.marker?.kind === 'roman');
	if (typeIndex < 0 && parts.length < 2) {
		const other = paragraphs.slice(0, 40).map(otherDocumentType).find(Boolean);
		if (other) throw new AppError('VALIDATION', 'planImport.otherType', { type: other });
		throw new AppError('VALIDATION', 'planImport.notPlan');
	}
	const hasParts = parts.length > 0;
	// The body begins at part I (or, in a plan without parts, at its first numbered heading).
	let bodyStart = paragraphs.findIndex((p, i) => i > typeIndex && (hasParts ? p.marker?.kind === 'roman' : p.marker?.kind === 'arabic' && headingLevel(p, false) !== null));
	if (bodyStart < 0) bodyStart = paragraphs.length;
	let tailStart = paragraphs.findIndex((p, i) => i > bodyStart && isTailStart(p));
	if (tailStart < 0) tailStart = paragraphs.length;

	const front = readFront(paragraphs.slice(0, bodyStart), warnings);
	const body = readBody(paragraphs.slice(bodyStart, tailStart), hasParts, warnings);
	const tail = readTail(paragraphs.slice(tailStart), warnings);
	const sections = [...keptSection(front.unknown), ...body, ...keptSection(tail.unknown)];
	const issuer = front.issuer ?? 'UBND';
	const title = front.title ?? '—';

	const parsed = PlanDocument.safeParse({
		issuer,
		parentIssuer: front.parentIssuer,
		number: front.number,
		symbol: front.symbol ?? undefined,
		place: front.place,
		date: front.date,
		documentType: front.documentType ?? undefined,
		title,
		period: readPeriod(sections, front.title, front.date),
		preamble: front.preamble,
		bases: front.bases,
		sections,
		closing: tail.closing,
		recipients: tail.recipients.filter(Boolean),
		signer: tail.signer,
		tasks: readTasks(sections, issuer),
		...readCodes(sections),
		warnings: warnings.list()
	});
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new AppError('VALIDATION', 'planImport.limits', { reason: `${issue.path.join('.')}: ${issue.message}` });
	}
	return parsed.data;
}
