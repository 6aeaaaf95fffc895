import { describe, expect, it } from 'vitest';
import {
	activityPayload,
	afterActivityAnswer,
	afterPhotoAnswer,
	backoffMs,
	checkDraft,
	classifyResponse,
	correctDraft,
	dueActivities,
	expiredSent,
	keepServerVersion,
	newQueuedActivity,
	queueSummary,
	resend,
	sendAsNewVersion,
	type ActivityDraft
} from './queue';
import { fitWithin } from './photos';

const draft: ActivityDraft = {
	villageCode: '16108-01',
	channelCode: 'dialogue',
	date: '2026-11-20',
	title: '  Họp thôn phổ biến chính sách vay vốn  ',
	place: '',
	counts: { poor: 6, near_poor: 3, escaped: 0, other: 12 },
	householdIds: ['b0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001'],
	planId: null,
	themes: []
};
const photo = (id: string) => ({ id, name: id + '.jpg', size: 1000, type: 'image/jpeg', caption: '' });
const fixed = () => 0.5;
const err = (code: string, message = 'm') => ({ error: { code, message, details: [] } });

describe('village notebook queue', () => {
	it('a new record waits with its id and photos, and is due at once', () => {
		const item = newQueuedActivity('11111111-1111-4111-8111-111111111111', draft, [photo('p1')], 1000);
		expect(item).toMatchObject({ state: 'waiting', activityStored: false, attempts: 0 });
		expect(item.photos[0]).toMatchObject({ id: 'p1', state: 'waiting' });
		expect(dueActivities([item], 1000).map((i) => i.id)).toEqual([item.id]);
	});

	it('puts the draft in the API shape: trimmed title, non-zero counts, sorted households, done', () => {
		const payload = activityPayload(newQueuedActivity('x', draft, [], 0));
		expect(payload).toEqual({
			unit: '16108-01',
			channel: 'dialogue',
			date: '2026-11-20',
			title: 'Họp thôn phổ biến chính sách vay vốn',
			status: 'done',
			counts: { poor: 6, near_poor: 3, other: 12 },
			households: ['a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002']
		});
		// The same record gives the same payload every time: a repeat is recognised as a repeat.
		expect(JSON.stringify(activityPayload(newQueuedActivity('x', { ...draft, householdIds: [...draft.householdIds].reverse() }, [], 5)))).toBe(JSON.stringify(payload));
	});

	it('reads answers: 201/200 stored, 409 conflict, 4xx refused, 5xx/408/429/network retried, 401 signed out', () => {
		expect(classifyResponse(201, { id: 'x', version: 1 })).toEqual({ kind: 'stored', version: 1 });
		expect(classifyResponse(200, { id: 'x', version: 3 })).toEqual({ kind: 'stored', version: 3 });
		expect(classifyResponse(409, err('CONFLICT', 'khác'))).toMatchObject({ kind: 'conflict', error: { code: 'CONFLICT', message: 'khác', status: 409 } });
		expect(classifyResponse(400, err('VALIDATION', 'Ngày sai'))).toMatchObject({ kind: 'invalid', error: { message: 'Ngày sai' } });
		expect(classifyResponse(403, err('FORBIDDEN'))).toMatchObject({ kind: 'invalid' });
		expect(classifyResponse(413, null)).toMatchObject({ kind: 'invalid', error: { code: 'VALIDATION', status: 413 } });
		for (const s of [0, 408, 429, 500, 502, 503]) expect(classifyResponse(s, null).kind, String(s)).toBe('retry');
		expect(classifyResponse(401, err('UNAUTHENTICATED')).kind).toBe('signedOut');
	});

	it('a stored activity with photos waits for them; sent once every photo is stored', () => {
		let item = newQueuedActivity('a', draft, [photo('p1'), photo('p2')], 0);
		item = afterActivityAnswer(item, classifyResponse(201, { version: 1 }), 10);
		expect(item).toMatchObject({ state: 'waiting', activityStored: true, serverVersion: 1, sentAt: null });
		item = afterPhotoAnswer(item, 'p1', classifyResponse(201, {}), 11);
		expect(item.state).toBe('waiting');
		item = afterPhotoAnswer(item, 'p2', classifyResponse(200, {}), 12);
		expect(item).toMatchObject({ state: 'sent', sentAt: 12 });
		expect(item.photos.map((p) => p.state)).toEqual(['sent', 'sent']);
		expect(dueActivities([item], 1e12)).toEqual([]);
	});

	it('a refused photo does not hold the record back, and says why', () => {
		let item = afterActivityAnswer(newQueuedActivity('a', draft, [photo('p1')], 0), { kind: 'stored', version: 1 }, 1);
		item = afterPhotoAnswer(item, 'p1', classifyResponse(415, err('UNSUPPORTED_MEDIA_TYPE', 'Không phải ảnh')), 2);
		expect(item.state).toBe('sent');
		expect(item.photos[0]).toMatchObject({ state: 'invalid', error: { message: 'Không phải ảnh' } });
	});

	it('failures back off, doubling from 5 s to at most 10 minutes, and the record is not due before then', () => {
		expect([1, 2, 3, 4].map((n) => backoffMs(n, fixed))).toEqual([5000, 10000, 20000, 40000]);
		expect(backoffMs(30, fixed)).toBe(600000);
		expect(backoffMs(1, () => 0)).toBe(4000);
		expect(backoffMs(1, () => 1)).toBe(6000);
		let item = newQueuedActivity('a', draft, [], 0);
		item = afterActivityAnswer(item, classifyResponse(0, null), 100, fixed);
		item = afterActivityAnswer(item, classifyResponse(503, null), 200, fixed);
		expect(item).toMatchObject({ state: 'waiting', attempts: 2, nextAttemptAt: 200 + 10000, activityStored: false });
		expect(dueActivities([item], 200 + 9999)).toEqual([]);
		expect(dueActivities([item], 200 + 10000)).toHaveLength(1);
		expect(dueActivities([item], 0, { force: true })).toHaveLength(1);
	});

	it('a conflict waits for the village head: nothing is sent until they keep the server’s version or send theirs as a new one', () => {
		const conflict = afterActivityAnswer(newQueuedActivity('a', draft, [photo('p1')], 0), classifyResponse(409, err('CONFLICT')), 1);
		expect(conflict.state).toBe('conflict');
		expect(dueActivities([conflict], 1e12, { force: true })).toEqual([]);

		const kept = keepServerVersion({ ...conflict, serverVersion: 2 }, 5);
		expect(kept).toMatchObject({ state: 'waiting', activityStored: true });
		expect(afterPhotoAnswer(kept, 'p1', { kind: 'stored', version: null }, 6).state).toBe('sent');

		const mine = sendAsNewVersion(conflict, 2, 5);
		expect(mine).toMatchObject({ state: 'waiting', replaceVersion: 2 });
		expect(activityPayload(mine).version).toBe(2);
		const stored = afterActivityAnswer(mine, classifyResponse(200, { version: 3 }), 6);
		expect(stored).toMatchObject({ serverVersion: 3, replaceVersion: null, activityStored: true });
		expect(activityPayload(stored).version).toBeUndefined();
	});

	it('a refused record keeps its id, and a correction queues it again; a stored one cannot be changed from the queue', () => {
		const refused = afterActivityAnswer(newQueuedActivity('a', draft, [], 0), classifyResponse(400, err('VALIDATION')), 1);
		expect(refused.state).toBe('invalid');
		const fixedDraft = correctDraft(refused, { ...draft, title: 'Sửa lại' }, 2);
		expect(fixedDraft).toMatchObject({ id: 'a', state: 'waiting', error: null });
		const sent = afterActivityAnswer(fixedDraft, { kind: 'stored', version: 1 }, 3);
		expect(correctDraft(sent, { ...draft, title: 'khác' }, 4)).toBe(sent);
	});

	it('sending again re-sends the activity and its photos under the same ids', () => {
		let item = afterActivityAnswer(newQueuedActivity('a', draft, [photo('p1')], 0), { kind: 'stored', version: 1 }, 1);
		item = afterPhotoAnswer(item, 'p1', { kind: 'stored', version: null }, 2);
		const again = resend(item, 3);
		expect(again).toMatchObject({ id: 'a', state: 'waiting', activityStored: false });
		expect(again.photos).toMatchObject([{ id: 'p1', state: 'waiting' }]);
		expect(resend(again, 4)).toBe(again);
	});

	it('on a phone shared by two accounts, each sends only the records they made', () => {
		const mine = newQueuedActivity('a', draft, [], 0, 'truongthon.habinh');
		const theirs = newQueuedActivity('b', draft, [], 0, 'canbo.habinh');
		const older = newQueuedActivity('c', draft, [], 0);
		expect(dueActivities([mine, theirs, older], 1, { owner: 'truongthon.habinh' }).map((i) => i.id)).toEqual(['a', 'c']);
		expect(dueActivities([mine, theirs, older], 1).map((i) => i.id)).toEqual(['a', 'b', 'c']);
	});

	it('summarises the queue and drops sent records after 30 days', () => {
		const a = newQueuedActivity('a', draft, [], 0);
		const b = { ...a, id: 'b', state: 'sent' as const, sentAt: 0 };
		const c = { ...a, id: 'c', state: 'conflict' as const };
		expect(queueSummary([a, b, c])).toEqual({ waiting: 1, sending: 0, sent: 1, conflict: 1, invalid: 0 });
		expect(expiredSent([a, b, c], 31 * 24 * 3600 * 1000).map((i) => i.id)).toEqual(['b']);
		expect(expiredSent([a, b, c], 29 * 24 * 3600 * 1000)).toEqual([]);
	});

	it('checks a draft before queueing: required fields, counts, dates', () => {
		expect(checkDraft(draft, '2026-11-22')).toEqual({});
		expect(checkDraft({ ...draft, title: ' ', channelCode: '', counts: { poor: -1, other: 1.5 }, date: '2026-12-01' }, '2026-11-22')).toEqual({
			title: 'field.error.required',
			channelCode: 'field.error.required',
			'count.poor': 'field.error.count',
			'count.other': 'field.error.count',
			date: 'field.error.futureDate'
		});
		expect(checkDraft({ ...draft, date: '2026-02-31x' }, '2026-11-22')).toEqual({ date: 'field.error.date' });
	});

	it('photos are scaled down to 1,600 px on the longer side, never up', () => {
		expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
		expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: 1600 });
		expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
	});
});
