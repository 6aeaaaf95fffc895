import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import { buildActor, buildTwoCommunes } from '$lib/server/testing/factories';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { readTable } from '$lib/server/files/tabular';
import { GET as exportRoute } from './export/+server';
import { POST as importRoute } from './import/+server';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(testDrivers)('units file API (%s)', (driver) => {
	let database: Database;
	let admin: Actor;
	let officer: Actor;

	/** The request as the endpoint wrapper sees it after hooks.server.ts: actor and locale resolved. */
	function event(actor: Actor | null, url: string, init?: RequestInit): RequestEvent {
		const request = new Request('http://lantoa.test' + url, init);
		return {
			request,
			url: new URL(request.url),
			params: {},
			locals: { actor, apiLocale: 'en', locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
	}
	const post = (actor: Actor | null, body: BodyInit | null, type: string | null, query = '', headers: Record<string, string> = {}) =>
		importRoute(event(actor, '/api/v1/units/import' + query, { method: 'POST', body, headers: { ...(type ? { 'content-type': type } : {}), ...headers } }));

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		await buildTwoCommunes(database.db);
		admin = await buildActor(database.db, 'admin', null);
		officer = await buildActor(database.db, 'commune_officer', 'C1');
	});
	afterAll(() => database.close());

	it('exports CSV with a BOM and an attachment name, and XLSX, limited to the actor’s reach', async () => {
		const res = await exportRoute(event(admin, '/api/v1/units/export?format=csv&root=P1'));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="don-vi-P1-\d{4}-\d{2}-\d{2}\.csv"$/);
		const body = Buffer.from(await res.arrayBuffer());
		expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
		expect(body.toString('utf8')).toContain('C1-V1,Thôn Một,village,C1,,,');
		const mine = await exportRoute(event(officer, '/api/v1/units/export?format=xlsx'));
		expect(mine.headers.get('content-type')).toBe(XLSX);
		expect((await readTable(new Uint8Array(await mine.arrayBuffer()))).rows.map((r) => r.values.code).sort()).toEqual(['C1', 'C1-V1', 'C1-V2']);
		expect((await exportRoute(event(officer, '/api/v1/units/export?root=C2'))).status).toBe(403);
		expect((await exportRoute(event(admin, '/api/v1/units/export?format=pdf'))).status).toBe(400);
		expect((await exportRoute(event(null, '/api/v1/units/export'))).status).toBe(401);
	});

	it('imports a raw CSV body; bad rows are a 400 listing every row, unless skipErrors', async () => {
		const file = 'code,name,level,parent_code\nC1-V3,Thôn Ba,village,C1\nC1-V4,Thôn Bốn,hamlet,C1\n';
		const blocked = await post(admin, file, 'text/csv; charset=utf-8');
		expect(blocked.status).toBe(400);
		expect(await blocked.json()).toEqual({
			error: {
				code: 'VALIDATION',
				message: 'The file has 1 bad rows; nothing was imported. Fix them or choose to skip bad rows.',
				details: [{ row: 3, column: 'level', message: expect.stringContaining('hamlet') }]
			}
		});
		const skipped = await post(admin, file, 'text/csv', '?skipErrors=true');
		expect(skipped.status).toBe(200);
		expect(await skipped.json()).toMatchObject({ rows: 2, created: 1, skipped: 1, errors: [{ row: 3 }] });
	});

	it('imports an XLSX body whatever its label says, since the content decides', async () => {
		const exported = await exportRoute(event(admin, '/api/v1/units/export?format=xlsx'));
		const res = await post(admin, await exported.arrayBuffer(), 'application/octet-stream');
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ created: 0, updated: 0, errors: [] });
	});

	it('refuses bad uploads with 403, 413, 415 or 400 in the error shape, never 500', async () => {
		const csv = 'code,name,level,parent_code\n';
		expect((await post(officer, csv + 'C1-V9,Thôn,village,C1\n', 'text/csv')).status).toBe(403);
		expect((await post(admin, csv, 'text/csv', '', { 'content-length': String(11 * 1024 * 1024) })).status).toBe(413);
		const streamed = new ReadableStream<Uint8Array>({
			pull(controller) {
				controller.enqueue(new Uint8Array(1024 * 1024).fill(0x61));
			}
		});
		const tooBig = await importRoute(
			event(admin, '/api/v1/units/import', { method: 'POST', body: streamed, headers: { 'content-type': 'text/csv' }, duplex: 'half' } as RequestInit)
		);
		expect(tooBig.status).toBe(413);
		const wrongType = await post(admin, csv, 'application/json');
		expect(wrongType.status).toBe(415);
		expect((await wrongType.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
		expect((await post(admin, '%PDF-1.7\n', 'application/octet-stream')).status).toBe(415);
		expect((await post(admin, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), XLSX)).status).toBe(400);
		expect((await post(admin, null, 'text/csv')).status).toBe(400);
		expect((await post(admin, 'ma,ten\n1,a\n', 'text/csv')).status).toBe(400);
		expect((await post(admin, csv, 'text/csv', '?skipErrors=maybe')).status).toBe(400);
	});
});
