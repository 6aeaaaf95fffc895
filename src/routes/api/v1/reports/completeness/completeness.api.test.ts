import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { buildActor, buildTwoCommunes } from '$lib/server/testing/factories';
import { insertForm, insertReport } from '$lib/server/modules/reports/reports.completeness.testing';
import { GET as completeness } from './+server';
import { GET as exportDocx } from '../[id]/export.docx/+server';
import { GET as exportXlsx } from '../[id]/export.xlsx/+server';

describe.each(testDrivers)('reports API: completeness and exports (%s)', (driver) => {
	let database: Database;
	let commune1: Actor, commune2: Actor, province1: Actor;
	let reportId: string;

	function event(actor: Actor | null, url: string, params: Record<string, string> = {}): RequestEvent {
		const request = new Request('http://lantoa.test' + url);
		return {
			request,
			url: new URL(request.url),
			params,
			locals: { actor, apiLocale: 'en', locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
	}
	const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		await buildTwoCommunes(db);
		commune1 = await buildActor(db, 'commune_officer', 'C1');
		commune2 = await buildActor(db, 'commune_officer', 'C2');
		province1 = await buildActor(db, 'province_officer', 'P1');
		await insertForm(db, { code: 'thon-quy', level: 'village', periodType: 'quarter', dueDays: 5, indicatorCodes: ['dialogues_held'] });
		await insertForm(db, { code: 'xa-quy', level: 'commune', periodType: 'quarter', dueDays: 10, indicatorCodes: ['dialogues_held', 'bulletins_broadcast'] });
		await insertReport(db, { form: 'thon-quy', unitCode: 'C1-V1', period: '2025Q4', status: 'submitted', dueOn: '2026-01-05', submittedAt: '2026-01-02T02:00:00Z' });
		reportId = await insertReport(db, { form: 'xa-quy', unitCode: 'C1', period: '2025Q4', status: 'submitted', dueOn: '2026-01-10', submittedAt: '2026-01-09T02:00:00Z' });
	});
	afterAll(() => database.close());

	it('GET /api/v1/reports/completeness answers the counts per period with each unit', async () => {
		const res = await completeness(event(commune1, '/api/v1/reports/completeness?unit=C1&form=thon-quy&from=2025Q4&to=2025Q4'));
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body.periods).toEqual([
			expect.objectContaining({ key: '2025Q4', expected: 2, submitted: 1, onTime: 1, late: 0, missing: 1, pending: 0 })
		]);
		expect(body.periods[0].units.map((u: { unit: { code: string }; state: string }) => [u.unit.code, u.state])).toEqual([
			['C1-V1', 'on_time'],
			['C1-V2', 'missing']
		]);
	});

	it('completeness: bad input is a 400 with a message, another commune a 403, no session a 401', async () => {
		const missingForm = await completeness(event(commune1, '/api/v1/reports/completeness?unit=C1'));
		expect(missingForm.status).toBe(400);
		expect((await errorOf(missingForm)).code).toBe('VALIDATION');
		const badRange = await completeness(event(commune1, '/api/v1/reports/completeness?unit=C1&form=thon-quy&from=2026Q2&to=2025Q4'));
		expect(badRange.status).toBe(400);
		expect((await errorOf(badRange)).message).toMatch(/range of periods/);
		const badUnit = await completeness(event(commune1, '/api/v1/reports/completeness?unit=%25%27&form=thon-quy'));
		expect(badUnit.status).toBe(400);
		for (const q of ['unit=C1&form=%00', 'unit=C1&form=thon-quy&from=%00', 'unit=%00&form=thon-quy', 'unit=C1&form=' + 'x'.repeat(200)])
			expect((await completeness(event(commune1, `/api/v1/reports/completeness?${q}`))).status, q).toBe(400);
		expect((await completeness(event(commune2, '/api/v1/reports/completeness?unit=C1&form=thon-quy'))).status).toBe(403);
		expect((await completeness(event(null, '/api/v1/reports/completeness?unit=C1&form=thon-quy'))).status).toBe(401);
	});

	it('exports: DOCX and XLSX to readers of the unit, 404 to another commune and for bad ids', async () => {
		const docx = await exportDocx(event(province1, `/api/v1/reports/${reportId}/export.docx`, { id: reportId }));
		expect(docx.status).toBe(200);
		expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
		expect(docx.headers.get('content-disposition')).toBe('attachment; filename="bao-cao-C1-2025Q4.docx"');
		expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
		const xlsx = await exportXlsx(event(commune1, `/api/v1/reports/${reportId}/export.xlsx`, { id: reportId }));
		expect(xlsx.status).toBe(200);
		expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		const refused = await exportDocx(event(commune2, `/api/v1/reports/${reportId}/export.docx`, { id: reportId }));
		expect(refused.status).toBe(404);
		expect((await errorOf(refused)).message).toMatch(/not found/);
		expect((await exportXlsx(event(commune2, `/api/v1/reports/${reportId}/export.xlsx`, { id: reportId }))).status).toBe(404);
		expect((await exportXlsx(event(commune1, '/api/v1/reports/x/export.xlsx', { id: "x'; DROP TABLE reports" }))).status).toBe(404);
		expect((await exportDocx(event(null, `/api/v1/reports/${reportId}/export.docx`, { id: reportId }))).status).toBe(401);
	});
});
