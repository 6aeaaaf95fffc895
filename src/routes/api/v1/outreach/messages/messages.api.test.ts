import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { buildActor } from '$lib/server/testing/factories';
import { buildHouseholdWorld } from '$lib/server/modules/households/households.testing';
import { enqueueOutbox } from '$lib/server/modules/outreach/outbox';
import { outboxMessages } from '$lib/server/modules/outreach/outbox.tables';
import { auditEntries } from '$lib/server/audit/audit.tables';
import { GET as list } from './+server';
import { GET as getOne } from './[id]/+server';
import { POST as retry } from './[id]/retry/+server';

describe.each(testDrivers)('outreach messages API (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	let leader1: Actor;
	let dead1: string;
	let sent1: string;
	let dead2: string;

	function event(actor: Actor | null, url: string, params: Record<string, string> = {}, init?: RequestInit, apiLocale = 'en'): RequestEvent {
		const request = new Request('http://lantoa.test' + url, init);
		return {
			request,
			url: new URL(request.url),
			params,
			locals: { actor, apiLocale, locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
	}
	const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; details: { path?: string; message: string }[] } }).error;
	const post = { method: 'POST' };

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		w = await buildHouseholdWorld(db);
		leader1 = await buildActor(db, 'commune_leader', 'C1');
		const base = { kind: 'notice', body: 'Họp dân thôn tối thứ Sáu. Soạn HUY gửi 8088 để ngừng nhận.' };
		const { ids } = await enqueueOutbox(db, [
			{ ...base, unitId: w.tree.v11.id, channel: 'sms', recipient: '84912345678', idempotencyKey: 'api:dead1' },
			{ ...base, unitId: w.tree.c1.id, channel: 'email', kind: 'reminder', recipient: 'can.bo@xa-mot.example', idempotencyKey: 'api:sent1' },
			{ ...base, unitId: w.tree.c2.id, channel: 'sms', recipient: '84987654321', idempotencyKey: 'api:dead2' }
		]);
		[dead1, sent1, dead2] = ids;
		await db.update(outboxMessages).set({ status: 'dead', attempts: 1, lastError: 'outreach.error.notConfigured' }).where(eq(outboxMessages.id, dead1));
		await db.update(outboxMessages).set({ status: 'sent', attempts: 1, sentAt: new Date() }).where(eq(outboxMessages.id, sent1));
		await db.update(outboxMessages).set({ status: 'dead', attempts: 8, lastError: 'gateway answered 503' }).where(eq(outboxMessages.id, dead2));
	});
	afterAll(() => database.close());

	it("lists only the actor's communes' messages, reasons in the asked language, phones masked for those who may not see them", async () => {
		const res = await list(event(w.officer1, '/api/v1/outreach/messages'));
		expect(res.status).toBe(200);
		const body = (await res.json()) as { items: { id: string; recipient: string; reason: string | null; retryable: boolean; unitCode: string }[]; hasMore: boolean };
		expect(body.items.map((i) => i.id).sort()).toEqual([dead1, sent1].sort());
		const dead = body.items.find((i) => i.id === dead1)!;
		// The commune officer may see households' personal data; the chair sees the number masked.
		expect(dead.recipient).toBe('84912345678');
		const masked = (await (await list(event(leader1, '/api/v1/outreach/messages?status=dead'))).json()) as { items: { recipient: string; retryable: boolean }[] };
		expect(masked.items.map((i) => [i.recipient, i.retryable])).toEqual([['84•••••678', false]]);
		expect(dead.reason).toMatch(/not configured/);
		expect(dead.retryable).toBe(true);
		expect(body.items.find((i) => i.id === sent1)!.retryable).toBe(false);
		const vi = (await (await list(event(w.officer1, '/api/v1/outreach/messages?status=dead', {}, undefined, 'vi'))).json()) as { items: { reason: string }[] };
		expect(vi.items[0].reason).toMatch(/chưa được cấu hình/);
		const other = (await (await list(event(w.officer2, '/api/v1/outreach/messages'))).json()) as { items: { id: string }[] };
		expect(other.items.map((i) => i.id)).toEqual([dead2]);
	});

	it('filters by status, channel, kind, unit and dates; a page at a time', async () => {
		const ids = async (q: string) => ((await (await list(event(w.officer1, '/api/v1/outreach/messages?' + q))).json()) as { items: { id: string }[] }).items.map((i) => i.id);
		expect(await ids('status=sent')).toEqual([sent1]);
		expect(await ids('channel=sms')).toEqual([dead1]);
		expect(await ids('kind=reminder')).toEqual([sent1]);
		expect(await ids('unit=C1-V1')).toEqual([dead1]);
		expect(await ids('from=2000-01-01&to=2000-01-02')).toEqual([]);
		const one = (await (await list(event(w.officer1, '/api/v1/outreach/messages?limit=1'))).json()) as { items: unknown[]; hasMore: boolean };
		expect([one.items.length, one.hasMore]).toEqual([1, true]);
	});

	it('refuses bad filters with clear messages, and another commune as a unit filter', async () => {
		for (const q of ['status=lost', 'channel=fax', 'kind=spam', 'from=23/11/2026', 'from=2026-02-30', 'limit=0', 'limit=abc', 'unit=%27%3B--', 'from=2026-05-02&to=2026-05-01', 'colour=red']) {
			const res = await list(event(w.officer1, '/api/v1/outreach/messages?' + q));
			expect(res.status, q).toBe(400);
			expect((await errorOf(res)).code, q).toBe('VALIDATION');
		}
		const bad = await errorOf(await list(event(w.officer1, '/api/v1/outreach/messages?channel=fax')));
		expect(bad.details[0].message).toBe('Not a valid channel.');
		const badVi = await errorOf(await list(event(w.officer1, '/api/v1/outreach/messages?channel=fax', {}, undefined, 'vi')));
		expect(badVi.details[0].message).toBe('Kênh không hợp lệ.');
		expect((await list(event(w.officer1, '/api/v1/outreach/messages?unit=C2'))).status).toBe(403);
		expect((await list(event(w.officer1, '/api/v1/outreach/messages?unit=NOPE'))).status).toBe(404);
	});

	it('refuses those without outreach.read and anonymous callers', async () => {
		expect((await list(event(w.head11, '/api/v1/outreach/messages'))).status).toBe(403);
		expect((await list(event(null, '/api/v1/outreach/messages'))).status).toBe(401);
		expect((await getOne(event(w.head11, `/api/v1/outreach/messages/${dead1}`, { id: dead1 }))).status).toBe(403);
	});

	it("one message with its attempts; another commune's message or a bad id is not found", async () => {
		const res = await getOne(event(w.officer1, `/api/v1/outreach/messages/${dead1}`, { id: dead1 }));
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ id: dead1, status: 'dead', body: expect.stringContaining('Soạn HUY'), attemptsLog: [] });
		expect((await getOne(event(w.officer1, `/api/v1/outreach/messages/${dead2}`, { id: dead2 }))).status).toBe(404);
		expect((await getOne(event(w.officer1, '/api/v1/outreach/messages/not-an-id', { id: 'not-an-id' }))).status).toBe(400);
	});

	it('retries a dead message (audited); a sent one is a 409; another commune 404; a reader without manage 403', async () => {
		const refusedSent = await retry(event(w.officer1, `/api/v1/outreach/messages/${sent1}/retry`, { id: sent1 }, post));
		expect(refusedSent.status).toBe(409);
		expect((await errorOf(refusedSent)).message).toMatch(/Only a failed or given-up message/);
		const refusedVi = await retry(event(w.officer1, `/api/v1/outreach/messages/${sent1}/retry`, { id: sent1 }, post, 'vi'));
		expect((await errorOf(refusedVi)).message).toMatch(/Chỉ gửi lại được/);
		expect((await retry(event(w.officer1, `/api/v1/outreach/messages/${dead2}/retry`, { id: dead2 }, post))).status).toBe(404);
		expect((await retry(event(leader1, `/api/v1/outreach/messages/${dead1}/retry`, { id: dead1 }, post))).status).toBe(403);
		expect((await retry(event(w.officer1, '/api/v1/outreach/messages/x/retry', { id: 'x' }, post))).status).toBe(400);
		const [untouched] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, dead2));
		expect(untouched.status).toBe('dead');

		const ok = await retry(event(w.officer1, `/api/v1/outreach/messages/${dead1}/retry`, { id: dead1 }, post));
		expect(ok.status).toBe(200);
		expect(await ok.json()).toMatchObject({ id: dead1, status: 'queued', attempts: 0, reason: null });
		const audit = await database.db.select().from(auditEntries).where(eq(auditEntries.entityId, dead1));
		expect(audit.map((a) => a.action)).toEqual(['outreach.message.retry']);
		// Queued now: a second retry is refused.
		expect((await retry(event(w.officer1, `/api/v1/outreach/messages/${dead1}/retry`, { id: dead1 }, post))).status).toBe(409);
	});
});
