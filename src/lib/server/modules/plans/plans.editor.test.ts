import { describe, expect, test } from 'vitest';
import { parsePlanFile } from './import/index';
import { readSeed } from './import/testing';
import { documentToEditor, editorToDocument, sectionsToText, textToBases, textToSections } from './plans.editor';
import { PlanDocument } from './plans.interchange';

describe('plan editor text', () => {
	test.each(['000', '002'])('seed %s: sections → text → sections gives the same sections', async (prefix) => {
		const doc = await parsePlanFile(readSeed(prefix), `${prefix}.txt`);
		expect(doc.sections.length).toBeGreaterThan(3);
		const text = sectionsToText(doc.sections);
		const back = textToSections(text, doc.title);
		expect(back.sections).toEqual(doc.sections);
		expect(back.warnings).toEqual([]);
		// The text is stable: a second round gives the same text.
		expect(sectionsToText(back.sections)).toBe(text);
	});

	test('the plain layout: sections, subsections, lettered items with bullets, paragraphs', () => {
		const text = ['I. MỤC ĐÍCH, YÊU CẦU', '1. Mục đích', 'Nâng cao nhận thức.', 'a) Thông tin kịp thời', '- Qua loa truyền thanh', '- Qua mạng xã hội', 'II. NỘI DUNG'].join('\n');
		const { sections, warnings } = textToSections(text);
		expect(warnings).toEqual([]);
		expect(sections.map((s) => [s.number, s.heading])).toEqual([
			['I', 'MỤC ĐÍCH, YÊU CẦU'],
			['II', 'NỘI DUNG']
		]);
		const sub = sections[0].sections[0];
		expect([sub.number, sub.heading]).toEqual(['1', 'Mục đích']);
		expect(sub.items.map((i) => [i.marker, i.text, i.items.map((b) => [b.marker, b.text])])).toEqual([
			[null, 'Nâng cao nhận thức.', []],
			['a)', 'Thông tin kịp thời', [['-', 'Qua loa truyền thanh'], ['-', 'Qua mạng xã hội']]]
		]);
		// Indentation is shown for reading and ignored when read back.
		expect(sectionsToText(sections)).toContain('\n  - Qua loa truyền thanh');
		expect(textToSections(sectionsToText(sections)).sections).toEqual(sections);
	});

	test('an empty body is no sections', () => {
		expect(textToSections('  \n\n')).toEqual({ sections: [], warnings: [] });
	});

	test('bases are read one a line and keep their link to a plan when unchanged', () => {
		const linked = { ...textToBases('Căn cứ Kế hoạch số 204/KH-UBND ngày 10/3/2025 của UBND tỉnh')[0], planId: '00000000-0000-4000-8000-000000000001' };
		const bases = textToBases(`${linked.text}\n\nCăn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ`, [linked]);
		expect(bases).toHaveLength(2);
		expect(bases[0].planId).toBe(linked.planId);
		expect(bases[1].number).toBe('90/QĐ-TTg');
	});

	test.each(['000', '002'])('seed %s: the whole editor form gives the stored plan back', async (prefix) => {
		const doc = await parsePlanFile(readSeed(prefix), `${prefix}.txt`);
		const rows = {
			targets: doc.targets.map((t) => ({ indicator: t.indicator, period: t.period, value: String(t.value) })),
			tasks: doc.tasks.map((t) => ({ assignee: t.assignee, text: t.text, due: t.due ?? '' })),
			channels: doc.channels,
			audiences: doc.audiences,
			fundingSources: doc.fundingSources
		};
		const { document } = editorToDocument(doc, documentToEditor(doc), rows);
		const back = PlanDocument.parse(document);
		expect({ ...back, warnings: [] }).toEqual({ ...doc, warnings: [] });
	});
});
