import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { toErrorBody } from '../../api/errors';
import { eventRegistrations } from './events.tables';
import { cancelEvent, createEvent, getEvent, setEventPublication } from './events.service';
import { findPublicEvents, getPublicEvent, registerForEvent } from './events.public';
import { RegistrationInput } from './events.schemas';
import { buildEventWorld, dayFromToday, eventInput } from './events.testing';

const SCRIPT = `<script>alert(1)</script><img src=x onerror=alert(2)>`;
const SQL = `Nguyễn'); DROP TABLE event_registrations;-- ' OR '1'='1`;

describe.each(testDrivers)('events on the portal: listing, registration, bad input (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildEventWorld>>;
	const ctx = (actor: Actor) => ({ db: database.db, actor });
	const register = (id: string, fields: unknown, portalCode?: string) => registerForEvent(database.db, id, RegistrationInput.parse(fields), { portalCode });
	const stored = async (id: string) => database.db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, id));

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildEventWorld(database.db);
	});
	afterAll(() => database.close());

	it('lists upcoming published events of the unit, under it, and those inviting a village; never another commune’s', async () => {
		const shown = await createEvent(ctx(w.officer1), eventInput('C1', { title: 'Đối thoại công khai xã Một' }));
		await createEvent(ctx(w.officer1), eventInput('C1', { title: 'Đối thoại chưa công khai', published: false }));
		await createEvent(ctx(w.officer1), eventInput('C1', { title: 'Đối thoại đã qua', date: dayFromToday(-3) }));
		await createEvent(ctx(w.officer2), eventInput('C2', { title: 'Đối thoại xã Hai' }));
		const names = async (code: string) => (await findPublicEvents(database.db, code)).map((e) => e.title).sort();
		expect(await names('C1')).toEqual(['Đối thoại công khai xã Một']);
		expect(await names('P1')).toEqual(['Đối thoại công khai xã Một']);
		expect(await names('C1-V1')).toEqual(['Đối thoại công khai xã Một']);
		expect(await names('C1-V2')).toEqual([]);
		expect(await names('C2')).toEqual(['Đối thoại xã Hai']);
		await expect(findPublicEvents(database.db, 'KHONG-CO')).rejects.toMatchObject({ code: 'NOT_FOUND' });

		const page = await getPublicEvent(database.db, shown.id, 'vi', { portalCode: 'C1' });
		expect(page.event).toMatchObject({ title: 'Đối thoại công khai xã Một', acceptsRegistrations: true, placesLeft: 50, invitedGroups: [{ code: 'poor', name: 'Hộ nghèo' }, { code: 'near_poor' }] });
		expect(page.villages.map((v) => v.code)).toEqual(['C1-V1']);
		await expect(getPublicEvent(database.db, shown.id, 'vi', { portalCode: 'C2' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getPublicEvent(database.db, 'x', 'vi', { portalCode: 'C1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('takes a registration and shows nobody’s name publicly; refuses when closed, full, past, cancelled, unpublished, or a phone twice', async () => {
		const e = await createEvent(ctx(w.officer1), eventInput('C1', { title: 'Đối thoại ba chỗ', capacity: 3 }));
		const ok = await register(e.id, { name: 'Lường Thị Mai', phone: '0912 345 678', village: 'C1-V1', group: 'poor' }, 'C1');
		expect(ok).toMatchObject({ placesLeft: 2, reference: expect.stringMatching(/^[0-9A-F]{8}$/) });
		const page = await getPublicEvent(database.db, e.id, 'vi');
		expect(JSON.stringify(page)).not.toContain('Lường Thị Mai');
		expect(JSON.stringify(page)).not.toContain('0912345678');
		expect(page.event.placesLeft).toBe(2);
		const officerView = await getEvent(ctx(w.officer1), e.id);
		expect(officerView.registrationList).toEqual([expect.objectContaining({ name: 'Lường Thị Mai', phone: '0912345678', village: 'Thôn Một', group: 'poor' })]);

		await expect(register(e.id, { name: 'Người khác', phone: '0912345678' })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'events.alreadyRegistered' });
		await expect(register(e.id, { name: 'Ngoài xã', village: 'C2-V1' })).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'events.villageUnknown' });
		await expect(register(e.id, { name: 'Nhóm lạ', group: 'khong_co' })).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'events.groupUnknown' });
		await expect(register(e.id, { name: 'Sai cổng' }, 'C2')).rejects.toMatchObject({ code: 'NOT_FOUND' });

		// Ten people at once for the two places left: exactly two are taken, the rest told it is full.
		const flood = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => register(e.id, { name: `Người thứ ${i}` })));
		expect(flood.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
		for (const r of flood.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) expect(r.reason).toMatchObject({ code: 'CONFLICT', messageKey: 'events.registrationFull' });
		expect(await stored(e.id)).toHaveLength(3);

		const closed = await createEvent(ctx(w.officer1), eventInput('C1', { registrationOpen: false }));
		await expect(register(closed.id, { name: 'A' })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'events.registrationClosed' });
		const hidden = await createEvent(ctx(w.officer1), eventInput('C1', { published: false }));
		await expect(register(hidden.id, { name: 'A' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const past = await createEvent(ctx(w.officer1), eventInput('C1', { date: dayFromToday(-1) }));
		await expect(register(past.id, { name: 'A' })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'events.registrationPast' });
		const dropped = await createEvent(ctx(w.officer1), eventInput('C1'));
		await setEventPublication(ctx(w.officer1), dropped.id, { published: true, registrationOpen: true });
		await cancelEvent(ctx(w.officer1), dropped.id);
		await expect(register(dropped.id, { name: 'A' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		for (const id of [closed.id, hidden.id, past.id, dropped.id]) expect(await stored(id)).toHaveLength(0);
	});

	it('script and SQL-like text are kept as plain text; oversized, wrong types, control characters and unknown fields are refused with a message', async () => {
		const e = await createEvent(ctx(w.officer1), eventInput('C1', { capacity: null }));
		await register(e.id, { name: SCRIPT.slice(0, 100), note: SQL });
		await register(e.id, { name: SQL.slice(0, 100) });
		const rows = await stored(e.id);
		expect(rows.map((r) => r.name).sort()).toEqual([SCRIPT.slice(0, 100), SQL.slice(0, 100)].sort());
		expect(rows.find((r) => r.note)?.note).toBe(SQL);

		const bad: unknown[] = [
			{ name: 'x'.repeat(101) },
			{ name: '' },
			{ name: 42 },
			{ name: ['a'] },
			{ name: 'A', phone: 'gọi tôi' },
			{ name: 'A', phone: '1'.repeat(41) },
			{ name: 'A\u0000B' },
			{ name: 'A', village: "C1-V1' OR 1=1" },
			{ name: 'A', group: '<b>' },
			{ name: 'A', note: 'x'.repeat(501) },
			{ name: 'A', admin: true },
			null,
			'name=A',
			[]
		];
		for (const body of bad) {
			const parsed = RegistrationInput.safeParse(body);
			expect(parsed.success, JSON.stringify(body)?.slice(0, 60)).toBe(false);
			const { status, body: answer } = toErrorBody((parsed as { error: z.ZodError }).error, 'vi');
			expect(status).toBe(400);
			expect(answer.error.message).toBeTruthy();
		}
		expect(await stored(e.id)).toHaveLength(2);
	});
});
