import type { PlanDocument, PlanItem, PlanSection } from './plans.interchange';
import { parsePlanText } from './import/index';
import { readBasis } from './import/bases';

/**
 * The workspace editor shows a plan's body as plain text in the layout officers type in Word:
 * "I. MỤC ĐÍCH, YÊU CẦU" starts a section, "1. Mục đích" a subsection, "a) …" a lettered item,
 * "- …" a bullet (under the lettered item above it), any other line a paragraph. The text goes
 * back through the importer, so what the editor saves is what an imported file of the same text
 * would give.
 */

const INDENT = '  ';

function itemLines(items: PlanItem[], depth: number, out: string[]) {
	for (const item of items) {
		const text = item.text.replace(/\s*\n\s*/g, ' ').trim();
		out.push(INDENT.repeat(depth) + (item.marker ? `${item.marker} ${text}` : text));
		itemLines(item.items, depth + 1, out);
	}
}

function sectionLines(sections: PlanSection[], out: string[]) {
	for (const s of sections) {
		const number = s.number ? `${s.number}. ` : '';
		out.push(`${number}${s.heading}`);
		itemLines(s.items, 0, out);
		sectionLines(s.sections, out);
	}
}

/** The sections of a plan as the editor's body text. */
export function sectionsToText(sections: PlanSection[]): string {
	const out: string[] = [];
	sectionLines(sections, out);
	return out.join('\n');
}

export interface ParsedBody {
	sections: PlanSection[];
	/** What the importer could not place: kept in the sections, reported to the officer. */
	warnings: PlanDocument['warnings'];
}

/**
 * The editor's body text back into sections, read by the importer under a made-up heading
 * ("KẾ HOẠCH" and the title) so that the body alone is judged as a plan's body.
 */
export function textToSections(text: string, title = 'Kế hoạch'): ParsedBody {
	const body = text.replace(/\r\n?/g, '\n').trim();
	if (!body) return { sections: [], warnings: [] };
	// Indentation is the editor's own help for reading; the importer reads marks, not spaces. Each
	// line becomes a paragraph of its own (blank lines between), remembering its line in the box.
	const kept: { text: string; line: number }[] = [];
	body.split('\n').forEach((l, i) => {
		if (l.trim()) kept.push({ text: l.trim(), line: i + 1 });
	});
	const doc = parsePlanText(`KẾ HOẠCH\n${title.replace(/\s+/g, ' ').trim() || 'Kế hoạch'}\n\n${kept.map((k) => k.text).join('\n\n')}\n`);
	// Header and signature warnings are about the wrapper, not the body; body line k sits on line 2k+2.
	const warnings = doc.warnings
		.filter((w) => w.line !== null || w.text !== null)
		.map((w) => ({ ...w, line: w.line === null ? null : (kept[Math.round((w.line - 2) / 2) - 1]?.line ?? null) }));
	return { sections: doc.sections, warnings };
}

const lines = (text: string | undefined) =>
	(text ?? '')
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((l) => l.trim())
		.filter((l) => l !== '');

/** Bases as one reference a line, and back through the importer's reading of a reference. */
export const basesToText = (bases: PlanDocument['bases']) => bases.map((b) => b.text).join('\n');

export function textToBases(text: string, previous: PlanDocument['bases'] = []): PlanDocument['bases'] {
	return lines(text).map((line) => {
		// A basis kept as it was keeps its link to a plan in Lan Tỏa.
		const kept = previous.find((b) => b.text === line);
		return kept ?? readBasis(line);
	});
}

export const recipientsToText = (recipients: string[]) => recipients.join('\n');
export const textToRecipients = (text: string) => lines(text);

/** The editor's form fields of a plan (the text parts; rows and checkboxes are read by the page). */
export interface EditorText {
	issuer: string;
	parentIssuer: string;
	place: string;
	symbol: string;
	title: string;
	periodFrom: string;
	periodTo: string;
	preamble: string;
	bases: string;
	body: string;
	closing: string;
	recipients: string;
	signerAuthority: string;
	signerTitle: string;
	signerName: string;
}

/** A stored plan as the editor's text fields. */
export function documentToEditor(doc: PlanDocument): EditorText {
	return {
		issuer: doc.issuer,
		parentIssuer: doc.parentIssuer ?? '',
		place: doc.place ?? '',
		symbol: doc.symbol,
		title: doc.title,
		periodFrom: doc.period ? String(doc.period.from) : '',
		periodTo: doc.period ? String(doc.period.to) : '',
		preamble: doc.preamble ?? '',
		bases: basesToText(doc.bases),
		body: sectionsToText(doc.sections),
		closing: doc.closing ?? '',
		recipients: recipientsToText(doc.recipients),
		signerAuthority: doc.signer?.authority ?? '',
		signerTitle: doc.signer?.title ?? '',
		signerName: doc.signer?.name ?? ''
	};
}

const orNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);
const yearOf = (v: string | undefined) => (v?.trim() && /^\d{4}$/.test(v.trim()) ? Number(v.trim()) : NaN);

export interface EditorRows {
	targets: { indicator: string; period: string; value: string }[];
	tasks: { assignee: string; text: string; due: string }[];
	channels: string[];
	audiences: string[];
	fundingSources: string[];
}

/**
 * The editor's fields as a plan document input (validated by the service), with the parse
 * warnings of the body. Fields the editor does not show (number, date, document type) are kept
 * from the stored plan; blank target and task rows are dropped.
 */
export function editorToDocument(stored: PlanDocument, text: EditorText, rows: EditorRows): { document: Record<string, unknown>; warnings: PlanDocument['warnings'] } {
	const body = textToSections(text.body, text.title);
	const from = yearOf(text.periodFrom);
	const to = yearOf(text.periodTo);
	const period = !text.periodFrom.trim() && !text.periodTo.trim() ? null : { from, to: Number.isNaN(to) ? from : to };
	const signer =
		text.signerAuthority.trim() || text.signerTitle.trim() || text.signerName.trim()
			? { authority: orNull(text.signerAuthority), title: text.signerTitle.trim() || 'CHỦ TỊCH', name: orNull(text.signerName) }
			: null;
	const document = {
		...stored,
		issuer: text.issuer.trim(),
		parentIssuer: orNull(text.parentIssuer),
		place: orNull(text.place),
		symbol: text.symbol.trim() || 'KH-UBND',
		title: text.title.replace(/\s+/g, ' ').trim(),
		period,
		preamble: orNull(text.preamble),
		bases: textToBases(text.bases, stored.bases),
		sections: body.sections,
		closing: orNull(text.closing),
		recipients: textToRecipients(text.recipients),
		signer,
		targets: rows.targets
			.filter((t) => t.indicator.trim() || t.period.trim() || t.value.trim())
			.map((t) => {
				const kept = stored.targets.find((s) => s.indicator === t.indicator && s.period === t.period.trim());
				return { indicator: t.indicator.trim(), period: t.period.trim(), value: t.value.trim() === '' ? NaN : Number(t.value.replace(',', '.')), note: kept?.note ?? null };
			}),
		tasks: rows.tasks.filter((t) => t.assignee.trim() || t.text.trim() || t.due.trim()).map((t) => ({ assignee: t.assignee.trim(), text: t.text.trim(), due: orNull(t.due) })),
		channels: rows.channels,
		audiences: rows.audiences,
		fundingSources: rows.fundingSources,
		warnings: body.warnings
	};
	return { document, warnings: body.warnings };
}
