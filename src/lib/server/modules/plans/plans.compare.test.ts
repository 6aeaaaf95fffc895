import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { systemActor } from '../../access/actor';
import { buildPlan, buildPlanWorld } from './plans.fixtures';
import { align, comparePlanVersions, diffParagraphs, diffSections, similarity } from './plans.compare';
import { updatePlan } from './plans.service';
import { findSection } from './plans.sources';
import { approvePlan, issuePlan, reviseIssuedPlan, submitPlan } from './plans.workflow';
import type { PlanDocumentInput, PlanSection } from './plans.interchange';

const p = (text: string, marker: string | null = '-', depth = 0) => ({ marker, text, depth });

describe('paragraph diff', () => {
	it('aligns by longest common subsequence', () => {
		expect(align(['a', 'b', 'c', 'd'], ['a', 'c', 'x', 'd'], (s) => s).map((o) => o.op)).toEqual(['same', 'removed', 'same', 'added', 'same']);
		expect(align([], ['a'], (s) => s)).toEqual([{ op: 'added', b: 'a' }]);
	});

	it('marks kept, changed, added and removed paragraphs; a rewording is one change, an unrelated paragraph is removed and added', () => {
		const left = [p('Phát bản tin trên loa truyền thanh mỗi tuần.'), p('Tổ chức đối thoại chính sách hai lần mỗi năm.'), p('In tờ rơi.')];
		const right = [
			p('Phát bản tin trên loa truyền thanh mỗi tuần.'),
			p('Tổ chức đối thoại chính sách ba lần mỗi năm.'),
			p('Mở lớp tập huấn kỹ năng cho trưởng thôn về chuyển đổi số.'),
			p('Đăng tin trên Zalo của xã.')
		];
		expect(diffParagraphs(left, right).map((r) => [r.status, r.left?.text ?? null, r.right?.text ?? null])).toEqual([
			['same', left[0].text, right[0].text],
			['removed', 'In tờ rơi.', null],
			['changed', left[1].text, right[1].text],
			['added', null, right[2].text],
			['added', null, right[3].text]
		]);
		expect(similarity('Tổ chức đối thoại', 'to chuc doi thoai')).toBe(1);
	});

	it('matches sections by kind, else by heading, and nests the differences', () => {
		const section = (heading: string, kind: PlanSection['kind'], texts: string[], sections: PlanSection[] = []): PlanSection => ({
			heading,
			number: null,
			kind,
			items: texts.map((t) => ({ marker: '-', text: t, items: [] })),
			sections
		});
		const left = [section('KINH PHÍ', 'funding', ['Ngân sách xã.']), section('Việc khác', null, ['Một việc.'])];
		const right = [section('KINH PHÍ THỰC HIỆN', 'funding', ['Ngân sách xã.']), section('Phụ lục', null, ['Bảng chỉ tiêu.'])];
		const diff = diffSections(left, right);
		expect(diff.map((d) => [d.status, d.left?.heading ?? null, d.right?.heading ?? null])).toEqual([
			['changed', 'KINH PHÍ', 'KINH PHÍ THỰC HIỆN'],
			['removed', 'Việc khác', null],
			['added', null, 'Phụ lục']
		]);
		expect(diff[0].rows.map((r) => r.status)).toEqual(['same']);
		expect(diff[2].rows).toEqual([{ status: 'added', left: null, right: p('Bảng chỉ tiêu.') }]);
	});
});

describe.each(testDrivers)('comparing plan versions (%s)', (driver) => {
	let database: Database;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		await buildPlanWorld(database.db);
	});
	afterAll(() => database.close());

	it('shows a revision beside the issued version, section by section, older on the left', async () => {
		const ctx = { db: database.db, actor: systemActor };
		const v1 = await buildPlan(database.db, { unitCode: 'C1', year: 2026, status: 'issued' });
		const draft = await reviseIssuedPlan(ctx, v1.id);
		const doc = structuredClone(draft) as unknown as PlanDocumentInput;
		const channels = findSection(doc.sections as PlanSection[], 'channels')!;
		channels.items[3] = { ...channels.items[3], text: channels.items[3].text.replace('ít nhất 2 lần', 'ít nhất 3 lần') };
		channels.items.push({ marker: '-', text: 'Phát thanh bằng tiếng dân tộc tại các thôn vùng cao.', items: [] });
		const solutions = findSection(doc.sections as PlanSection[], 'solutions')!;
		const dropped = solutions.items.pop()!;
		doc.targets = [...doc.targets!, { indicator: 'conferences_held', period: '2026', value: 1, note: null }];
		const v2 = await issuePlan(ctx, (await approvePlan(ctx, (await submitPlan(ctx, (await updatePlan(ctx, draft.id, doc)).id)).id)).id);

		const cmp = await comparePlanVersions(ctx, v2.id, v1.id);
		expect([cmp.left.id, cmp.right.id]).toEqual([v1.id, v2.id]);
		expect(cmp.fields.find((f) => f.field === 'number')).toMatchObject({ status: 'changed', left: v1.reference, right: v2.reference });
		expect(cmp.fields.find((f) => f.field === 'title')!.status).toBe('same');
		const [, , content] = cmp.sections;
		expect(content.status).toBe('changed');
		const [themes, channelDiff, solutionDiff] = content.sections;
		expect(themes.status).toBe('same');
		expect(channelDiff.rows.filter((r) => r.status !== 'same').map((r) => [r.status, r.right?.text ?? null])).toEqual([
			['changed', channels.items[3].text],
			['added', 'Phát thanh bằng tiếng dân tộc tại các thôn vùng cao.']
		]);
		expect(solutionDiff.rows.filter((r) => r.status !== 'same')).toEqual([{ status: 'removed', left: { marker: dropped.marker, text: dropped.text, depth: 0 }, right: null }]);
		expect(cmp.targets.filter((r) => r.status === 'added').map((r) => r.right!.text)).toEqual(['conferences_held · 2026 · 1']);
		expect(cmp.counts).toEqual({ added: 2, removed: 1, changed: 2 });
		expect(cmp.sections.filter((s) => s.status === 'same').map((s) => s.right!.number)).toEqual(['I', 'II', 'IV', 'V']);
	});
});
