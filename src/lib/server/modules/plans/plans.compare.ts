import type { PlanDocument, PlanItem, PlanSection } from './plans.interchange';
import { foldVietnamese } from './plans.assignees';
import { presentPlanSummary } from './plans.presenter';
import type { DiffParagraph, DiffRow, DiffStatus, PlanComparison, SectionDiff } from './plans.schemas';
import { loadReadablePlan, type PlanCtx } from './plans.service';

/**
 * Side-by-side comparison of two plans (two versions of one plan, or a plan and the one it was
 * cascaded from), section by section and paragraph by paragraph. Paragraphs are aligned by the
 * longest common subsequence of their text; between two aligned paragraphs, a removed and an
 * added paragraph that share most of their words are shown as one changed paragraph.
 */

type Op<T> = { op: 'same'; a: T; b: T } | { op: 'removed'; a: T } | { op: 'added'; b: T };

/** Longest-common-subsequence alignment of two lists by key. */
export function align<T>(a: T[], b: T[], key: (x: T) => string): Op<T>[] {
	const ka = a.map(key);
	const kb = b.map(key);
	const n = a.length;
	const m = b.length;
	const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
	for (let i = n - 1; i >= 0; i--)
		for (let j = m - 1; j >= 0; j--) lcs[i][j] = ka[i] === kb[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
	const ops: Op<T>[] = [];
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (ka[i] === kb[j]) ops.push({ op: 'same', a: a[i++], b: b[j++] });
		else if (lcs[i + 1][j] >= lcs[i][j + 1]) ops.push({ op: 'removed', a: a[i++] });
		else ops.push({ op: 'added', b: b[j++] });
	}
	while (i < n) ops.push({ op: 'removed', a: a[i++] });
	while (j < m) ops.push({ op: 'added', b: b[j++] });
	return ops;
}

const words = (text: string) => new Set(foldVietnamese(text).split(' ').filter(Boolean));

/** Share of words two paragraphs have in common (Dice coefficient). */
export function similarity(x: string, y: string): number {
	const a = words(x);
	const b = words(y);
	if (!a.size && !b.size) return 1;
	let common = 0;
	for (const w of a) if (b.has(w)) common++;
	return (2 * common) / (a.size + b.size);
}

const SIMILAR = 0.5;

/** Rows of a side-by-side view of two paragraph lists. */
export function diffParagraphs(left: DiffParagraph[], right: DiffParagraph[]): DiffRow[] {
	const rows: DiffRow[] = [];
	let removed: DiffParagraph[] = [];
	let added: DiffParagraph[] = [];
	const flush = () => {
		// Pair each removed paragraph with the most similar added one left in the same gap.
		const pool = [...added];
		const paired = new Map<DiffParagraph, DiffParagraph>();
		for (const r of removed) {
			let best = -1;
			let score = SIMILAR;
			pool.forEach((p, k) => {
				const s = similarity(r.text, p.text);
				if (s >= score) [best, score] = [k, s];
			});
			if (best >= 0) paired.set(pool.splice(best, 1)[0], r);
		}
		const pairedRemoved = new Set(paired.values());
		for (const r of removed) if (!pairedRemoved.has(r)) rows.push({ status: 'removed', left: r, right: null });
		for (const p of added) {
			const r = paired.get(p);
			rows.push(r ? { status: 'changed', left: r, right: p } : { status: 'added', left: null, right: p });
		}
		removed = [];
		added = [];
	};
	for (const op of align(left, right, (p) => `${p.depth}\u0001${p.marker ?? ''}\u0001${p.text.trim()}`)) {
		if (op.op === 'same') {
			flush();
			rows.push({ status: 'same', left: op.a, right: op.b });
		} else if (op.op === 'removed') removed.push(op.a);
		else added.push(op.b);
	}
	flush();
	return rows;
}

/** The items of a section as paragraphs, nested items one level deeper. */
export function paragraphs(items: PlanItem[], depth = 0, out: DiffParagraph[] = []): DiffParagraph[] {
	for (const item of items) {
		out.push({ marker: item.marker, text: item.text, depth });
		paragraphs(item.items, depth + 1, out);
	}
	return out;
}

/** Sections are matched by their kind when known, otherwise by their heading. */
const sectionKey = (s: PlanSection) => (s.kind && s.kind !== 'other' ? `kind:${s.kind}` : `heading:${foldVietnamese(s.heading)}`);
const head = (s: PlanSection) => ({ number: s.number, heading: s.heading });

