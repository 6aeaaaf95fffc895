import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { findAuditEntries } from '../../audit/audit.service';
import { systemActor } from '../../access/actor';
import { buildActor } from '../../testing/factories';
import { buildContent, buildContentWorld } from './content.fixtures';
import { createContent, findContents, findPublishedContent, getContent, updateContent } from './content.service';
import { approveContent, publishContent, returnContent, submitContent } from './content.workflow';

const at = (iso: string) => () => new Date(iso);

describe.each(testDrivers)('content workflow (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildContentWorld>>;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildContentWorld(database.db);
	});
	afterAll(() => database.close());

	it('draft → in review → returned with a comment → in review → approved (approver and time) → published, each step audited', async () => {
		const officer = world.as(world.actors.officer, at('2026-03-02T01:00:00Z'));
		const leader = world.as(world.actors.leader, at('2026-03-02T03:30:00Z'));
		let item = await createContent(officer, { unit: 'C1', kind: 'bulletin', title: 'Cảnh báo mưa lớn', body: 'Bà con không qua ngầm tràn khi nước lên.', priority: 'emergency' });
		expect(item).toMatchObject({ status: 'draft', priority: 'emergency', author: { id: world.actors.officer.userId }, actions: { submit: true, approve: false, publish: false } });
		await expect(approveContent(leader, item.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'content.notInReview' });
		await expect(publishContent(officer, item.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'content.notApproved' });
		await expect(submitContent(leader, item.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });

		item = await submitContent(officer, item.id);
		expect(item).toMatchObject({ status: 'in_review', submittedAt: '2026-03-02T01:00:00.000Z' });
		await expect(submitContent(officer, item.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'content.notDraft' });
		await expect(approveContent(officer, item.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(returnContent(leader, item.id, { comment: '   ' })).rejects.toMatchObject({ name: 'ZodError' });
		expect((await getContent(leader, item.id)).actions).toMatchObject({ approve: true, return: true, edit: false });

		item = await returnContent(leader, item.id, { comment: 'Ghi rõ giờ nước lên dự kiến.' });
		expect(item).toMatchObject({ status: 'draft', reviewComment: 'Ghi rõ giờ nước lên dự kiến.', approvedBy: null });
		item = await updateContent(officer, item.id, { body: 'Nước dự kiến lên từ 17 giờ; bà con không qua ngầm tràn.' });
		item = await submitContent(officer, item.id);
		item = await approveContent(leader, item.id);
		expect(item).toMatchObject({
			status: 'approved',
			approvedBy: { id: world.actors.leader.userId, name: expect.any(String) },
			approvedAt: '2026-03-02T03:30:00.000Z',
			reviewComment: null
		});
		await expect(approveContent(leader, item.id)).rejects.toMatchObject({ code: 'CONFLICT' });
		await expect(publishContent(leader, item.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		item = await publishContent(officer, item.id);
		expect(item).toMatchObject({ status: 'published', publishedBy: { id: world.actors.officer.userId }, publishedAt: '2026-03-02T01:00:00.000Z' });

		const audit = await findAuditEntries(database.db, systemActor, { entityType: 'content', entityId: item.id, limit: 50, offset: 0 });
		expect(audit.items.map((e) => e.entry.action).reverse()).toEqual([
			'content.create',
			'content.submit',
			'content.return',
			'content.update',
			'content.submit',
			'content.approve',
			'content.publish'
		]);
		expect(audit.items.find((e) => e.entry.action === 'content.approve')!.entry.actorId).toBe(world.actors.leader.userId);
	});

	it('editing an approved or published item sends it back to draft and clears the approval; the same values change nothing', async () => {
		const officer = world.as(world.actors.officer);
		const approved = await buildContent(world, { status: 'approved', kind: 'article', title: 'Lớp học nghề may' });
		const same = await updateContent(officer, approved.id, { title: 'Lớp học nghề may' });
		expect(same).toMatchObject({ status: 'approved', approvedBy: { id: world.actors.leader.userId } });
		const changed = await updateContent(officer, approved.id, { title: 'Lớp học nghề may công nghiệp' });
		expect(changed).toMatchObject({ status: 'draft', approvedBy: null, approvedAt: null, title: 'Lớp học nghề may công nghiệp' });

		const published = await buildContent(world, { status: 'published', kind: 'article', title: 'Vay vốn ưu đãi' });
		const edited = await updateContent(officer, published.id, { body: 'Hồ sơ nộp tại điểm giao dịch xã.' });
		expect(edited).toMatchObject({ status: 'draft', publishedAt: null, publishedBy: null });
		const audit = await findAuditEntries(database.db, systemActor, { entityType: 'content', entityId: published.id, limit: 1, offset: 0 });
		expect(audit.items[0].entry).toMatchObject({ action: 'content.update', context: expect.objectContaining({ reopenedFrom: 'published' }) });
	});

	it('the author may not approve their own item while another approver exists; alone they may, and it is recorded', async () => {
		// The province officer writes and approves: the commune chair of C1 could approve, so refused.
		const province = world.as(world.actors.province);
		const item = await buildContent(world, { author: world.actors.province, status: 'in_review' });
		await expect(approveContent(province, item.id)).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'content.ownApproval' });
		expect((await getContent(province, item.id)).actions.approve).toBe(false);
		expect((await findContents(province, { awaitingMe: true, limit: 200 })).items.map((i) => i.id)).not.toContain(item.id);
		expect((await findContents(world.as(world.actors.leader), { awaitingMe: true, limit: 200 })).items.map((i) => i.id)).toContain(item.id);
		await expect(approveContent(world.as(world.actors.leader), item.id)).resolves.toMatchObject({ status: 'approved' });

		// A province with one officer and no commune chair: its officer approves their own item.
		const lone = await buildActor(database.db, 'province_officer', 'P2');
		const own = await createContent(world.as(lone), { unit: 'P2', kind: 'article', title: 'Tin của tỉnh' });
		await submitContent(world.as(lone), own.id);
		expect((await findContents(world.as(lone), { awaitingMe: true })).items.map((i) => i.id)).toEqual([own.id]);
		const approved = await approveContent(world.as(lone), own.id);
		expect(approved).toMatchObject({ status: 'approved', approvedBy: { id: lone.userId } });
		const audit = await findAuditEntries(database.db, systemActor, { entityType: 'content', entityId: own.id, limit: 1, offset: 0 });
		expect(audit.items[0].entry.context).toMatchObject({ selfApproved: true });
	});

	it('scope: another commune sees nothing; village heads read the commune’s released items only; province reads its communes', async () => {
		const draft = await buildContent(world, { title: 'Nháp của xã Một' });
		const published = await buildContent(world, { title: 'Đã đăng của xã Một', status: 'published' });
		const other = world.as(world.actors.otherOfficer);
		for (const item of [draft, published]) {
			await expect(getContent(other, item.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
			await expect(getContent(world.as(world.actors.otherVillage), item.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
			await expect(updateContent(other, item.id, { title: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
			await expect(submitContent(other, item.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
			await expect(approveContent(world.as(world.actors.otherLeader), item.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		}
		const otherList = await findContents(other, {});
		expect(otherList.items.map((i) => i.id)).not.toContain(draft.id);
		expect(otherList.items.map((i) => i.id)).not.toContain(published.id);
		await expect(createContent(other, { unit: 'C1', kind: 'article', title: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

		const village = world.as(world.actors.village);
		await expect(getContent(village, draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect(await getContent(village, published.id)).toMatchObject({ id: published.id, actions: { edit: false, approve: false } });
		await expect(updateContent(village, published.id, { title: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const villageList = (await findContents(village, { limit: 200 })).items.map((i) => i.id);
		expect(villageList).toContain(published.id);
		expect(villageList).not.toContain(draft.id);

		const provinceList = (await findContents(world.as(world.actors.province), { limit: 200 })).items.map((i) => i.id);
		expect(provinceList).toEqual(expect.arrayContaining([draft.id, published.id]));
		expect((await findContents(world.as(world.actors.otherLeader), { limit: 200 })).items.map((i) => i.id)).not.toContain(draft.id);
	});

	it('lists filter by kind, status and unit; “waiting for my approval” shows items in review the actor did not write', async () => {
		const review = await buildContent(world, { title: 'Chờ duyệt trong xã Một', status: 'in_review', kind: 'social_post' });
		const leader = world.as(world.actors.leader);
		const waiting = await findContents(leader, { awaitingMe: true, limit: 200 });
		expect(waiting.items.every((i) => i.status === 'in_review')).toBe(true);
		expect(waiting.items.map((i) => i.id)).toContain(review.id);
		expect((await findContents(world.as(world.actors.officer), { awaitingMe: true })).items).toEqual([]);
		const posts = await findContents(leader, { kind: 'social_post', status: 'in_review', unit: 'C1', limit: 200 });
		expect(posts.items.map((i) => i.id)).toContain(review.id);
		expect(posts.items.every((i) => i.kind === 'social_post')).toBe(true);
		await expect(findContents(leader, { unit: 'NO-SUCH' })).rejects.toMatchObject({ code: 'VALIDATION' });
	});

	it('bad input is refused with a reason and nothing is stored', async () => {
		const officer = world.as(world.actors.officer);
		await expect(createContent(officer, { unit: 'C1', kind: 'article', title: 'Tin', priority: 'emergency' })).rejects.toMatchObject({ messageKey: 'content.priorityBulletinOnly' });
		await expect(createContent(officer, { unit: 'C1', kind: 'poster' as never, title: 'Tin' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(createContent(officer, { unit: 'C1', kind: 'article', title: '' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(createContent(officer, { unit: 'C1', kind: 'article', title: 'Tin\u0000' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(createContent(officer, { unit: 'C1', kind: 'article', title: 'Tin', audiences: ['martians'] })).rejects.toMatchObject({ messageKey: 'content.audienceUnknown' });
		await expect(createContent(officer, { unit: 'C1', kind: 'article', title: 'Tin', planId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ messageKey: 'content.planUnknown' });
		await expect(createContent(officer, { unit: 'NOPE', kind: 'article', title: 'Tin' })).rejects.toMatchObject({ messageKey: 'unit.notFound' });
		await expect(getContent(officer, 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const before = await findContents(officer, { limit: 200 });
		expect(before.items.some((i) => i.title === 'Tin')).toBe(false);
	});

	it('the public reads published articles of a unit’s subtree only, newest first', async () => {
		const article = await buildContent(world, { kind: 'article', title: 'Bài công khai', status: 'published' });
		const draft = await buildContent(world, { kind: 'article', title: 'Bài chưa đăng', status: 'approved' });
		const bulletin = await buildContent(world, { title: 'Bản tin đã đăng', status: 'published' });
		const c1 = (await findPublishedContent(database.db, { unitCode: 'C1' })).items.map((i) => i.id);
		expect(c1).toContain(article.id);
		expect(c1).not.toContain(draft.id);
		expect(c1).not.toContain(bulletin.id);
		expect((await findPublishedContent(database.db, { unitCode: 'P1' })).items.map((i) => i.id)).toContain(article.id);
		expect((await findPublishedContent(database.db, { unitCode: 'C2' })).items.map((i) => i.id)).not.toContain(article.id);
		await expect(findPublishedContent(database.db, { unitCode: 'NOPE' })).rejects.toMatchObject({ code: 'VALIDATION' });
	});
});
