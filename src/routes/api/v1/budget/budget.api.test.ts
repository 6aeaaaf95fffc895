import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { allocation, buildBudgetWorld, pdfReceipt, spending } from '$lib/server/modules/budget/budget.testing';
import { GET as listAllocations, POST as postAllocation } from './allocations/+server';
import { GET as listSpending, POST as postSpending } from './spending/+server';
import { GET as getLine } from './spending/[id]/+server';
import { POST as review } from './spending/[id]/review/+server';
import { POST as postReceipt } from './spending/[id]/receipts/+server';
import { GET as getReceipt } from './spending/[id]/receipts/[fileId]/+server';
import { GET as settlement } from './settlement/+server';

describe.each(testDrivers)('budget API (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildBudgetWorld>>;

	function event(actor: Actor | null, url: string, params: Record<string, string> = {}, init?: RequestInit, locale: 'vi' | 'en' = 'en'): RequestEvent {
		const request = new Request('http://lantoa.test' + url, init);
		return {
			request,
			url: new URL(request.url),
			params,
			locals: { actor, apiLocale: locale, locale, badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
	}
	const json = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
	const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; details: { path?: string; message: string }[] } }).error;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildBudgetWorld(database.db);
	});
	afterAll(() => database.close());

	it('allocations: created with a decision, bad amounts answered in both languages, other communes refused', async () => {
		const ok = await postAllocation(event(w.officer1, '/api/v1/budget/allocations', {}, json(allocation('C1', { amount: '8 000 000' }))));
		expect(ok.status).toBe(201);
		expect(await ok.json()).toMatchObject({ amount: 8_000_000, decision: { number: '45/QĐ-UBND' } });
		const badEn = await postAllocation(event(w.officer1, '/api/v1/budget/allocations', {}, json(allocation('C1', { amount: '-8.000' }))));
		expect(badEn.status).toBe(400);
		expect((await errorOf(badEn)).details).toContainEqual({ path: 'amount', message: expect.stringContaining('whole positive number of đồng') });
		const badVi = await postAllocation(event(w.officer1, '/api/v1/budget/allocations', {}, json(allocation('C1', { amount: 1.5e6 + 0.5 })), 'vi'));
		expect((await errorOf(badVi)).details).toContainEqual({ path: 'amount', message: expect.stringContaining('số nguyên dương') });
		const notJson = await postAllocation(event(w.officer1, '/api/v1/budget/allocations', {}, { method: 'POST', body: 'amount=1', headers: { 'content-type': 'text/plain' } }));
		expect(notJson.status).toBe(415);
		expect((await postAllocation(event(w.officer2, '/api/v1/budget/allocations', {}, json(allocation('C1'))))).status).toBe(403);
		const mine = await (await listAllocations(event(w.finance1, '/api/v1/budget/allocations?year=2026'))).json();
		expect(mine.items.map((a: { unit: { code: string } }) => a.unit.code)).toEqual(['C1']);
		expect((await listAllocations(event(w.finance2, '/api/v1/budget/allocations?unit=C1'))).status).toBe(403);
		expect((await listAllocations(event(null, '/api/v1/budget/allocations'))).status).toBe(401);
	});

	it('spending: idempotent by id, overspend 409, receipts must be documents, review, settlement in three formats', async () => {
		const id = randomUUID();
		const body = { id, ...spending(w.conference1, { amount: '2.500.000' }) };
		const first = await postSpending(event(w.officer1, '/api/v1/budget/spending', {}, json(body)));
		expect(first.status).toBe(201);
		const again = await postSpending(event(w.officer1, '/api/v1/budget/spending', {}, json(body)));
		expect(again.status).toBe(200);
		expect((await again.json()).id).toBe(id);
		const noSource = await postSpending(event(w.officer1, '/api/v1/budget/spending', {}, json({ ...spending(w.conference1), source: undefined })));
		expect(noSource.status).toBe(400);
		expect((await errorOf(noSource)).details).toContainEqual({ path: 'source', message: 'Choose a funding source.' });
		const over = await postSpending(event(w.officer1, '/api/v1/budget/spending', {}, json(spending(w.conference1, { amount: 6_000_000 }))));
		expect(over.status).toBe(409);
		expect((await errorOf(over)).message).toMatch(/^Over budget: .* exceeds it by 500,000|^Over budget: .* exceeds it by 500.000/);

		const text = await postReceipt(event(w.officer1, `/api/v1/budget/spending/${id}/receipts?name=ghi-chu.txt`, { id }, { method: 'POST', body: 'chỉ là chữ, không phải chứng từ', headers: { 'content-type': 'text/plain' } }));
		expect(text.status).toBe(415);
		const pdf = await postReceipt(event(w.officer1, `/api/v1/budget/spending/${id}/receipts?name=hoa-don.pdf`, { id }, { method: 'POST', body: pdfReceipt().bytes, headers: { 'content-type': 'application/pdf' } }));
		expect(pdf.status).toBe(201);
		const line = await pdf.json();
		expect(line.receipts).toHaveLength(1);
		const fileId = line.receipts[0].id;
		expect((await getReceipt(event(w.finance1, '', { id, fileId }))).status).toBe(200);
		expect((await getReceipt(event(w.finance2, '', { id, fileId }))).status).toBe(403);
		expect((await getReceipt(event(w.finance1, '', { id, fileId: randomUUID() }))).status).toBe(404);

		expect((await getLine(event(w.finance2, '', { id }))).status).toBe(403);
		expect((await getLine(event(w.finance1, '', { id: 'not-a-uuid' }))).status).toBe(404);
		expect((await review(event(w.officer1, '', { id }, json({ decision: 'approve' })))).status).toBe(403);
		expect((await review(event(w.finance1, '', { id }, json({ decision: 'maybe' })))).status).toBe(400);
		const approved = await review(event(w.finance1, '', { id }, json({ decision: 'approve' })));
		expect(await approved.json()).toMatchObject({ status: 'approved' });

		const figures = await (await settlement(event(w.finance1, '/api/v1/budget/settlement?unit=C1&year=2026'))).json();
		expect(figures.total).toMatchObject({ allocated: 8_000_000, settled: 2_500_000 });
		const xlsx = await settlement(event(w.finance1, '/api/v1/budget/settlement?unit=C1&year=2026&format=xlsx'));
		expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
		expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
		const docx = await settlement(event(w.finance1, '/api/v1/budget/settlement?unit=C1&year=2026&format=docx'));
		expect(docx.headers.get('content-type')).toContain('wordprocessingml');
		expect((await settlement(event(w.finance2, '/api/v1/budget/settlement?unit=C1&year=2026'))).status).toBe(403);
		expect((await settlement(event(w.finance1, '/api/v1/budget/settlement?unit=C1&year=20x6'))).status).toBe(400);
		expect((await settlement(event(w.finance1, '/api/v1/budget/settlement?year=2026'))).status).toBe(400);
	});

	it('a village head sees no money: every budget API answers 403', async () => {
		for (const res of [
			await listAllocations(event(w.head11, '/api/v1/budget/allocations')),
			await listSpending(event(w.head11, '/api/v1/budget/spending')),
			await settlement(event(w.head11, '/api/v1/budget/settlement?unit=C1&year=2026')),
			await postSpending(event(w.head11, '/api/v1/budget/spending', {}, json(spending(w.meeting11))))
		])
			expect(res.status).toBe(403);
	});
});
