import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import { buildActor, buildUnit } from '$lib/server/testing/factories';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { readTable } from '$lib/server/files/tabular';
import { POST as upload } from './+server';
import { GET as status } from './[id]/+server';
import { GET as rejected } from './[id]/rejected/+server';

describe.each(testDrivers)('household import API (%s)', (driver) => {
	let database: Database;
	let officer: Actor;
	let other: Actor;

	/** The request as the endpoint wrapper sees it after hooks.server.ts: actor and locale resolved. */
	function event(actor: Actor | null, url: string, params: Record<string, string> = {}, init?: RequestInit): RequestEvent {
		const request = new Request('http://lantoa.test' + url, init);
		return {
			request,
			url: new URL(request.url),
			params,
			locals: { actor, apiLocale: 'en', locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
	}
	const csv = (text: string): RequestInit => ({ method: 'POST', body: '\uFEFF' + text, headers: { 'content-type': 'text/csv' } });
	const list = 'Họ và tên chủ hộ,Năm sinh,Thôn,Phân loại\nĐào Văn Bảy,1950,Đông,Hộ nghèo\nĐào Văn Tám,1951,Nam,Hộ nghèo\n';

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		await buildUnit(database.db, { code: 'AP', name: 'Tỉnh API', level: 'province' });
		await buildUnit(database.db, { code: 'AP-1', name: 'Xã Một', level: 'commune', parentCode: 'AP' });
		await buildUnit(database.db, { code: 'AP-2', name: 'Xã Hai', level: 'commune', parentCode: 'AP' });
		await buildUnit(database.db, { code: 'AP-1-1', name: 'Thôn Đông', level: 'village', parentCode: 'AP-1' });
		officer = await buildActor(database.db, 'commune_officer', 'AP-1');
		other = await buildActor(database.db, 'commune_officer', 'AP-2');
	});
	afterAll(() => database.close());

	it('answers 202 with the running import, whose status then shows the summary; the rejected rows download as XLSX', async () => {
		const started = await upload(event(officer, '/api/v1/households/import?unit=AP-1&year=2025&fileName=ds.csv', {}, csv(list)));
		expect(started.status).toBe(202);
		const { id } = (await started.json()) as { id: string };
		expect(started.headers.get('location')).toBe(`/api/v1/households/import/${id}`);
		let body: { status: string; summary: unknown; rejectedUrl: string | null; fileName: string } = { status: 'running', summary: null, rejectedUrl: null, fileName: '' };
		for (let i = 0; i < 100 && body.status === 'running'; i++) {
			await new Promise((r) => setTimeout(r, 50));
			body = await (await status(event(officer, `/api/v1/households/import/${id}`, { id }))).json();
		}
		expect(body).toMatchObject({
			status: 'done',
			fileName: 'ds.csv',
			summary: { rows: 2, imported: 1, errors: [{ row: 3, column: 'Thôn', message: 'No village “Nam” in the commune' }] },
			rejectedUrl: `/api/v1/households/import/${id}/rejected`
		});
		const file = await rejected(event(officer, body.rejectedUrl!, { id }));
		expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		const table = await readTable(new Uint8Array(await file.arrayBuffer()));
		expect(table.rows.map((r) => [r.values.row, r.values.reason])).toEqual([['3', 'Thôn: No village “Nam” in the commune']]);

		// Another commune's officer sees neither its status nor its rows.
		expect((await status(event(other, `/api/v1/households/import/${id}`, { id }))).status).toBe(403);
		expect((await rejected(event(other, `/api/v1/households/import/${id}/rejected`, { id }))).status).toBe(403);
	});

	it('with wait=true answers 200 once done; refuses another commune (403), a file that is not a list (400), an unknown import (404)', async () => {
		const done = await upload(event(officer, '/api/v1/households/import?unit=AP-1&year=2025&wait=true', {}, csv(list)));
		expect(done.status).toBe(200);
		expect(await done.json()).toMatchObject({ status: 'done', summary: { imported: 0, unchanged: 1 } });
		expect((await upload(event(other, '/api/v1/households/import?unit=AP-1', {}, csv(list)))).status).toBe(403);
		const notList = await upload(event(officer, '/api/v1/households/import?unit=AP-1', {}, csv('Nội dung,Kinh phí\nIn tờ rơi,1000\n')));
		expect(notList.status).toBe(400);
		expect(((await notList.json()) as { error: { message: string } }).error.message).toMatch(/not a household list/);
		const id = '00000000-0000-4000-8000-000000000000';
		expect((await status(event(officer, `/api/v1/households/import/${id}`, { id }))).status).toBe(404);
	});
});
