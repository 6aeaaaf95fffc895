import { describe, expect, it } from 'vitest';
import { paragraphs, readZipEntry, runSizes } from '../../../documents/testing';
import { PlanDocument } from '../plans.interchange';
import { loadSeedPlan, seedPlanNames } from './fixtures';
import { basisParagraph, headingNumber, issuerLines, planToOfficialDocument } from './plan-document';
import { printedLines } from './testing';
import { renderPlanDocx, renderPlanHtml } from './index';

describe.each(seedPlanNames)('seed plan %s as a DOCX', (name) => {
	const plan = loadSeedPlan(name);

	it('holds every heading and item of the seed, in order, each in its own paragraph', async () => {
		const xml = readZipEntry(await renderPlanDocx(plan), 'word/document.xml');
		const texts = paragraphs(xml).map((p) => p.text);
		const expected = printedLines(plan);
		expect(expected.length).toBeGreaterThan(30);
		let at = 0;
		for (const line of expected) {
			const found = texts.indexOf(line.normalize('NFC'), at);
			expect(found, line.slice(0, 80)).toBeGreaterThanOrEqual(at);
			at = found + 1;
		}
		// Bases, preamble and closing come before and after the sections.
		const first = texts.indexOf(printedLines(plan)[0]);
		expect(texts.findIndex((t) => t.startsWith(plan.preamble!.slice(0, 40)))).toBeLessThan(first);
		if (plan.closing) expect(texts.indexOf(plan.closing)).toBeGreaterThan(at - 1);
	});

	it('prints the header, title, recipients and signer of the seed in the decree layout', async () => {
		const xml = readZipEntry(await renderPlanDocx(plan), 'word/document.xml');
		const texts = paragraphs(xml).map((p) => p.text);
		expect(texts).toContain('ỦY BAN NHÂN DÂN');
		expect(texts.some((t) => /^XÃ (HÀ BÌNH|ĐA QUYN)$/.test(t))).toBe(true);
		expect(texts.some((t) => /^Số: \u00a0+\/KH-UBND$/.test(t))).toBe(true);
		expect(texts).toContain('KẾ HOẠCH');
		expect(texts).toContain(plan.title);
		for (const r of plan.recipients) expect(texts.some((t) => t.startsWith(`- ${r.replace(/[;.]$/, '')}`))).toBe(true);
		expect(texts).toContain(plan.signer!.title);
		expect(texts).toContain(plan.signer!.name);
		for (const line of printedLines(plan)) {
			const p = paragraphs(xml).find((x) => x.text === line)!;
			expect(runSizes(p).every((s) => s === 28)).toBe(true);
		}
	});

	it('shows the same text in the HTML preview, in the same order', () => {
		const html = renderPlanHtml(plan)
			.replace(/<style>[\s\S]*?<\/style>/, '')
			.replace(/<[^>]+>/g, '\n')
			.replace(/&amp;/g, '&');
		let at = 0;
		for (const line of printedLines(plan)) {
			const found = html.indexOf(line, at);
			expect(found, line.slice(0, 80)).toBeGreaterThanOrEqual(at);
			at = found + line.length;
		}
	});
});

describe('plan → official document', () => {
	it('prints the issuer as the seed does: the body in full on one line, the unit under it', () => {
		expect(issuerLines('UBND xã Đa Quyn')).toEqual(['Ủy ban nhân dân', 'xã Đa Quyn']);
		expect(issuerLines('Ủy ban nhân dân  xã Hà Bình')).toEqual(['Ủy ban nhân dân', 'xã Hà Bình']);
		expect(issuerLines('HĐND xã Hà Bình')).toEqual(['Hội đồng nhân dân', 'xã Hà Bình']);
		expect(issuerLines('Ban Chỉ đạo các CTMTQG xã Hà Bình')).toEqual(['Ban Chỉ đạo các CTMTQG xã Hà Bình']);
		expect(issuerLines('UBNDX')).toEqual(['UBNDX']);
	});

	it('writes section numbers with their punctuation', () => {
		expect(headingNumber('I')).toBe('I.');
		expect(headingNumber('2')).toBe('2.');
		expect(headingNumber('đ')).toBe('đ)');
		expect(headingNumber('a)')).toBe('a)');
		expect(headingNumber('IV.')).toBe('IV.');
		expect(headingNumber(null)).toBeNull();
	});

	it('makes each basis a "Căn cứ …;" paragraph unless it is written with its own lead', () => {
		expect(basisParagraph('Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ')).toBe(
			'Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;'
		);
		expect(basisParagraph('Căn cứ Luật Tổ chức chính quyền địa phương;')).toBe('Căn cứ Luật Tổ chức chính quyền địa phương;');
		expect(basisParagraph('Thực hiện Kế hoạch số 21/KH-LĐTBXH')).toBe('Thực hiện Kế hoạch số 21/KH-LĐTBXH;');
		expect(basisParagraph('Kế hoạch số 152/KH-UBND.')).toBe('Căn cứ Kế hoạch số 152/KH-UBND.');
	});

	it('keeps nested items under their item and numbers deeper sections as lower headings', () => {
		const doc = planToOfficialDocument(
			PlanDocument.parse({
				issuer: 'UBND xã Hà Bình',
				title: 'Kế hoạch thử',
				sections: [
					{
						heading: 'NỘI DUNG',
						number: 'I',
						sections: [{ heading: 'Nội dung', number: '1', items: [{ marker: 'a)', text: 'Tuyên truyền', items: [{ marker: '-', text: 'Chỉ thị 05' }] }] }]
					}
				],
				signer: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: null }
			})
		);
		expect(doc.body).toEqual([
			{ kind: 'heading', level: 1, number: 'I.', text: 'NỘI DUNG' },
			{ kind: 'heading', level: 2, number: '1.', text: 'Nội dung' },
			{ kind: 'paragraph', marker: 'a)', text: 'Tuyên truyền', depth: 0 },
			{ kind: 'paragraph', marker: '-', text: 'Chỉ thị 05', depth: 1 }
		]);
		expect(doc.signer).toEqual({ authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: null });
		expect(doc.symbol).toBe('KH-UBND');
		expect(doc.documentType).toBe('KẾ HOẠCH');
	});
});
