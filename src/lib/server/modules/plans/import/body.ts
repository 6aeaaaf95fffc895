import type { PlanItem, PlanSection } from '../plans.interchange';
import { nextMarkerValue, type Marker } from './markers';
import type { Paragraph } from './paragraphs';
import { sectionKind } from './recognise';
import { isUpperText, trimEndMarks } from './text';
import type { ImportWarnings } from './warnings';

/**
 * The body of a plan as a tree: parts numbered I., II. …; sections numbered 1., 2. (1.1. deeper);
 * in each, items with their marks, nested by the usual order of marks (1. above a) above - above
 * +); a paragraph without a mark is an item of its own at the top of its section.
 */

/** How deep an item's mark sits: numbers above letters above dashes and bullets above "+". */
function itemRank(marker: Marker): number {
	if (marker.kind === 'arabic') return 1;
	if (marker.kind === 'letter') return 2;
	return marker.value === '+' ? 4 : 3;
}

/**
 * A numbered paragraph is a heading, not an item, when it is emphasised, or short and without a
 * sentence of its own: "1. Mục đích:", "2. Công chức Tài chính - Kế toán xã:". A long "1. Ngân
 * sách … bố trí …." is an item.
 */
function isNumberedHeading(p: Paragraph, marker: Marker): boolean {
	if (p.heading || p.bold) return marker.rest.length <= 300;
	const rest = marker.rest.trim();
	return rest.length <= 120 && !/[.;]["”)]*$/u.test(rest) && !/[.;:]\s+\S/u.test(rest);
}

/** The heading level of a paragraph (0 = part), or null when it is an item. */
export function headingLevel(p: Paragraph, hasParts: boolean): number | null {
	const m = p.marker;
	if (m?.kind === 'roman') return 0;
	if (m?.kind === 'arabic' && isNumberedHeading(p, m)) return (hasParts ? 1 : 0) + m.value.split('.').length - 1;
	// An unnumbered upper-case line ("PHỤ LỤC") is a part of its own.
	if (!m && isUpperText(p.text) && p.text.length <= 200 && !/[.;]$/u.test(p.text)) return 0;
	return null;
}

interface OpenSection {
	section: PlanSection;
	level: number;
}

/** Builds the section tree of the body paragraphs (the first of which is a heading). */
export function readBody(paragraphs: Paragraph[], hasParts: boolean, warnings: ImportWarnings): PlanSection[] {
	const top: PlanSection[] = [];
	const open: OpenSection[] = [];
	let itemStack: { rank: number; item: PlanItem }[] = [];
	// The last mark of each list, to notice a skipped or repeated number.
	const lastMark = new WeakMap<unknown[], Marker>();
	const checkSequence = (list: unknown[], marker: Marker | null, p: Paragraph) => {
		if (!marker || marker.kind === 'bullet') return;
		const previous = lastMark.get(list);
		if (previous && previous.kind === marker.kind) {
			const expected = nextMarkerValue(marker.kind, previous.value);
			if (expected !== null && expected !== marker.value) {
				warnings.add('planImport.warning.numbering', p.line, p.text.slice(0, 200), { previous: previous.written, found: marker.written });
			}
		}
		lastMark.set(list, marker);
	};

	for (const p of paragraphs) {
		const level = headingLevel(p, hasParts);
		if (level !== null) {
			while (open.length && open[open.length - 1].level >= level) open.pop();
			const parent = open[open.length - 1]?.section;
			const list = parent ? parent.sections : top;
			const heading = trimEndMarks(p.marker ? p.marker.rest : p.text);
			// Under "Tổ chức thực hiện" a section names who does the work, not a kind of content.
			const kind = parent?.kind === 'assignments' ? null : (sectionKind(heading) ?? (parent ? null : 'other'));
			const section: PlanSection = { heading, number: p.marker?.value ?? null, kind, items: [], sections: [] };
			checkSequence(list, p.marker, p);
			list.push(section);
			open.push({ section, level });
			itemStack = [];
			continue;
		}
		let current = open[open.length - 1]?.section;
		if (!current) {
			current = { heading: '', number: null, kind: 'other', items: [], sections: [] };
			top.push(current);
			open.push({ section: current, level: 0 });
		}
		const m = p.marker;
		const item: PlanItem = { marker: m?.written ?? null, text: m ? m.rest.trim() : p.text, items: [] };
		if (!m) {
			current.items.push(item);
			itemStack = [];
			continue;
		}
		const rank = itemRank(m);
		while (itemStack.length && itemStack[itemStack.length - 1].rank >= rank) itemStack.pop();
		const list = itemStack.length ? itemStack[itemStack.length - 1].item.items : current.items;
		checkSequence(list, m, p);
		list.push(item);
		itemStack.push({ rank, item });
	}
	return top;
}
