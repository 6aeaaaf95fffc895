import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import { readZipEntry, paragraphs } from '../../documents/testing';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { activities } from '../activities/activities.tables';
import { getActivity } from '../activities/activities.service';
import { recordAttendance } from '../activities/activities.attendance';
import { feedbackItems } from '../feedback/feedback.tables';
import { getFeedback } from '../feedback/feedback.service';
import { auditEntries } from '../../audit/audit.tables';
import { buildActor } from '../../testing/factories';
import { eventDocuments, eventQuestions } from './events.tables';
import {
	addEventQuestion,
	cancelEvent,
	createEvent,
	findEvents,
	getEvent,
	markEventHeld,
	minutesFile,
	recordEventCounts,
	saveMinutes,
	setEventPublication,
	updateEvent
} from './events.service';
import { EventListQuery } from './events.schemas';
import { buildEventWorld, dayFromToday, eventInput } from './events.testing';

describe.each(testDrivers)('events: scope, the carrying activity, questions, minutes (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildEventWorld>>;
	const ctx = (actor: Actor) => ({ db: database.db, actor });
	const titles = async (actor: Actor, q: Record<string, string> = {}) => (await findEvents(ctx(actor), EventListQuery.parse(q))).items.map((e) => e.title).sort();

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildEventWorld(database.db);
	});
	afterAll(() => database.close());

	it('an event creates its activity (channel, date, place, invited villages and groups) and keeps it in step', async () => {
		const created = await createEvent(ctx(w.officer1), eventInput('C1', { title: 'Đối thoại vay vốn thôn Một', kind: 'dialogue' }));
		expect(created).toMatchObject({ unit: { code: 'C1' }, status: 'planned', version: 1, invitedVillages: [{ code: 'C1-V1' }], allowed: { manage: true } });
		const activity = await getActivity(ctx(w.officer1), created.activity!.id);
		expect(activity).toMatchObject({ channel: 'dialogue', title: 'Đối thoại vay vốn thôn Một', status: 'planned', date: created.date, coveredUnits: [{ code: 'C1-V1' }], audiences: ['poor', 'near_poor'] });

		const later = dayFromToday(9);
		const updated = await updateEvent(ctx(w.officer1), created.id, eventInput('C1', { title: 'Đối thoại vay vốn (dời ngày)', kind: 'conference', date: later, place: 'Nhà văn hóa thôn Một', version: 1 }));
		expect(updated.version).toBe(2);
		const moved = await getActivity(ctx(w.officer1), created.activity!.id);
		expect(moved).toMatchObject({ channel: 'conference', title: 'Đối thoại vay vốn (dời ngày)', date: later, place: 'Nhà văn hóa thôn Một' });
		await expect(updateEvent(ctx(w.officer1), created.id, eventInput('C1', { version: 1 }))).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'events.conflict' });
		await expect(updateEvent(ctx(w.officer1), created.id, eventInput('C1', { invitedVillages: ['C2-V1'] }))).rejects.toMatchObject({ name: 'ZodError' });
	});

	it('an officer of another commune neither reads nor changes an event; a village head sees only their village’s and those inviting it', async () => {
		const c1 = await createEvent(ctx(w.officer1), eventInput('C1', { title: 'Đối thoại xã Một mời thôn Một' }));
		const c1v2 = await createEvent(ctx(w.officer1), eventInput('C1-V2', { title: 'Đối thoại riêng thôn Hai' }));
		const c2 = await createEvent(ctx(w.officer2), eventInput('C2', { title: 'Đối thoại xã Hai', invitedVillages: ['C2-V1'] }));

		await expect(getEvent(ctx(w.officer2), c1.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(updateEvent(ctx(w.officer2), c1.id, eventInput('C1'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(markEventHeld(ctx(w.officer2), c1.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(cancelEvent(ctx(w.officer2), c1.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(addEventQuestion(ctx(w.officer2), c1.id, { question: 'Hỏi chéo', askedBy: null, village: null, answer: null })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(minutesFile(ctx(w.officer2), c1.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(createEvent(ctx(w.officer2), eventInput('C1'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await titles(w.officer2)).toEqual(['Đối thoại xã Hai']);
		expect(await titles(w.officer1)).toContain('Đối thoại xã Một mời thôn Một');
		expect(await titles(w.officer1)).not.toContain('Đối thoại xã Hai');

		// The head of C1-V1 sees the commune's dialogue that invites their village, not C1-V2's own.
		const seen = await getEvent(ctx(w.head11), c1.id);
		expect(seen.allowed).toEqual({ manage: false, readActivity: false, addQuestion: false });
		expect(seen.registrationList.every((r) => r.phone === null)).toBe(true);
		await expect(getEvent(ctx(w.head11), c1v2.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getEvent(ctx(w.head12), c1.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await getEvent(ctx(w.head12), c1v2.id)).toMatchObject({ title: 'Đối thoại riêng thôn Hai' });
		await expect(updateEvent(ctx(w.head12), c1v2.id, eventInput('C1-V2'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const headSees = await titles(w.head11);
		expect(headSees).toContain('Đối thoại xã Một mời thôn Một');
		expect(headSees).not.toContain('Đối thoại riêng thôn Hai');
		expect(headSees).not.toContain('Đối thoại xã Hai');
		expect(await titles(w.head21)).toEqual(['Đối thoại xã Hai']);

		// The province reads its communes' events but does not run them (the commune does).
		expect((await getEvent(ctx(w.province1), c1.id)).allowed.manage).toBe(false);
		await expect(cancelEvent(ctx(w.province1), c1.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getEvent(ctx(w.province1), c2.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getEvent(ctx(w.officer1), 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getEvent(ctx(w.officer1), crypto.randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('the commune chair chairs a dialogue: creates it, records a question asked there, marks it held; not in another commune', async () => {
		const chair = await buildActor(database.db, 'commune_leader', 'C1');
		const e = await createEvent(ctx(chair), eventInput('C1', { title: 'Chủ tịch xã đối thoại với hộ nghèo', date: dayFromToday(-1) }));
		expect(e.allowed.manage).toBe(true);
		const q = await addEventQuestion(ctx(chair), e.id, { question: 'Khi nào thôn có đường bê tông?', askedBy: null, village: null, answer: 'Xã đưa vào kế hoạch năm sau.' });
		expect(q.trackingCode).toBeTruthy();
		expect(await markEventHeld(ctx(chair), e.id)).toMatchObject({ status: 'held', activity: { status: 'done' } });
		await expect(createEvent(ctx(chair), eventInput('C2'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const c2 = await createEvent(ctx(w.officer2), eventInput('C2', { title: 'Đối thoại xã Hai (chủ tịch xã Một không vào được)' }));
		await expect(markEventHeld(ctx(chair), c2.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('a mass organisation member who runs a dialogue records the questions asked there, in their own name, and nothing more', async () => {
		const member = await buildActor(database.db, 'organisation_member', 'C1');
		const otherMember = await buildActor(database.db, 'organisation_member', 'C2');
		const e = await createEvent(ctx(member), eventInput('C1', { title: 'Hội Phụ nữ đối thoại về vay vốn', date: dayFromToday(-1) }));
		const q = await addEventQuestion(ctx(member), e.id, { question: 'Hội viên nghèo vay vốn chăn nuôi thì cần ai bảo lãnh?', askedBy: 'Chị Lò Thị Xuân', village: 'C1-V2', answer: null });
		const [item] = await database.db.select().from(feedbackItems).where(eq(feedbackItems.id, q.feedbackId));
		expect(item).toMatchObject({ channel: 'dialogue', categoryCode: 'question', senderName: 'Chị Lò Thị Xuân', createdBy: member.userId });
		const [entry] = await database.db.select().from(auditEntries).where(and(eq(auditEntries.action, 'feedback.create'), eq(auditEntries.entityId, q.feedbackId)));
		expect(entry).toMatchObject({ actorId: member.userId, actorName: member.username });
		// The commune's officer finds it in the feedback intake; the member cannot open the intake.
		expect((await getFeedback(ctx(w.officer1), q.feedbackId)).trackingCode).toBe(q.trackingCode);
		await expect(getFeedback(ctx(member), q.feedbackId)).rejects.toMatchObject({ code: expect.stringMatching(/FORBIDDEN|NOT_FOUND/) });
		// Not for a village of another commune; not at another commune's event.
		await expect(addEventQuestion(ctx(member), e.id, { question: 'Hỏi thôn xã khác', askedBy: null, village: 'C2-V1', answer: null })).rejects.toMatchObject({ code: 'VALIDATION' });
		await expect(addEventQuestion(ctx(otherMember), e.id, { question: 'Hỏi chéo', askedBy: null, village: null, answer: null })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await database.db.select().from(eventQuestions).where(eq(eventQuestions.eventId, e.id))).toHaveLength(1);
	});

	it('attendance, questions as feedback items, held, minutes as DOCX stored once per change', async () => {
		const e = await createEvent(ctx(w.officer1), eventInput('C1', { title: 'Đối thoại chính sách nhà ở cho hộ nghèo', date: dayFromToday(-2) }));
		const counted = await recordEventCounts(ctx(w.officer1), e.id, { counts: { poor: 12, near_poor: 7, escaped: 0 } });
		expect(counted.activity).toMatchObject({ participants: 19, counts: { poor: 12, near_poor: 7 } });
		await recordAttendance(ctx(w.officer1), e.activity!.id, { shown: [w.hh11], ticked: [w.hh11] });
		expect((await getEvent(ctx(w.officer1), e.id)).activity?.households).toBe(1);

		const q = await addEventQuestion(ctx(w.officer1), e.id, {
			question: 'Hộ tôi đã được duyệt hỗ trợ làm nhà, khi nào nhận tiền đợt hai?',
			askedBy: 'Bà Hà Thị Nga',
			village: 'C1-V1',
			answer: 'Xã sẽ giải ngân đợt hai sau khi nghiệm thu phần móng.'
		});
		expect(q.view.questionList).toEqual([expect.objectContaining({ trackingCode: q.trackingCode, answeredAtEvent: 'Xã sẽ giải ngân đợt hai sau khi nghiệm thu phần móng.' })]);
		const [item] = await database.db.select().from(feedbackItems).where(eq(feedbackItems.id, q.feedbackId));
		expect(item).toMatchObject({ channel: 'dialogue', categoryCode: 'question', senderName: 'Bà Hà Thị Nga', status: 'received' });
		expect(item.body).toContain('khi nào nhận tiền đợt hai');
		await addEventQuestion(ctx(w.officer1), e.id, { question: 'Con tôi học nghề có được miễn học phí không?', askedBy: null, village: null, answer: null });
		await expect(addEventQuestion(ctx(w.officer1), e.id, { question: 'Thôn khác', askedBy: null, village: 'C2-V1', answer: null })).rejects.toMatchObject({ code: 'VALIDATION' });
		expect(await database.db.select().from(eventQuestions).where(eq(eventQuestions.eventId, e.id))).toHaveLength(2);

		const held = await markEventHeld(ctx(w.officer1), e.id);
		expect(held).toMatchObject({ status: 'held', registrationOpen: false, activity: { status: 'done' } });
		await expect(markEventHeld(ctx(w.officer1), e.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'events.alreadyHeld' });
		await expect(cancelEvent(ctx(w.officer1), e.id)).rejects.toMatchObject({ code: 'CONFLICT' });

		await saveMinutes(ctx(w.officer1), e.id, { chair: 'Ông Lê Văn Tám, Phó Chủ tịch UBND xã', secretary: 'Bà Trịnh Thu Hà', attendance: 'Đại diện các hộ thôn Một, cán bộ ngân hàng chính sách.', summary: 'Cán bộ xã giới thiệu chính sách hỗ trợ nhà ở.', conclusions: 'Giải ngân đợt hai trong tháng tới.' });
		const first = await minutesFile(ctx(w.officer1), e.id);
		const xml = readZipEntry(first.bytes, 'word/document.xml');
		const text = paragraphs(xml).map((p) => p.text).join('\n');
		expect(text).toContain('BIÊN BẢN');
		expect(text).toContain('Hội nghị đối thoại chính sách nhà ở cho hộ nghèo');
		expect(text).toContain('Ông Lê Văn Tám, Phó Chủ tịch UBND xã');
		expect(text).toContain('Bà Trịnh Thu Hà');
		expect(text).toContain('khi nào nhận tiền đợt hai');
		expect(text).toContain('Xã sẽ giải ngân đợt hai sau khi nghiệm thu phần móng.');
		expect(text).toContain(q.trackingCode);
		expect(text).toContain('Giải ngân đợt hai trong tháng tới.');
		expect(text).toContain('19 người');
		const again = await minutesFile(ctx(w.officer1), e.id);
		expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
		expect(await database.db.select().from(eventDocuments).where(eq(eventDocuments.eventId, e.id))).toHaveLength(1);
		// A reader gets the minutes without a record being written in their name.
		await minutesFile(ctx(w.province1), e.id);
		expect(await database.db.select().from(eventDocuments).where(eq(eventDocuments.eventId, e.id))).toHaveLength(1);
		await saveMinutes(ctx(w.officer1), e.id, { chair: 'Ông Lê Văn Tám', secretary: 'Bà Trịnh Thu Hà', attendance: null, summary: null, conclusions: 'Đã sửa kết luận.' });
		const changed = await minutesFile(ctx(w.officer1), e.id);
		expect(paragraphs(readZipEntry(changed.bytes, 'word/document.xml')).some((p) => p.text.includes('Đã sửa kết luận.'))).toBe(true);
		expect((await getEvent(ctx(w.officer1), e.id)).documents).toHaveLength(2);
	});

	it('a future event cannot be marked held; cancelling keeps its activity planned and takes it off the portal', async () => {
		const e = await createEvent(ctx(w.officer1), eventInput('C1', { title: 'Hội thi tìm hiểu chính sách', kind: 'contest' }));
		await expect(markEventHeld(ctx(w.officer1), e.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'events.heldInFuture' });
		const cancelled = await cancelEvent(ctx(w.officer1), e.id);
		expect(cancelled).toMatchObject({ status: 'cancelled', published: false, registrationOpen: false });
		const [a] = await database.db.select().from(activities).where(eq(activities.id, e.activity!.id));
		expect(a.status).toBe('planned');
		expect(a.channelCode).toBe('contest');
		expect(a.description).toMatch(/^\[Đã hủy/);
		await expect(setEventPublication(ctx(w.officer1), e.id, { published: true, registrationOpen: false })).rejects.toMatchObject({ code: 'CONFLICT' });
		await expect(updateEvent(ctx(w.officer1), e.id, eventInput('C1'))).rejects.toMatchObject({ code: 'CONFLICT' });
	});
});
