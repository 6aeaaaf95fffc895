import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { systemActor } from '../../access/actor';
import { addWorkingDays } from '../../workdays';
import { today } from '../../periods';
import { buildFeedbackWorld, submit, ageItem, idOf } from './feedback.testing';
import { createFeedback, findPublishedQuestions, reopenFeedback, trackFeedback } from './feedback.intake';
import {
	addFeedbackNote,
	answerFeedback,
	assignFeedback,
	closeFeedback,
	findFeedback,
	getFeedback,
	mergeFeedback,
	publishFeedback,
	updateCategory
} from './feedback.service';
import { escalateOverdueFeedback } from './feedback.escalation';
import { jobDefinitions } from '../../jobs/registry';
import { feedbackDashboard } from './feedback.dashboard';
import { FeedbackCreateInput, FeedbackListQuery } from './feedback.schemas';
import { CODE_ALPHABET, formatTrackingCode } from './feedback.codes';
import { calendar, forgetCalendar } from './feedback.calendar';

const list = (over: Record<string, string> = {}) => FeedbackListQuery.parse(over);
const yesterday = () => new Date(Date.now() - 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

describe.each(testDrivers)('feedback (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildFeedbackWorld>>;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildFeedbackWorld(database.db);
	});
	afterAll(async () => database?.close());

	test('a submission gets an unguessable code and a deadline in working days', async () => {
		const db = database.db;
		const codes = new Set<string>();
		for (let i = 0; i < 20; i++) codes.add((await submit(db, { title: `Câu hỏi ${i}` })).trackingCode);
		expect(codes.size).toBe(20);
		for (const c of codes) {
			expect(c).toHaveLength(12);
			for (const ch of c) expect(CODE_ALPHABET).toContain(ch);
		}
		const code = [...codes][0];
		const status = await trackFeedback(db, formatTrackingCode(code).toLowerCase(), 'vi');
		expect(status.status).toBe('received');
		const { holidays } = await calendar(db);
		expect(status.dueOn).toBe(addWorkingDays(today(), 10, holidays));
		expect(status.workingDaysLeft).toBe(10);
		expect(status.overdue).toBe(false);
	});

	test('the whole workflow: assign, note, answer, close, reopen by the sender, answer again', async () => {
		const db = database.db;
		const { trackingCode } = await submit(db, { name: 'Nguyễn Văn Tư', phone: '0912 345 678', consent: true, publish: true });
		const id = await idOf(db, trackingCode);
		const ctx = { db, actor: w.leader1 };
		let item = await assignFeedback(ctx, id, w.officer1.username);
		expect(item.status).toBe('assigned');
		expect(item.assignee).toBe(w.officer1.displayName);
		await addFeedbackNote({ db, actor: w.officer1 }, id, 'Đã gọi điện cho người gửi, hẹn đến xã.');
		item = await answerFeedback({ db, actor: w.officer1 }, id, 'Hộ nghèo được hỗ trợ theo Quyết định của tỉnh; mời ông đến bộ phận một cửa.');
		expect(item.status).toBe('answered');
		expect(item.senderPhone).toBe('0912345678');
		item = await closeFeedback({ db, actor: w.officer1 }, id, null);
		expect(item.status).toBe('closed');

		// The sender reads the answer and reopens; the note never shows.
		let shown = await trackFeedback(db, trackingCode, 'vi');
		expect(shown.publicAnswer).toContain('bộ phận một cửa');
		expect(shown.canReopen).toBe(true);
		expect(JSON.stringify(shown)).not.toContain('gọi điện');
		shown = await reopenFeedback(db, trackingCode, 'Tôi đã đến nhưng chưa được giải quyết.', 'vi');
		expect(shown.status).toBe('assigned');
		expect(shown.history.map((h) => h.event)).toEqual(['received', 'assigned', 'answered', 'closed', 'reopened']);
		await expect(reopenFeedback(db, trackingCode, 'lại', 'vi')).rejects.toMatchObject({ code: 'CONFLICT' });
		item = await answerFeedback({ db, actor: w.officer1 }, id, 'Đã giải quyết xong.');
		expect(item.status).toBe('answered');
		expect(item.events.map((e) => e.kind)).toContain('note');
		// Changes are in the audit trail.
		const audit = await db.execute(sql`SELECT action FROM audit_entries WHERE entity_id = ${id} AND kind = 'change' ORDER BY seq`);
		expect((audit as unknown as { rows: { action: string }[] }).rows.map((r) => r.action)).toEqual([
			'feedback.assign',
			'feedback.note',
			'feedback.answer',
			'feedback.close',
			'feedback.answer'
		]);
	});

	test('tracking shows no personal details, not even of the own item', async () => {
		const db = database.db;
		const { trackingCode } = await submit(db, { name: 'Trần Thị Bảy', phone: '0987654321', consent: true });
		const id = await idOf(db, trackingCode);
		await addFeedbackNote({ db, actor: w.officer1 }, id, 'Ghi chú riêng: bà Bảy ở xóm Đông');
		const shown = JSON.stringify(await trackFeedback(db, trackingCode, 'vi'));
		for (const secret of ['Bảy', '0987654321', '987654321', w.officer1.username, w.officer1.displayName, id]) expect(shown).not.toContain(secret);
		// A code that does not exist, or cannot be one, is the same 404.
		await expect(trackFeedback(db, 'AAAAAAAAAAAA', 'vi')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(trackFeedback(db, "' OR 1=1 --", 'vi')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	test('anonymous submissions keep no name or phone, even when sent', async () => {
		const db = database.db;
		const { trackingCode } = await submit(db, { name: 'Ai Đó', phone: '0912000111', anonymous: true, consent: true });
		const item = await getFeedback({ db, actor: w.officer1 }, await idOf(db, trackingCode));
		expect(item).toMatchObject({ anonymous: true, senderName: null, senderPhone: null, contactConsent: false });
	});

	test('scope: another commune cannot list, read or change; a viewer sees no sender; the province sees both', async () => {
		const db = database.db;
		const mine = await submit(db, { name: 'Lò Văn Sáu', phone: '0912000222', title: 'Của xã Một' });
		const theirs = await submit(db, { unit: 'C2', title: 'Của xã Hai', name: 'Người xã Hai', phone: '0912000333' });
		const mineId = await idOf(db, mine.trackingCode);
		const theirsId = await idOf(db, theirs.trackingCode);
		const titles = async (actor: typeof w.officer1) => (await findFeedback({ db, actor }, list({ limit: '200' }))).items.map((i) => i.title);
		expect(await titles(w.officer1)).toContain('Của xã Một');
		expect(await titles(w.officer1)).not.toContain('Của xã Hai');
		expect(await titles(w.officer2)).toEqual(['Của xã Hai']);
		expect(await titles(w.province1)).toContain('Của xã Một');
		expect(await titles(w.province1)).not.toContain('Của xã Hai');
		expect(await titles(w.village1)).toEqual([]);
		await expect(getFeedback({ db, actor: w.officer1 }, theirsId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(answerFeedback({ db, actor: w.officer1 }, theirsId, 'không phải việc của tôi')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(assignFeedback({ db, actor: w.officer2 }, mineId, w.officer2.username)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		// An officer of another commune is no assignee here.
		await expect(assignFeedback({ db, actor: w.officer1 }, mineId, w.officer2.username)).rejects.toMatchObject({ code: 'VALIDATION' });
		await expect(mergeFeedback({ db, actor: w.officer1 }, mineId, theirs.trackingCode)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(findFeedback({ db, actor: w.officer1 }, list({ unit: 'C2' }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const viewed = await getFeedback({ db, actor: w.viewer1 }, mineId);
		expect(viewed.senderName).toBeNull();
		expect(viewed.senderPhone).toBeNull();
		await expect(addFeedbackNote({ db, actor: w.viewer1 }, mineId, 'xem thôi')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await getFeedback({ db, actor: w.province1 }, mineId)).senderName).toBe('Lò Văn Sáu');
		await expect(createFeedback({ db, actor: w.officer1 }, FeedbackCreateInput.parse({ unit: 'C2', channel: 'phone', title: 'x', body: 'y' }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	test('officer entry of an item received by letter, dated back; a village item is handled by its commune', async () => {
		const db = database.db;
		const created = await createFeedback(
			{ db, actor: w.officer1 },
			FeedbackCreateInput.parse({ unit: 'C1-V1', channel: 'letter', title: 'Thư về đường vào thôn', body: 'Đường vào thôn bị sạt lở.', name: 'Cụ Hà', receivedOn: yesterday() })
		);
		const item = await getFeedback({ db, actor: w.officer1 }, created.id);
		expect(item).toMatchObject({ channel: 'letter', unitCode: 'C1-V1', handlingUnitCode: 'C1', senderName: 'Cụ Hà' });
		const { holidays } = await calendar(db);
		expect(item.dueOn).toBe(addWorkingDays(yesterday(), 10, holidays));
		const future = addWorkingDays(today(), 3, new Set());
		await expect(
			createFeedback({ db, actor: w.officer1 }, FeedbackCreateInput.parse({ unit: 'C1', channel: 'phone', title: 't', body: 'b', receivedOn: future }))
		).rejects.toMatchObject({ code: 'VALIDATION' });
	});

	test('overdue items are escalated to the province by the job, once, and show as overdue', async () => {
		const db = database.db;
		const { trackingCode } = await submit(db, { title: 'Quá hạn chưa trả lời' });
		const id = await idOf(db, trackingCode);
		await assignFeedback({ db, actor: w.officer1 }, id, w.officer1.username);
		const past = '2026-01-05';
		await ageItem(db, trackingCode, past);
		expect((await findFeedback({ db, actor: w.officer1 }, list({ overdue: 'true', limit: '200' }))).items.map((i) => i.trackingCode)).toContain(trackingCode);
		expect(await escalateOverdueFeedback(db)).toBeGreaterThanOrEqual(1);
		let item = await getFeedback({ db, actor: w.province1 }, id);
		expect(item).toMatchObject({ handlingUnitCode: 'P1', status: 'received', assignee: null, escalationLevel: 1, overdue: true, dueOn: past });
		expect(item.events.at(-1)).toMatchObject({ kind: 'escalated', unitName: 'Tỉnh Một' });
		// Not again until its new escalation date passes; never above the top.
		expect(await escalateOverdueFeedback(db)).toBe(0);
		await ageItem(db, trackingCode, past);
		await escalateOverdueFeedback(db);
		item = await getFeedback({ db, actor: w.province1 }, id);
		expect(item).toMatchObject({ handlingUnitCode: 'P1', escalationLevel: 1 });
		// The commune still sees it and can still answer it; then it is no longer overdue.
		item = await answerFeedback({ db, actor: w.officer1 }, id, 'Đã trả lời muộn.');
		expect(item.overdue).toBe(false);
		const shown = await trackFeedback(db, trackingCode, 'en');
		expect(shown.history.map((h) => h.event)).toContain('escalated');
	});

	test('the hourly job escalates overdue items', async () => {
		const db = database.db;
		const job = jobDefinitions.find((j) => j.name === 'feedback-escalate')!;
		expect(job.cron).toBeTruthy();
		const { trackingCode } = await submit(db, { title: 'Chờ job chuyển lên' });
		await ageItem(db, trackingCode, '2026-01-06');
		await job.handler({ db }, {});
		const item = await getFeedback({ db, actor: w.province1 }, await idOf(db, trackingCode));
		expect(item).toMatchObject({ handlingUnitCode: 'P1', escalationLevel: 1, overdue: true });
	});

	test('merging a duplicate: its code shows the kept item; reopening it is refused', async () => {
		const db = database.db;
		const kept = await submit(db, { title: 'Chưa nhận tiền hỗ trợ điện' });
		const dup = await submit(db, { title: 'Tiền hỗ trợ tiền điện chưa về' });
		const dupId = await idOf(db, dup.trackingCode);
		const keptId = await idOf(db, kept.trackingCode);
		await expect(mergeFeedback({ db, actor: w.officer1 }, dupId, dup.trackingCode)).rejects.toMatchObject({ code: 'VALIDATION' });
		const merged = await mergeFeedback({ db, actor: w.officer1 }, dupId, formatTrackingCode(kept.trackingCode));
		expect(merged).toMatchObject({ status: 'closed', merged: true, mergedInto: { id: keptId, trackingCode: kept.trackingCode } });
		await answerFeedback({ db, actor: w.officer1 }, keptId, 'Tiền hỗ trợ sẽ chi trong tháng này.');
		const shown = await trackFeedback(db, dup.trackingCode, 'vi');
		expect(shown).toMatchObject({ merged: true, status: 'answered', publicAnswer: 'Tiền hỗ trợ sẽ chi trong tháng này.', canReopen: false });
		expect(JSON.stringify(shown)).not.toContain(kept.trackingCode);
		await expect(reopenFeedback(db, dup.trackingCode, 'chưa đồng ý', 'vi')).rejects.toMatchObject({ code: 'CONFLICT' });
		await expect(mergeFeedback({ db, actor: w.officer1 }, keptId, dup.trackingCode)).rejects.toMatchObject({ code: 'CONFLICT' });
		await expect(answerFeedback({ db, actor: w.officer1 }, dupId, 'x')).rejects.toMatchObject({ code: 'CONFLICT' });
	});

	test('publishing needs consent and an answer; the Q&A carries no personal details', async () => {
		const db = database.db;
		const no = await submit(db, { title: 'Không muốn công khai', publish: false });
		const noId = await idOf(db, no.trackingCode);
		await answerFeedback({ db, actor: w.officer1 }, noId, 'Đã trả lời.');
		await expect(publishFeedback({ db, actor: w.officer1 }, noId, { published: true, question: 'Hỏi' })).rejects.toMatchObject({ code: 'CONFLICT' });
		const yes = await submit(db, { title: 'Vay vốn hộ cận nghèo', body: 'Tôi là Lê Văn Chín, 0912999888, muốn vay vốn.', name: 'Lê Văn Chín', phone: '0912999888', publish: true });
		const yesId = await idOf(db, yes.trackingCode);
		await expect(publishFeedback({ db, actor: w.officer1 }, yesId, { published: true, question: 'Hỏi' })).rejects.toMatchObject({ code: 'CONFLICT' });
		await answerFeedback({ db, actor: w.officer1 }, yesId, 'Hộ cận nghèo được vay vốn ưu đãi tại Ngân hàng Chính sách xã hội.');
		await publishFeedback({ db, actor: w.officer1 }, yesId, { published: true, question: 'Hộ cận nghèo có được vay vốn ưu đãi không?' });
		const qa = await findPublishedQuestions(db, 'C1', 'vi');
		expect(qa.map((q) => q.question)).toEqual(['Hộ cận nghèo có được vay vốn ưu đãi không?']);
		expect(JSON.stringify(qa)).not.toMatch(/Lê Văn Chín|0912999888|Vay vốn hộ cận nghèo/);
		expect(await findPublishedQuestions(db, 'C2', 'vi')).toEqual([]);
		expect((await findPublishedQuestions(db, 'P1', 'vi')).length).toBe(1);
	});

	test('categories: an administrator changes a deadline; others may not', async () => {
		const db = database.db;
		await expect(updateCategory({ db, actor: w.officer1 }, 'support', { deadlineDays: 3 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(updateCategory({ db, actor: systemActor }, 'nope', { deadlineDays: 3 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect(await updateCategory({ db, actor: systemActor }, 'support', { deadlineDays: 3 })).toMatchObject({ code: 'support', deadlineDays: 3 });
		forgetCalendar(db);
		const { trackingCode } = await submit(db, { category: 'support' });
		const { holidays } = await calendar(db);
		expect((await trackFeedback(db, trackingCode, 'vi')).dueOn).toBe(addWorkingDays(today(), 3, holidays));
		await expect(submit(db, { category: 'khong_co' })).rejects.toMatchObject({ code: 'VALIDATION' });
	});

	test('dashboard: received, answered on time, overdue, average time, by category and month; scoped', async () => {
		const db = database.db;
		const year = Number(today().slice(0, 4));
		const d = await feedbackDashboard({ db, actor: w.officer1 }, { unit: 'C1', year });
		const all = await findFeedback({ db, actor: w.officer1 }, list({ unit: 'C1', limit: '200' }));
		const notMerged = all.items.filter((i) => !i.merged);
		expect(d.total.received).toBe(notMerged.length);
		expect(d.total.overdue).toBe(notMerged.filter((i) => i.overdue).length);
		expect(d.total.answered).toBeGreaterThan(0);
		expect(d.total.answeredOnTime).toBeLessThanOrEqual(d.total.answered);
		expect(d.total.averageDaysToAnswer).not.toBeNull();
		expect(d.byMonth).toHaveLength(12);
		expect(d.byMonth.reduce((n, m) => n + m.received, 0)).toBe(d.total.received);
		expect(d.byCategory.reduce((n, c) => n + c.received, 0)).toBe(d.total.received);
		await expect(feedbackDashboard({ db, actor: w.officer1 }, { unit: 'C2', year })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await feedbackDashboard({ db, actor: w.officer2 }, { year })).unit.code).toBe('C2');
	});
});
