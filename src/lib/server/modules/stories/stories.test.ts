import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { findAuditEntries, verifyAuditChain } from '../../audit/audit.service';
import { systemActor } from '../../access/actor';
import { storedFiles } from '../../files/files.tables';
import { selectUnitByCode } from '../units/units.repository';
import { buildStory, buildStoryWorld, testPhoto, type StoryWorld } from './stories.testing';
import { createStory, findStories, getStory, updateStory } from './stories.service';
import { approveStory, nominateStory, publishStory, returnStory, submitStory, unnominateStory, withdrawStory } from './stories.workflow';
import { readConsentForm, recordStoryConsent, withdrawStoryConsent } from './stories.consents';
import { addStoryPhoto, readStoryPhoto, removeStoryPhoto } from './stories.photos';
import { countPublishedStories, findPublishedStories, getPublishedStory, readPublicPhoto } from './stories.public';
import { findNominations, nominationsSheet } from './stories.nominations';

const at = (iso: string) => () => new Date(iso);

describe.each(testDrivers)('exemplary stories (%s)', (driver) => {
	let database: Database;
	let world: StoryWorld;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildStoryWorld(database.db);
	});
	afterAll(() => database.close());

	it('a household story: consent first, submitted, approved by someone else, published with the register’s before/after, every step audited', async () => {
		const { officer, leader, province } = world.actors;
		let story = await createStory(world.as(officer), {
			unit: 'C1',
			subjectKind: 'household',
			subjectName: 'Gia đình anh Lò Văn Thử',
			householdId: world.household.id,
			beforeYear: 2025,
			afterYear: 2026,
			title: 'Từ đàn gà mười con đến trang trại nhỏ',
			summary: 'Vay vốn ưu đãi, học nghề chăn nuôi, sau một năm gia đình thoát nghèo.',
			whatTheyDid: 'Anh vay năm mươi triệu đồng, học lớp chăn nuôi gà thả vườn của xã.',
			results: 'Thu nhập bình quân mỗi người vượt chuẩn nghèo.'
		});
		expect(story).toMatchObject({
			status: 'draft',
			household: { id: world.household.id, headName: 'Lò Văn Thử' },
			beforeAfter: { beforeYear: 2025, before: 'poor', afterYear: 2026, after: 'escaped' },
			consentComplete: false,
			actions: { submit: true, approve: false, publish: false }
		});
		await expect(submitStory(world.as(officer), story.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'stories.consentMissing' });
		story = await recordStoryConsent(world.as(officer), story.id, { personName: 'Lò Văn Thử', givenOn: '2026-02-01', method: 'thumbprint' });
		story = await recordStoryConsent(world.as(officer), story.id, { personName: 'Lường Thị Thử', givenOn: '2026-02-01', method: 'verbal_witnessed' });
		expect(story.consentComplete).toBe(true);
		// The chair reads the story but not the register: the household's categories, not its head's name.
		expect((await getStory(world.as(leader), story.id)).household).toMatchObject({ headName: null, village: 'Thôn Một' });

		await expect(approveStory(world.as(leader), story.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'stories.wrongStatus' });
		story = await submitStory(world.as(officer), story.id);
		await expect(approveStory(world.as(officer), story.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(publishStory(world.as(leader), story.id)).rejects.toMatchObject({ code: 'CONFLICT' });
		story = await approveStory(world.as(leader, at('2026-03-03T02:00:00Z')), story.id);
		expect(story).toMatchObject({ status: 'approved', approvedBy: { id: leader.userId }, approvedAt: '2026-03-03T02:00:00.000Z' });
		await expect(publishStory(world.as(officer), story.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		story = await publishStory(world.as(province, at('2026-03-04T03:00:00Z')), story.id);
		expect(story).toMatchObject({ status: 'published', publishedAt: '2026-03-04T03:00:00.000Z' });

		const shown = await getPublishedStory(database.db, 'P1', story.id);
		expect(shown).toMatchObject({ gone: false, story: { unit: 'C1', beforeAfter: { before: 'poor', after: 'escaped' } } });
		// Nothing of the register beyond the categories: no household id, no head's name unless the story says it.
		expect(JSON.stringify(shown)).not.toContain(world.household.id);
		expect((await findPublishedStories(database.db, { unit: 'C1' })).items.map((s) => s.id)).toContain(story.id);
		await expect(getPublishedStory(database.db, 'C2', story.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect(await countPublishedStories(database.db, await pathOf('C1'), '2026-03-01', '2026-03-31')).toBe(1);

		const audit = await findAuditEntries(database.db, systemActor, { entityType: 'story', entityId: story.id, limit: 50, offset: 0 });
		expect(audit.items.map((e) => e.entry.action).reverse()).toEqual(['stories.create', 'stories.consent', 'stories.consent', 'stories.submit', 'stories.approve', 'stories.publish']);
		expect(audit.items.find((e) => e.entry.action === 'stories.approve')!.entry.actorId).toBe(leader.userId);
	});

	it('the writer may not approve their own story even when they hold stories.approve', async () => {
		const { province, leader } = world.actors;
		const story = await buildStory(world, { author: province, status: 'in_review' });
		await expect(approveStory(world.as(province), story.id)).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'stories.ownApproval' });
		expect((await getStory(world.as(province), story.id)).actions.approve).toBe(false);
		expect((await approveStory(world.as(leader), story.id)).status).toBe('approved');
	});

	it('withdrawing a consent takes a published story off the portal at once (410), and it cannot be submitted again', async () => {
		const { officer, leader } = world.actors;
		const story = await buildStory(world, { status: 'published' });
		await addStoryPhoto(world.as(officer), story.id, { alt: 'Các chị trong tổ họp tháng' }, testPhoto()).then((s) => expect(s.status).toBe('draft'));
		const again = await publishAgain(world, story.id);
		const photoId = again.photos[0].id;
		expect((await readPublicPhoto(database.db, 'C1', story.id, photoId)).mime).toBe('image/png');

		const consentId = again.consents[0].id;
		const after = await withdrawStoryConsent(world.as(officer), story.id, consentId);
		expect(after.status).toBe('withdrawn');
		expect(await getPublishedStory(database.db, 'C1', story.id)).toEqual({ gone: true });
		await expect(readPublicPhoto(database.db, 'C1', story.id, photoId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(withdrawStoryConsent(world.as(officer), story.id, consentId)).rejects.toMatchObject({ code: 'CONFLICT' });

		// Editing brings it back to draft; a new consent does not undo the withdrawn one.
		await updateStory(world.as(officer), story.id, { title: 'Tổ tiết kiệm, kể lại không nêu tên' });
		await recordStoryConsent(world.as(officer), story.id, { personName: 'Người khác', givenOn: '2026-02-02', method: 'signed_form' });
		await expect(submitStory(world.as(officer), story.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'stories.consentWithdrawn' });

		const audit = await findAuditEntries(database.db, systemActor, { entityType: 'story', entityId: story.id, limit: 50, offset: 0 });
		expect(audit.items.find((e) => e.entry.action === 'stories.consentWithdraw')!.entry).toMatchObject({ before: { status: 'published' }, after: expect.objectContaining({ status: 'withdrawn' }) });

		// A consent withdrawn while in review sends the story back to draft.
		const inReview = await buildStory(world, { status: 'in_review' });
		expect((await withdrawStoryConsent(world.as(leader), inReview.id, inReview.consents[0].id)).status).toBe('draft');
	});

	it('consent records: no future date, the scanned form is a PDF or an image by content, a refused file leaves no consent', async () => {
		const { officer, village } = world.actors;
		const story = await buildStory(world, { consent: false });
		await expect(recordStoryConsent(world.as(officer, at('2026-03-01T00:00:00Z')), story.id, { personName: 'A', givenOn: '2026-03-09', method: 'signed_form' })).rejects.toMatchObject({
			messageKey: 'stories.consentFuture'
		});
		await expect(recordStoryConsent(world.as(officer), story.id, { personName: 'A', givenOn: '2026-02-30', method: 'signed_form' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(recordStoryConsent(world.as(officer), story.id, { personName: 'A', givenOn: '2026-02-03', method: 'email' as never })).rejects.toMatchObject({ name: 'ZodError' });
		const before = await fileCount();
		await expect(
			recordStoryConsent(world.as(officer), story.id, { personName: 'A', givenOn: '2026-02-03', method: 'signed_form' }, { bytes: new TextEncoder().encode('<script>alert(1)</script> not a scan'), name: 'giay.pdf' })
		).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
		expect(await fileCount()).toBe(before);
		expect((await getStory(world.as(officer), story.id)).consents).toEqual([]);
		const pdf = new TextEncoder().encode('%PDF-1.4\n% giấy đồng ý\n%%EOF\n');
		const withForm = await recordStoryConsent(world.as(officer), story.id, { personName: 'Bà Thử', givenOn: '2026-02-03', method: 'signed_form' }, { bytes: pdf, name: 'giay.pdf' });
		expect(withForm.consents[0]).toMatchObject({ personName: 'Bà Thử', hasForm: true, recordedBy: { id: officer.userId } });
		expect((await readConsentForm(world.as(officer), story.id, withForm.consents[0].id)).mime).toBe('application/pdf');
		// The village head reads the commune's stories only once published, and never the consent records.
		await expect(recordStoryConsent(world.as(village), story.id, { personName: 'B', givenOn: '2026-02-03', method: 'thumbprint' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('scope: another commune’s officer, chair and village head neither read nor change C1’s stories; a village head reads only their village', async () => {
		const { officer, otherOfficer, otherLeader, otherVillage, village, otherVillageSameCommune, finance } = world.actors;
		const draft = await buildStory(world, { status: 'in_review' });
		const inVillage = await buildStory(world, { unit: 'C1-V1', title: 'Chuyện ở thôn Một' });
		const inVillage2 = await buildStory(world, { unit: 'C1-V2', title: 'Chuyện ở thôn Hai' });
		for (const actor of [otherOfficer, otherLeader, otherVillage]) {
			await expect(getStory(world.as(actor), draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
			await expect(updateStory(world.as(actor), draft.id, { title: 'Đổi' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
			await expect(approveStory(world.as(actor), draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
			await expect(addStoryPhoto(world.as(actor), draft.id, { alt: 'x' }, testPhoto())).rejects.toMatchObject({ code: 'NOT_FOUND' });
			await expect(withdrawStoryConsent(world.as(actor), draft.id, draft.consents[0].id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
			const ids = (await findStories(world.as(actor), { limit: 200 })).items.map((s) => s.id);
			expect(ids).not.toContain(draft.id);
			expect(ids).not.toContain(inVillage.id);
		}
		await expect(createStory(world.as(otherOfficer), { unit: 'C1', subjectKind: 'person', subjectName: 'X', title: 'X', summary: 'X', whatTheyDid: 'X', results: 'X' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(findStories(world.as(otherOfficer), { unit: 'C1', limit: 200 })).resolves.toMatchObject({ items: [] });

		expect((await getStory(world.as(village), inVillage.id)).title).toBe('Chuyện ở thôn Một');
		await expect(getStory(world.as(village), inVillage2.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getStory(world.as(otherVillageSameCommune), inVillage.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getStory(world.as(village), draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(updateStory(world.as(village), inVillage.id, { title: 'Đổi' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await findStories(world.as(finance), { limit: 200 })).items).toEqual([]);
		// Published stories of the commune are public, so the village head reads them too.
		const published = await buildStory(world, { status: 'published', title: 'Chuyện đã đăng của xã' });
		expect((await getStory(world.as(village), published.id)).consents).toEqual([]);
		expect((await findStories(world.as(officer), { limit: 200 })).items.map((s) => s.id)).toEqual(expect.arrayContaining([draft.id, inVillage.id, inVillage2.id, published.id]));
	});

	it('household rules: a household of the story’s unit that the writer may read, two ordered years, the register’s categories at submission', async () => {
		const { officer } = world.actors;
		const base = { unit: 'C1', subjectName: 'Hộ', title: 'T', summary: 'S', whatTheyDid: 'W', results: 'R' };
		await expect(createStory(world.as(officer), { ...base, subjectKind: 'household', householdId: world.otherHousehold.id, beforeYear: 2025, afterYear: 2026 })).rejects.toMatchObject({
			messageKey: 'stories.householdUnknown'
		});
		await expect(createStory(world.as(officer), { ...base, subjectKind: 'group', householdId: world.household.id })).rejects.toMatchObject({ messageKey: 'stories.householdOnly' });
		await expect(createStory(world.as(officer), { ...base, subjectKind: 'household', householdId: world.household.id, beforeYear: 2026, afterYear: 2025 })).rejects.toMatchObject({
			messageKey: 'stories.yearsOrder'
		});
		await expect(createStory(world.as(officer), { ...base, subjectKind: 'household', householdId: world.household.id, beforeYear: 2025 })).rejects.toMatchObject({ messageKey: 'stories.yearsBoth' });
		await expect(createStory(world.as(world.actors.province), { ...base, subjectKind: 'household', householdId: world.household.id, beforeYear: 2025, afterYear: 2026 })).rejects.toMatchObject({
			messageKey: 'stories.householdUnknown'
		});
		const story = await createStory(world.as(officer), { ...base, subjectKind: 'household', householdId: world.household.id, beforeYear: 2024, afterYear: 2026 });
		expect(story.beforeAfter).toEqual({ beforeYear: 2024, before: null, afterYear: 2026, after: 'escaped' });
		await recordStoryConsent(world.as(officer), story.id, { personName: 'Lò Văn Thử', givenOn: '2026-01-01', method: 'thumbprint' });
		await expect(submitStory(world.as(officer), story.id)).rejects.toMatchObject({ messageKey: 'stories.classificationMissing', params: { year: 2024 } });
	});

	it('photos: images only by content with alt text; nothing half stored; served publicly only while published', async () => {
		const { officer, otherOfficer } = world.actors;
		const story = await buildStory(world);
		const before = await fileCount();
		await expect(addStoryPhoto(world.as(officer), story.id, { alt: 'Ảnh' }, { bytes: new TextEncoder().encode('<svg onload="alert(1)"></svg>   '), name: 'a.png' })).rejects.toMatchObject({
			code: 'UNSUPPORTED_MEDIA_TYPE'
		});
		await expect(addStoryPhoto(world.as(officer), story.id, { alt: 'Ảnh' }, { bytes: new Uint8Array(16 * 1024 * 1024).fill(0xff), name: 'big.jpg' })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
		await expect(addStoryPhoto(world.as(officer), story.id, { alt: '   ' }, testPhoto())).rejects.toMatchObject({ name: 'ZodError' });
		await expect(addStoryPhoto(world.as(officer), story.id, {} as never, testPhoto())).rejects.toMatchObject({ name: 'ZodError' });
		expect(await fileCount()).toBe(before);
		const withPhoto = await addStoryPhoto(world.as(officer), story.id, { alt: 'Chị tổ trưởng ghi sổ góp vốn', caption: 'Buổi họp tổ' }, testPhoto());
		expect(withPhoto.photos).toEqual([{ id: expect.any(String), alt: 'Chị tổ trưởng ghi sổ góp vốn', caption: 'Buổi họp tổ', url: `/app/stories/${story.id}/photos/${withPhoto.photos[0].id}` }]);
		const photoId = withPhoto.photos[0].id;
		expect((await readStoryPhoto(world.as(officer), story.id, photoId)).mime).toBe('image/png');
		await expect(readStoryPhoto(world.as(otherOfficer), story.id, photoId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(readPublicPhoto(database.db, 'C1', story.id, photoId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(readPublicPhoto(database.db, 'C1', story.id, 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const removed = await removeStoryPhoto(world.as(officer), story.id, photoId);
		expect(removed.photos).toEqual([]);
		await expect(removeStoryPhoto(world.as(officer), story.id, photoId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('return, withdraw and nominations: the leader’s list and its Excel sheet with formula-like text kept as text', async () => {
		const { officer, leader, otherLeader } = world.actors;
		const returned = await buildStory(world, { status: 'in_review' });
		await expect(returnStory(world.as(leader), returned.id, { comment: ' ' })).rejects.toMatchObject({ name: 'ZodError' });
		expect((await returnStory(world.as(leader), returned.id, { comment: 'Thêm số liệu thu nhập.' })).status).toBe('draft');

		const draft = await buildStory(world);
		await expect(nominateStory(world.as(leader), draft.id, { reason: 'Tốt' })).rejects.toMatchObject({ code: 'CONFLICT' });
		const story = await buildStory(world, { status: 'published', title: 'Mô hình được đề nghị' });
		await expect(nominateStory(world.as(officer), story.id, { reason: 'Tốt' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(nominateStory(world.as(otherLeader), story.id, { reason: 'Tốt' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(nominateStory(world.as(leader), story.id, { reason: '' })).rejects.toMatchObject({ name: 'ZodError' });
		const nominated = await nominateStory(world.as(leader, at('2026-04-02T20:00:00Z')), story.id, { reason: '=HYPERLINK("http://x","nhấn") cách làm hay' });
		expect(nominated).toMatchObject({ nominated: true, nominatedAt: '2026-04-02T20:00:00.000Z', actions: { unnominate: true } });

		const list = await findNominations(world.as(leader));
		expect(list.map((n) => n.id)).toEqual([story.id]);
		await expect(findNominations(world.as(officer))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await findNominations(world.as(otherLeader))).toEqual([]);

		const sheet = await nominationsSheet(world.as(leader), 'vi');
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(sheet.body as never);
		const ws = book.worksheets[0];
		expect(ws.getRow(1).values).toEqual([undefined, 'STT', 'Đơn vị', 'Nhân vật, hộ, nhóm, mô hình', 'Loại', 'Câu chuyện', 'Lý do đề nghị', 'Ngày đề nghị', 'Trạng thái']);
		const row = ws.getRow(2);
		expect(row.getCell(5).value).toBe('Mô hình được đề nghị');
		expect(row.getCell(6).value).toBe('=HYPERLINK("http://x","nhấn") cách làm hay');
		expect(row.getCell(6).formula).toBeUndefined();
		// 20:00 UTC on 2 April is 3 April in Vietnam.
		expect((row.getCell(7).value as Date).toISOString().slice(0, 10)).toBe('2026-04-03');

		expect((await unnominateStory(world.as(leader), story.id)).nominated).toBe(false);
		expect((await withdrawStory(world.as(leader), story.id, 'Gia đình xin gỡ')).status).toBe('withdrawn');
		await expect(withdrawStory(world.as(leader), story.id)).rejects.toMatchObject({ code: 'CONFLICT' });
	});

	it('a village’s story shows on its commune’s portal, photos included; a whitespace-only withdrawal reason is no reason', async () => {
		const { officer, leader } = world.actors;
		const story = await buildStory(world, { unit: 'C1-V1', title: 'Chuyện của thôn Một trên cổng của xã' });
		await addStoryPhoto(world.as(officer), story.id, { alt: 'Nhà văn hóa thôn' }, testPhoto());
		const published = await publishAgain(world, story.id);
		expect(published.portalCode).toBe('C1');
		const shown = await getPublishedStory(database.db, 'C1', story.id);
		if (shown.gone) throw new Error('published story shown as gone');
		expect(shown.story.photos[0].url).toBe(`/portal/C1/stories/${story.id}/photos/${shown.story.photos[0].id}`);
		expect((await readPublicPhoto(database.db, 'C1', story.id, shown.story.photos[0].id)).mime).toBe('image/png');
		expect((await withdrawStory(world.as(leader), story.id, '   ')).status).toBe('withdrawn');
	});

	it('counts published stories of a subtree by publication date in Vietnam; withdrawn ones no longer count', async () => {
		const db = database.db;
		const { leader } = world.actors;
		const base = await countPublishedStories(db, await pathOf('P1'), '2027-01-01', '2027-12-31');
		expect(base).toBe(0);
		const a = await buildStory(world, { status: 'approved', unit: 'C1-V2' });
		await publishStory(world.as(leader, at('2027-03-31T18:00:00Z')), a.id); // 1 April in Vietnam
		const b = await buildStory(world, { status: 'approved' });
		await publishStory(world.as(leader, at('2027-03-31T16:00:00Z')), b.id); // still 31 March
		expect(await countPublishedStories(db, await pathOf('P1'), '2027-04-01', '2027-04-30')).toBe(1);
		expect(await countPublishedStories(db, await pathOf('P1'), '2027-03-01', '2027-03-31')).toBe(1);
		expect(await countPublishedStories(db, await pathOf('C1'), '2027-01-01', '2027-12-31')).toBe(2);
		expect(await countPublishedStories(db, await pathOf('C2'), '2027-01-01', '2027-12-31')).toBe(0);
		await withdrawStory(world.as(leader), a.id);
		expect(await countPublishedStories(db, await pathOf('P1'), '2027-01-01', '2027-12-31')).toBe(1);
		expect((await verifyAuditChain(db)).ok).toBe(true);
	});

	it('bad input: wrong types, oversized and unstorable text are refused; script and SQL-like text are stored as plain text', async () => {
		const { officer } = world.actors;
		const base = { unit: 'C1', subjectKind: 'person', subjectName: 'Chị Thử', title: 'T', summary: 'S', whatTheyDid: 'W', results: 'R' } as const;
		await expect(createStory(world.as(officer), { ...base, title: 42 as never })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(createStory(world.as(officer), { ...base, title: 'x'.repeat(301) })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(createStory(world.as(officer), { ...base, whatTheyDid: 'x'.repeat(20_001) })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(createStory(world.as(officer), { ...base, results: 'a\u0000b' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(createStory(world.as(officer), { ...base, subjectKind: 'robot' as never })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(createStory(world.as(officer), { ...base, beforeYear: 'abc' as never })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(createStory(world.as(officer), { ...base, extra: 1 } as never)).rejects.toMatchObject({ name: 'ZodError' });
		await expect(createStory(world.as(officer), { ...base, unit: "C1'; DROP TABLE stories; --" })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(getStory(world.as(officer), "1' OR '1'='1")).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const script = '<script>alert("x")</script>';
		const sqlish = "'; DELETE FROM stories; --";
		const story = await createStory(world.as(officer), { ...base, title: script, summary: sqlish });
		expect((await getStory(world.as(officer), story.id)).title).toBe(script);
		expect((await getStory(world.as(officer), story.id)).summary).toBe(sqlish);
		expect((await findStories(world.as(officer), { q: "%' OR 1=1 --", limit: 10 })).items).toEqual([]);
		await expect(findStories(world.as(officer), { status: 'gone' as never })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(findPublishedStories(database.db, { unit: '<script>' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(findPublishedStories(database.db, { unit: 'NOPE' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	async function pathOf(code: string) {
		return (await selectUnitByCode(database.db, code))!.unit.path;
	}

	async function fileCount() {
		const [row] = await database.db.select({ n: count() }).from(storedFiles);
		return Number(row.n);
	}
});

/** Submits, approves (C1's leader) and publishes a story that went back to draft. */
async function publishAgain(world: StoryWorld, id: string) {
	await submitStory(world.as(world.actors.officer), id);
	await approveStory(world.as(world.actors.leader), id);
	return publishStory(world.as(world.actors.leader), id);
}
