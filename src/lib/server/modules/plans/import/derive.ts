import type { PlanDocument, PlanItem, PlanSection, SectionKind } from '../plans.interchange';
import { audiencesIn, channelsIn, fundingSourcesIn } from './recognise';
import { findDate, trimEndMarks } from './text';

/**
 * The structured parts read off the sections: the period, the catalogue codes of channels,
 * audiences and funding, and the tasks of "Tổ chức thực hiện".
 */

function* allSections(list: PlanSection[]): Generator<PlanSection> {
	for (const s of list) {
		yield s;
		yield* allSections(s.sections);
	}
}

function itemTexts(items: PlanItem[], out: string[] = []): string[] {
	for (const item of items) {
		out.push(item.text);
		itemTexts(item.items, out);
	}
	return out;
}

/** Heading and every item text of the sections of `kinds` and of their subsections. */
function textsOf(sections: PlanSection[], kinds: SectionKind[]): string[] {
	const out: string[] = [];
	for (const s of allSections(sections)) {
		if (!s.kind || !kinds.includes(s.kind)) continue;
		for (const inner of allSections([s])) {
			out.push(inner.heading);
			itemTexts(inner.items, out);
		}
	}
	return out;
}

/** First pair of years (or one year) of a text: "Từ năm 2022 đến năm 2025", "giai đoạn 2021-2025", "Năm 2023". */
function yearsIn(text: string): { from: number; to: number } | null {
	const years = [...text.matchAll(/(?<!\d)(19\d\d|20\d\d|2100)(?!\d)/g)].map((m) => Number(m[1]));
	if (!years.length) return null;
	const [from, to = from] = years;
	return to >= from ? { from, to } : null;
}

/** The implementation time written in the plan, else the period named in the title, else the date's year. */
export function readPeriod(sections: PlanSection[], title: string | null, date: string | null): PlanDocument['period'] {
	for (const s of allSections(sections)) {
		for (const text of [s.heading, ...itemTexts(s.items)]) {
			const m = /Thời gian thực hiện\s*:?\s*(.*)$/iu.exec(text);
			const years = m && yearsIn(m[1].split(/[.;](?:\s|$)/u)[0]);
			if (years) return years;
		}
	}
	const inTitle = title && (/giai đoạn\s+(\d{4}\s*[-–—]\s*\d{4})/iu.exec(title) ?? /năm\s+(\d{4})/iu.exec(title));
	if (inTitle) return yearsIn(inTitle[1]);
	const year = date ? Number(date.slice(0, 4)) : null;
	return year ? { from: year, to: year } : null;
}

/** Channels named in "Hình thức" (or, without such a section, in the content section), audiences in "Đối tượng", funding in "Kinh phí". */
export function readCodes(sections: PlanSection[]) {
	let channelTexts = textsOf(sections, ['channels']);
	if (!channelTexts.length) channelTexts = textsOf(sections, ['content_channels_solutions']);
	let audienceTexts = textsOf(sections, ['audiences']);
	if (!audienceTexts.length) audienceTexts = textsOf(sections, ['audiences_scope']);
	return {
		channels: channelsIn(channelTexts),
		audiences: audiencesIn(audienceTexts),
		fundingSources: fundingSourcesIn(textsOf(sections, ['funding']))
	};
}

const DEADLINE = /(?:trước|chậm nhất|hạn|hoàn thành)[^.;]{0,40}?(ngày\s+\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})/iu;

function task(assignee: string, item: PlanItem): PlanDocument['tasks'][number] | null {
	const nested = itemTexts(item.items).map((t) => `- ${t}`);
	const text = [item.text, ...nested].join('\n').slice(0, 5000);
	if (!text.trim() || !assignee) return null;
	const deadline = DEADLINE.exec(text);
	return { assignee: assignee.slice(0, 300), text, due: deadline ? (findDate(deadline[1])?.iso ?? null) : null };
}

/**
 * One task per item of "Tổ chức thực hiện": the assignee is the section the item stands in
 * ("Công chức VH-XH phụ trách …"); an item directly under the part names its assignee before a
 * colon ("Văn phòng UBND xã: …"), or the issuer does the work.
 */
export function readTasks(sections: PlanSection[], issuer: string): PlanDocument['tasks'] {
	const tasks: PlanDocument['tasks'] = [];
	for (const part of allSections(sections)) {
		if (part.kind !== 'assignments') continue;
		for (const item of part.items) {
			const named = /^([^:.;]{3,120}):\s+\S/u.exec(item.text);
			const t = task(named ? named[1].trim() : issuer, item);
			if (t) tasks.push(t);
		}
		for (const sub of allSections(part.sections)) {
			for (const item of sub.items) {
				const t = task(trimEndMarks(sub.heading), item);
				if (t) tasks.push(t);
			}
		}
	}
	return tasks.slice(0, 500);
}
