import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { pdfSettings } from '../../documents/pdf';
import { buildContent, buildContentWorld } from './content.fixtures';
import { getContent, updateContent } from './content.service';
import { generateLeafletPdf, getContentPdf, uploadLeafletPdf } from './content.leaflet';
import { plainPdf } from './content.leaflet-docx';
import { addDistribution, addPrintRun } from './content.printing';
import type { ContentView } from './content.schemas';
import { inArray } from 'drizzle-orm';
import { activities } from '../activities/activities.tables';

const hasSoffice = spawnSync('sh', ['-c', `command -v ${pdfSettings().soffice}`]).status === 0;
if (!hasSoffice) console.warn('content.leaflet.test: `soffice` (LibreOffice) is missing: the PDF generation test is skipped');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-leaflet-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf00000301010018dd8db00000000049454e44ae426082', 'hex');

describe.each(testDrivers)('leaflets: PDF, print runs, distribution (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildContentWorld>>;
	let leaflet: ContentView;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildContentWorld(database.db);
		leaflet = await buildContent(world, {
			kind: 'leaflet',
			title: 'Hỗ trợ thẻ bảo hiểm y tế cho hộ nghèo',
			summary: 'Hộ nghèo được cấp thẻ miễn phí.',
			body: 'Mang sổ hộ khẩu tới UBND xã.\n\nHạn đăng ký: cuối tháng Năm.'
		});
	});
	afterAll(() => database.close());

	it.skipIf(!hasSoffice)('makes a printable A5 PDF from the text with LibreOffice, Vietnamese intact, and serves it', async () => {
		const officer = world.as(world.actors.officer);
		const item = await generateLeafletPdf(officer, leaflet.id, { size: 'A5', contact: 'Liên hệ: chị Lan, ĐT 0912 000 111' });
		expect(item.pdf).toMatchObject({ name: 'to-roi-ho-tro-the-bao-hiem-y-te-cho-ho-ngheo.pdf', size: expect.any(Number) });
		const file = await getContentPdf(world.as(world.actors.leader), leaflet.id);
		expect(file.mime).toBe('application/pdf');
		const out = path.join(work, 'leaflet.pdf');
		fs.writeFileSync(out, file.bytes);
		expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(/Page size:\s+419\.\d+ x 595\.\d+ pts/); // A5: 148 × 210 mm
		const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).normalize('NFC');
		expect(text).toContain('UBND XÃ MỘT');
		expect(text).toContain('Hỗ trợ thẻ bảo hiểm y tế');
		expect(text).toContain('Hạn đăng ký: cuối tháng Năm.');
		expect(text).toContain('chị Lan, ĐT 0912 000 111');
	});

	it('says clearly that LibreOffice is missing (503) and stores nothing', async () => {
		const officer = world.as(world.actors.officer);
		const before = await getContent(officer, leaflet.id);
		await expect(
			generateLeafletPdf(officer, leaflet.id, { size: 'A4' }, { pdf: { soffice: path.join(work, 'no-soffice'), timeoutMs: 5000 } })
		).rejects.toMatchObject({ code: 'UNAVAILABLE', messageKey: 'document.pdfUnavailable', status: 503 });
		expect((await getContent(officer, leaflet.id)).pdf).toEqual(before.pdf);
	});

	it('uploads a PDF recognised by its bytes; a PNG named .pdf is 415; other kinds and other communes are refused', async () => {
		const officer = world.as(world.actors.officer);
		await expect(uploadLeafletPdf(officer, leaflet.id, { bytes: png, name: 'to-roi.pdf' })).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 });
		await expect(uploadLeafletPdf(officer, leaflet.id, { bytes: new Uint8Array(), name: 'x.pdf' })).rejects.toMatchObject({ code: 'VALIDATION' });
		const pdf = plainPdf(['Tờ rơi thử', 'Dòng hai']);
		const item = await uploadLeafletPdf(officer, leaflet.id, { bytes: pdf, name: 'tờ rơi.pdf' });
		expect(item.pdf).toMatchObject({ name: 'tờ rơi.pdf', size: pdf.byteLength });
		expect(Buffer.from((await getContentPdf(officer, leaflet.id)).bytes).equals(pdf)).toBe(true);
		await expect(getContentPdf(world.as(world.actors.otherOfficer), leaflet.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(uploadLeafletPdf(world.as(world.actors.otherOfficer), leaflet.id, { bytes: pdf, name: 'x.pdf' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(uploadLeafletPdf(world.as(world.actors.leader), leaflet.id, { bytes: pdf, name: 'x.pdf' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const bulletin = await buildContent(world, {});
		await expect(uploadLeafletPdf(officer, bulletin.id, { bytes: pdf, name: 'x.pdf' })).rejects.toMatchObject({ messageKey: 'content.leafletOnly' });
		await expect(getContentPdf(officer, bulletin.id)).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'content.noPdf' });
	});

	it('replacing the PDF of an approved leaflet sends it back to draft', async () => {
		const officer = world.as(world.actors.officer);
		const approved = await buildContent(world, { kind: 'leaflet', title: 'Tờ rơi đã duyệt', status: 'approved' });
		const item = await uploadLeafletPdf(officer, approved.id, { bytes: plainPdf(['Mới']), name: 'moi.pdf' });
		expect(item).toMatchObject({ status: 'draft', approvedBy: null });
	});

	it('print runs and distribution: totals per village, never more handed out than printed, villages inside the unit only', async () => {
		const officer = world.as(world.actors.officer, () => new Date('2026-04-20T03:00:00Z'));
		const draft = await buildContent(world, { kind: 'leaflet', title: 'Nháp chưa in' });
		await expect(addPrintRun(officer, draft.id, { printedOn: '2026-04-01', quantity: 10 })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'content.notReleased' });
		const article = await buildContent(world, { kind: 'article', title: 'Tin', status: 'approved' });
		await expect(addPrintRun(officer, article.id, { printedOn: '2026-04-01', quantity: 10 })).rejects.toMatchObject({ messageKey: 'content.leafletOnly' });

		const item = await buildContent(world, { kind: 'leaflet', title: 'Tờ rơi học nghề', status: 'published' });
		await expect(addPrintRun(officer, item.id, { printedOn: '2026-04-01', quantity: 0 })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(addPrintRun(officer, item.id, { printedOn: '2026-04-01', quantity: -5 })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(addPrintRun(officer, item.id, { printedOn: '2026-02-30', quantity: 5 })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(addPrintRun(officer, item.id, { printedOn: '2026-04-01', quantity: 5, cost: 12.5 })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(addPrintRun(officer, item.id, { printedOn: '2026-05-01', quantity: 5 })).rejects.toMatchObject({ messageKey: 'content.dateFuture' });
		await addPrintRun(officer, item.id, { printedOn: '2026-04-02', quantity: 300, printer: 'Cơ sở in Hà Trung', cost: 450_000 });
		let view = await addPrintRun(officer, item.id, { printedOn: '2026-04-10', quantity: 200, cost: 300_000 });
		expect(view.printing).toMatchObject({ printed: 500, handedOut: 0, cost: 750_000 });

		await addDistribution(officer, item.id, { village: 'C1-V1', quantity: 180, distributedOn: '2026-04-12' });
		await addDistribution(officer, item.id, { village: 'C1-V2', quantity: 120, distributedOn: '2026-04-13' });
		view = await addDistribution(officer, item.id, { village: 'C1-V1', quantity: 50, distributedOn: '2026-04-15' });
		expect(view.printing).toMatchObject({
			printed: 500,
			handedOut: 350,
			byVillage: [
				{ village: 'C1-V1', quantity: 230 },
				{ village: 'C1-V2', quantity: 120 }
			]
		});
		const over = addDistribution(officer, item.id, { village: 'C1-V2', quantity: 151, distributedOn: '2026-04-16' });
		await expect(over).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'content.overHanded', params: { printed: 500, handedOut: 350, left: 150 } });
		await expect(addDistribution(officer, item.id, { village: 'C2-V1', quantity: 1, distributedOn: '2026-04-16' })).rejects.toMatchObject({ messageKey: 'content.villageOutside' });
		await expect(addDistribution(officer, item.id, { village: 'C1', quantity: 1, distributedOn: '2026-04-16' })).rejects.toMatchObject({ messageKey: 'content.notVillage' });
		await expect(addDistribution(officer, item.id, { village: 'NOPE', quantity: 1, distributedOn: '2026-04-16' })).rejects.toMatchObject({ messageKey: 'unit.notFound' });
		await expect(addDistribution(world.as(world.actors.otherOfficer), item.id, { village: 'C1-V1', quantity: 1, distributedOn: '2026-04-16' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(addDistribution(world.as(world.actors.village), item.id, { village: 'C1-V1', quantity: 1, distributedOn: '2026-04-16' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		// The full remainder still fits; nothing refused was stored.
		view = await addDistribution(officer, item.id, { village: 'C1-V2', quantity: 150, distributedOn: '2026-04-16' });
		expect(view.printing).toMatchObject({ printed: 500, handedOut: 500 });
		expect(view.printing!.distributions).toHaveLength(4);

		// Each distribution is a done leaflet activity of its village, carrying the copies and the item.
		const ids = view.printing!.distributions.map((d) => d.activityId);
		expect(ids.every((id) => typeof id === 'string')).toBe(true);
		const rows = await database.db.select().from(activities).where(inArray(activities.id, ids as string[]));
		expect(rows).toHaveLength(4);
		const first = rows.find((r) => r.id === view.printing!.distributions[0].activityId)!;
		expect(first).toMatchObject({ channelCode: 'leaflet', status: 'done', date: '2026-04-12', contentId: item.id, source: 'content', unitId: world.units.v11.id });
		expect(first.materials).toEqual([{ label: 'Tờ rơi học nghề', printed: null, handedOut: 180, contentId: item.id }]);
		// A province officer reads the leaflet but does not record the commune's activities: refused, nothing stored.
		const province = world.as(world.actors.province, () => new Date('2026-04-20T03:00:00Z'));
		await addPrintRun(province, item.id, { printedOn: '2026-04-18', quantity: 10 });
		await expect(addDistribution(province, item.id, { village: 'C1-V1', quantity: 5, distributedOn: '2026-04-18' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await getContent(officer, item.id)).printing).toMatchObject({ printed: 510, handedOut: 500 });

		// Editing the text after printing sends it back to draft; what was printed stays recorded.
		const edited = await updateContent(officer, item.id, { title: 'Tờ rơi học nghề (bản sửa)' });
		expect(edited).toMatchObject({ status: 'draft', printing: { printed: 510, handedOut: 500 } });
	});
});