function overall(rows: DiffRow[], sections: SectionDiff[], headingChanged: boolean): DiffStatus {
	return headingChanged || rows.some((r) => r.status !== 'same') || sections.some((s) => s.status !== 'same') ? 'changed' : 'same';
}

/** Section-by-section differences of two section trees. */
export function diffSections(left: PlanSection[], right: PlanSection[]): SectionDiff[] {
	return align(left, right, sectionKey).map((op): SectionDiff => {
		if (op.op === 'removed')
			return { status: 'removed', left: head(op.a), right: null, rows: diffParagraphs(paragraphs(op.a.items), []), sections: diffSections(op.a.sections, []) };
		if (op.op === 'added')
			return { status: 'added', left: null, right: head(op.b), rows: diffParagraphs([], paragraphs(op.b.items)), sections: diffSections([], op.b.sections) };
		const rows = diffParagraphs(paragraphs(op.a.items), paragraphs(op.b.items));
		const sections = diffSections(op.a.sections, op.b.sections);
		const headingChanged = op.a.heading !== op.b.heading || op.a.number !== op.b.number;
		return { status: overall(rows, sections, headingChanged), left: head(op.a), right: head(op.b), rows, sections };
	});
}

const line = (text: string): DiffParagraph => ({ marker: null, text, depth: 0 });
const period = (d: PlanDocument) => (d.period ? (d.period.from === d.period.to ? String(d.period.from) : `${d.period.from}–${d.period.to}`) : null);
const signer = (d: PlanDocument) => (d.signer ? [d.signer.authority, d.signer.title, d.signer.name].filter(Boolean).join(' / ') : null);

/** Differences of two plan documents: header fields, bases, sections, recipients, targets, tasks. */
export function diffDocuments(a: PlanDocument, b: PlanDocument): Omit<PlanComparison, 'left' | 'right'> {
	const fieldValues: [string, (d: PlanDocument) => string | null][] = [
		['issuer', (d) => d.issuer],
		['parentIssuer', (d) => d.parentIssuer],
		['number', (d) => (d.number ? `${d.number}/${d.symbol}` : null)],
		['place', (d) => d.place],
		['date', (d) => d.date],
		['documentType', (d) => d.documentType],
		['title', (d) => d.title],
		['period', period],
		['preamble', (d) => d.preamble],
		['closing', (d) => d.closing],
		['signer', signer]
	];
	const fields = fieldValues.map(([field, get]) => {
		const left = get(a);
		const right = get(b);
		const status: DiffStatus = left === right ? 'same' : left === null ? 'added' : right === null ? 'removed' : 'changed';
		return { field, status, left, right };
	});
	const target = (t: PlanDocument['targets'][number]) => line(`${t.indicator} · ${t.period} · ${t.value}${t.note ? ` (${t.note})` : ''}`);
	const task = (t: PlanDocument['tasks'][number]) => line(`${t.assignee}: ${t.text}${t.due ? ` (${t.due})` : ''}`);
	const result = {
		fields,
		bases: diffParagraphs(a.bases.map((x) => line(x.text)), b.bases.map((x) => line(x.text))),
		sections: diffSections(a.sections, b.sections),
		recipients: diffParagraphs(a.recipients.map(line), b.recipients.map(line)),
		targets: diffParagraphs(a.targets.map(target), b.targets.map(target)),
		tasks: diffParagraphs(a.tasks.map(task), b.tasks.map(task))
	};
	const counts = { added: 0, removed: 0, changed: 0 };
	const count = (rows: DiffRow[]) => rows.forEach((r) => r.status !== 'same' && counts[r.status]++);
	const walk = (sections: SectionDiff[]) =>
		sections.forEach((s) => {
			count(s.rows);
			walk(s.sections);
		});
	fields.forEach((f) => f.status !== 'same' && counts[f.status]++);
	[result.bases, result.recipients, result.targets, result.tasks].forEach(count);
	walk(result.sections);
	return { ...result, counts };
}

/**
 * Compares two plans the actor may read, older on the left: two versions of a series (the usual
 * case), or any two plans, such as a commune's plan beside the province plan it follows.
 */
export async function comparePlanVersions(ctx: PlanCtx, idA: string, idB: string): Promise<PlanComparison> {
	const a = await loadReadablePlan(ctx, idA);
	const b = await loadReadablePlan(ctx, idB);
	const olderFirst = a.plan.seriesId === b.plan.seriesId ? a.plan.version <= b.plan.version : a.plan.createdAt <= b.plan.createdAt;
	const [left, right] = olderFirst ? [a, b] : [b, a];
	return { left: presentPlanSummary(left), right: presentPlanSummary(right), ...diffDocuments(left.plan.document, right.plan.document) };
}
