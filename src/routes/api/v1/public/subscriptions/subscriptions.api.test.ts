import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Database } from '$lib/server/db/client';
import { buildOpenApi } from '$lib/server/api/openapi';
import { buildTwoCommunes } from '$lib/server/testing/factories';
import { resetFeedbackLimits } from '$lib/server/modules/feedback/feedback.limits';
import { vi } from '$lib/i18n/vi';
import { en } from '$lib/i18n/en';
import * as route from './+server';

describe.each(testDrivers)('POST /api/v1/public/subscriptions (%s)', (driver) => {
	let database: Database;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		await buildTwoCommunes(database.db);
	});
	afterAll(() => database.close());
	beforeEach(() => resetFeedbackLimits());

	async function call(raw: string, opts: { type?: string; locale?: 'vi' | 'en'; ip?: string } = {}) {
		const request = new Request('http://lantoa.test/api/v1/public/subscriptions', { method: 'POST', headers: { 'content-type': opts.type ?? 'application/json' }, body: raw });
		const event = {
			request,
			url: new URL(request.url),
			params: {},
			getClientAddress: () => opts.ip ?? '10.0.0.1',
			locals: { actor: null, apiLocale: opts.locale ?? 'vi', locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
		const res = await route.POST(event);
		return { status: res.status, body: await res.json() };
	}

	it('subscribes (202, pending) and answers a repeat the same way; documented in the OpenAPI document', async () => {
		const body = JSON.stringify({ unit: 'C1', topics: ['news', 'dialogues'], channel: 'email', address: 'co.lan@example.vn' });
		expect(await call(body)).toEqual({ status: 202, body: { pending: 2, active: 0 } });
		expect(await call(body)).toEqual({ status: 202, body: { pending: 2, active: 0 } });
		const doc = buildOpenApi({ '/src/routes/api/v1/public/subscriptions/+server.ts': route }) as { paths: Record<string, Record<string, unknown>> };
		expect(doc.paths['/api/v1/public/subscriptions'].post).toBeTruthy();
	});

	it('bad input: clear messages in both languages, never a 5xx; a flood gets 429', async () => {
		const phone = await call(JSON.stringify({ unit: 'C1', topics: ['news'], channel: 'sms', address: '<script>alert(1)</script>' }));
		expect(phone).toMatchObject({ status: 400, body: { error: { message: vi['publishing.sub.phoneInvalid'] } } });
		const phoneEn = await call(JSON.stringify({ unit: 'C1', topics: ['news'], channel: 'sms', address: '12' }), { locale: 'en' });
		expect(phoneEn.body.error.message).toBe(en['publishing.sub.phoneInvalid']);
		expect((await call(JSON.stringify({ unit: 'C1', topics: [], channel: 'sms', address: '0912345678' }))).body.error.details[0].message).toBe(vi['publishing.sub.topicRequired']);
		expect((await call(JSON.stringify({ unit: 'KHONG', topics: ['news'], channel: 'sms', address: '0912345678' }))).status).toBe(404);
		expect((await call(JSON.stringify({ unit: 'C1-V1', topics: ['news'], channel: 'sms', address: '0912345678' }))).status).toBe(404);
		expect((await call('{"unit":')).status).toBe(400);
		expect((await call('[]')).status).toBe(400);
		expect((await call('unit=C1', { type: 'text/plain' })).status).toBe(415);
		expect((await call(JSON.stringify({ unit: 'C1', topics: ['news'], channel: 'sms', address: '0912345678', x: 1 }))).status).toBe(400);
		const statuses: number[] = [];
		for (let i = 0; i < 25; i++) statuses.push((await call(JSON.stringify({ unit: 'C1', topics: ['news'], channel: 'email', address: `n${i}@example.vn` }), { ip: '10.9.9.9' })).status);
		expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
		expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
	});
});
