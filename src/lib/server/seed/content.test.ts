import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/db';
import { systemActor } from '../access/actor';
import type { Database } from '../db/client';
import { verifyAuditChain } from '../audit/audit.service';
import { createUnit } from '../modules/units/units.service';
import { createUser } from '../modules/users/users.service';
import { findContents, getContent } from '../modules/content/content.service';
import { getContentPdf } from '../modules/content/content.leaflet';
import { DEMO_PASSWORD, demoAccounts, demoUnits } from './demo';
import { seedContent } from './content';
import { simplePdf } from '../modules/content/content.simple-pdf';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('demo content', () => {
	let database: Database;
	const ctx = () => ({ db: database.db, actor: systemActor });
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		for (const u of demoUnits) await createUnit(ctx(), u);
		for (const a of demoAccounts)
			await createUser(ctx(), { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, locale: 'vi', roles: [{ role: a.role, unitCode: a.unitCode }] });
		await seedContent(database.db);
	}, 120_000);
	afterAll(() => database.close());

	it('gives both communes items in every status, bulletins of every priority, and a leaflet with its PDF, print runs and two villages', async () => {
		for (const unit of ['16108', '24997']) {
			const { items } = await findContents(ctx(), { unit, limit: 200 });
			expect(new Set(items.map((i) => i.status)), unit).toEqual(new Set(['draft', 'in_review', 'approved', 'published']));
			expect(new Set(items.map((i) => i.kind)), unit).toEqual(new Set(['article', 'bulletin', 'social_post', 'leaflet']));
			expect(items.some((i) => i.kind === 'bulletin' && i.priority === 'emergency'), unit).toBe(true);
			const leaflet = await getContent(ctx(), items.find((i) => i.kind === 'leaflet')!.id);
			expect(leaflet.pdf, unit).not.toBeNull();
			expect((await getContentPdf(ctx(), leaflet.id)).bytes.subarray(0, 5)).toEqual(new Uint8Array(Buffer.from('%PDF-')));
			expect(leaflet.printing!.byVillage.length, unit).toBe(2);
			expect(leaflet.printing!.handedOut).toBeLessThanOrEqual(leaflet.printing!.printed);
		}
		const returned = (await findContents(ctx(), { unit: '16108', status: 'draft', limit: 200 })).items;
		const withComment = await Promise.all(returned.map((i) => getContent(ctx(), i.id)));
		expect(withComment.some((i) => i.reviewComment)).toBe(true);
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
	});
});

describe('the demo leaflet PDF built in code', () => {
	it('is a valid one-page A4 PDF whose Vietnamese text reads back', () => {
		const pdf = simplePdf([
			{ text: 'UBND XÃ HÀ BÌNH', size: 11 },
			{ text: 'Hộ nghèo được hỗ trợ đóng bảo hiểm y tế', size: 20 },
			{ text: 'Mang thẻ và căn cước công dân khi đi khám. '.repeat(8), size: 12 }
		]);
		const file = path.join(os.tmpdir(), `lantoa-simple-${process.pid}.pdf`);
		fs.writeFileSync(file, pdf);
		try {
			expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1[\s\S]*Page size:\s+595 x 842 pts/);
			const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).normalize('NFC');
			expect(text).toContain('UBND XÃ HÀ BÌNH');
			expect(text).toContain('Hộ nghèo được hỗ trợ đóng bảo hiểm y tế');
			// The long line was wrapped, not run off the page.
			expect(text.split('\n').filter((l) => l.includes('căn cước')).length).toBeGreaterThan(2);
		} finally {
			fs.rmSync(file, { force: true });
		}
	});
});
