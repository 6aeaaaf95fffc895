import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { buildFeedbackWorld, idOf, submit } from './feedback.testing';
import { getFeedback } from './feedback.service';
import { FeedbackSubmitInput } from './feedback.schemas';

const SCRIPT = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const SQL = "x'); DELETE FROM feedback_items; --";

describe('feedback input', () => {
	const base = { unit: 'C1', title: 'Tiêu đề', body: 'Nội dung' };
	test.each([
		['a number for the title', { ...base, title: 5 }],
		['an empty title', { ...base, title: ' ' }],
		['a title over 200 characters', { ...base, title: 'x'.repeat(201) }],
		['a body over 5,000 characters', { ...base, body: 'x'.repeat(5001) }],
		['a NUL character', { ...base, body: 'a\u0000b' }],
		['a unit code with SQL', { ...base, unit: SQL }],
		['a flag as a string', { ...base, anonymous: 'true' }],
		['a phone that is not one', { ...base, phone: SQL }],
		['consent without a phone', { ...base, consent: true }],
		['an unknown field', { ...base, status: 'closed' }]
	])('refuses %s', (_name, input) => {
		const r = FeedbackSubmitInput.safeParse(input);
		expect(r.success).toBe(false);
		expect((r as { error: z.ZodError }).error.issues.length).toBeGreaterThan(0);
	});
});

describe.each(testDrivers)('feedback text is stored as sent (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildFeedbackWorld>>;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildFeedbackWorld(database.db);
	});
	afterAll(async () => database?.close());

	test('script and SQL-like strings are plain text, kept byte for byte; an unknown unit stores nothing', async () => {
		const db = database.db;
		const { trackingCode } = await submit(db, { title: SQL, body: `${SCRIPT}\n${SQL}`, name: SCRIPT });
		const item = await getFeedback({ db, actor: w.officer1 }, await idOf(db, trackingCode));
		expect(item).toMatchObject({ title: SQL, body: `${SCRIPT}\n${SQL}`, senderName: SCRIPT });
		await expect(submit(db, { unit: 'KHONG-CO' })).rejects.toMatchObject({ code: 'VALIDATION' });
		const { rows } = await database.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback_items');
		expect(rows[0].n).toBe(1);
	});
});
