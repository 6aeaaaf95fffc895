import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../testing/db';
import type { Database } from '../db/client';
import { buildUnit } from '../testing/factories';
import { fileBlobs } from './files.tables';
import { imageKinds, readStoredFile, sniffFile, storeFile } from './store';

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3]);
const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj << >> endobj\n');

describe('sniffFile', () => {
	it('recognises content, not names', () => {
		expect(sniffFile(png)).toBe('png');
		expect(sniffFile(pdf)).toBe('pdf');
		expect(sniffFile(new TextEncoder().encode('<html><body>hello</body></html>'))).toBeNull();
		expect(sniffFile(new Uint8Array(3))).toBeNull();
	});
});

describe.each(testDrivers)('storeFile on %s', (driver) => {
	let t: Database;
	let unitId: string;
	beforeAll(async () => {
		t = await createTestDatabase(driver);
		unitId = (await buildUnit(t.db, { level: 'province', parentCode: null })).id;
	});
	afterAll(() => t?.close());

	it('stores bytes once per content and reads them back', async () => {
		const a = await storeFile(t.db, { bytes: png, originalName: 'C:\\ảnh\\họp thôn.png', unitId, createdBy: null, accept: imageKinds });
		const b = await storeFile(t.db, { bytes: png, originalName: 'again.png', unitId, createdBy: null, accept: imageKinds });
		expect(a.id).not.toBe(b.id);
		expect(a.originalName).toBe('họp thôn.png');
		expect(a.mime).toBe('image/png');
		const blobs = await t.db.select().from(fileBlobs).where(eq(fileBlobs.sha256, a.sha256));
		expect(blobs).toHaveLength(1);
		const back = await readStoredFile(t.db, a.id);
		expect(Buffer.from(back!.bytes).equals(Buffer.from(png))).toBe(true);
	});

	it('refuses a PDF where only images are accepted, and an empty file', async () => {
		await expect(storeFile(t.db, { bytes: pdf, originalName: 'x.png', unitId, createdBy: null, accept: imageKinds })).rejects.toMatchObject({
			code: 'UNSUPPORTED_MEDIA_TYPE'
		});
		await expect(storeFile(t.db, { bytes: new Uint8Array(), originalName: 'x.png', unitId, createdBy: null, accept: imageKinds })).rejects.toMatchObject({
			code: 'VALIDATION'
		});
	});

	it('a repeated id with the same bytes returns the stored file; other bytes conflict', async () => {
		const id = '5b0f7f3e-8d3c-4c55-9a55-0d7c2a0e9f11';
		const first = await storeFile(t.db, { id, bytes: png, originalName: 'a.png', unitId, createdBy: null, accept: imageKinds });
		const again = await storeFile(t.db, { id, bytes: png, originalName: 'a.png', unitId, createdBy: null, accept: imageKinds });
		expect(again.id).toBe(first.id);
		const other = Uint8Array.from([...png, 9]);
		await expect(storeFile(t.db, { id, bytes: other, originalName: 'a.png', unitId, createdBy: null, accept: imageKinds })).rejects.toMatchObject({
			code: 'CONFLICT'
		});
	});
});
