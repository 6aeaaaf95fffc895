import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Actor } from '../access/actor';
import { actorForUser } from '../auth/grants';
import { AppError } from '../errors';
import { log } from '../log';
import { getUserByUsername } from '../modules/users/users.service';
import { units } from '../modules/units/units.tables';
import { contentItems } from '../modules/content/content.tables';
import { speechEngine, type SpeechEngine } from '../speech/speech';
import { addSlot, createStation } from '../modules/loudspeakers/loudspeakers.service';
import { localNow, placeBulletin } from '../modules/loudspeakers/loudspeakers.schedule';
import { confirmPlay } from '../modules/loudspeakers/loudspeakers.plays';
import { makeSpeech } from '../modules/loudspeakers/loudspeakers.speech';
import { addDays } from '../modules/loudspeakers/loudspeakers.planner';
import { selectStation } from '../modules/loudspeakers/loudspeakers.repository';
import { broadcasts } from '../modules/loudspeakers/loudspeakers.tables';
import type { SlotInput, StationKind } from '../modules/loudspeakers/loudspeakers.schemas';

interface DemoStation {
	unitCode: string;
	name: string;
	kind: StationKind;
	slots: SlotInput[];
}

const everyDay = [1, 2, 3, 4, 5, 6, 7];
const centralSlots: SlotInput[] = [
	{ startTime: '06:00', minutes: 20, weekdays: everyDay, label: 'Bản tin sáng' },
	{ startTime: '17:30', minutes: 20, weekdays: [1, 2, 3, 4, 5, 6], label: 'Bản tin chiều' }
];
const villageSlots: SlotInput[] = [
	{ startTime: '06:30', minutes: 10, weekdays: everyDay, label: 'Sáng' },
	{ startTime: '18:00', minutes: 10, weekdays: everyDay, label: 'Tối' }
];

/** The commune's wired central station and loudspeakers in some villages (FM, and IP/4G that fetch their schedule). */
const demoStations: Record<string, DemoStation[]> = {
	'16108': [
		{ unitCode: '16108', name: 'Đài truyền thanh xã Hà Bình', kind: 'wired', slots: centralSlots },
		{ unitCode: '16108-01', name: 'Cụm loa IP thôn Đông Sơn', kind: 'ip', slots: villageSlots },
		{ unitCode: '16108-03', name: 'Loa FM thôn Bình Lâm', kind: 'fm', slots: villageSlots },
		{ unitCode: '16108-05', name: 'Loa FM thôn Trung Hòa', kind: 'fm', slots: [villageSlots[0]] }
	],
	'24997': [
		{ unitCode: '24997', name: 'Đài truyền thanh xã Đa Quyn', kind: 'wired', slots: centralSlots },
		{ unitCode: '24997-01', name: 'Loa IP thôn Ta Ly', kind: 'ip', slots: villageSlots },
		{ unitCode: '24997-04', name: 'Loa FM thôn Kon Pang', kind: 'fm', slots: villageSlots }
	]
};

const officers: Record<string, string> = { '16108': 'canbo.habinh', '24997': 'canbo.daquyn' };

async function actorOf(db: Db, username: string): Promise<Actor> {
	return actorForUser(db, await getUserByUsername(db, username), 'session');
}

/** Approved and published bulletins of a commune (the content seed writes them), oldest first. */
async function bulletinsOf(db: Db, communeCode: string) {
	return db
		.select({ id: contentItems.id, title: contentItems.title, priority: contentItems.priority, status: contentItems.status })
		.from(contentItems)
		.innerJoin(units, eq(units.id, contentItems.unitId))
		.where(
			and(
				eq(contentItems.kind, 'bulletin'),
				inArray(contentItems.status, ['in_review', 'approved', 'published']),
				sql`${units.path} LIKE (SELECT path FROM units WHERE code = ${communeCode}) || '%'`
			)
		)
		.orderBy(asc(contentItems.createdAt));
}

/**
 * Loudspeakers of Hà Bình and Đa Quyn (after units, accounts and content): stations with morning
 * and evening slots; the communes' approved bulletins on every station from three days ago to
 * three days ahead, Hà Bình's storm warning in the next slot today; the plays of the past days
 * confirmed — by the village head's button in Đông Sơn, by the controller in Ta Ly, by the
 * commune officer elsewhere — so broadcast activities exist. Speech is made when the engine is
 * installed; without it the bulletins simply have no audio yet.
 */
export async function seedLoudspeakers(db: Db, opts: { engine?: SpeechEngine; now?: Date } = {}): Promise<void> {
	const now = opts.now ?? new Date();
	const today = localNow(now).date;
	const start = addDays(today, -3);
	const startOfRange = new Date(`${start}T00:00:00+07:00`);
	const head = await actorOf(db, 'truongthon.habinh');
	let engine: SpeechEngine | null = opts.engine ?? null;
	try {
		engine ??= speechEngine();
	} catch {
		engine = null;
	}

	for (const [commune, stations] of Object.entries(demoStations)) {
		const officer = await actorOf(db, officers[commune]);
		const ctx = { db, actor: officer };
		const made = [];
		for (const s of stations) {
			const station = await createStation(ctx, { unitCode: s.unitCode, name: s.name, kind: s.kind });
			for (const slot of s.slots) await addSlot(ctx, station.id, slot);
			made.push(station);
		}

		const bulletins = await bulletinsOf(db, commune);
		if (!bulletins.length) log.warn({ commune }, 'demo loudspeakers: the commune has no bulletins to schedule');
		for (const b of bulletins) {
			if (!engine) break;
			try {
				await makeSpeech(ctx, b.id, engine);
			} catch (err) {
				if (!(err instanceof AppError) || err.code !== 'UNAVAILABLE') throw err;
				log.warn({ reason: err.messageKey }, 'demo loudspeakers: no speech engine, bulletins left without audio');
				engine = null;
			}
		}

		const onAir = bulletins.filter((b) => b.status !== 'in_review');
		// Hà Bình's storm warning comes in today and skips the queue; everything else (Đa Quyn's
		// landslide warning too) has been on the air since three days ago, as scheduled then.
		const comesToday = (b: { priority: string }) => commune === '16108' && b.priority === 'emergency';
		for (const b of onAir.filter((x) => !comesToday(x)))
			await placeBulletin(ctx, { contentId: b.id, unitCode: commune, from: start, to: addDays(today, 3) }, startOfRange);
		for (const b of onAir.filter(comesToday)) await placeBulletin(ctx, { contentId: b.id, unitCode: commune, from: today, to: addDays(today, 1) }, now);

		// The past days' plays, confirmed the evening they went out.
		const past = await db
			.select()
			.from(broadcasts)
			.where(and(inArray(broadcasts.stationId, made.map((s) => s.id)), sql`${broadcasts.date} < ${today}`, eq(broadcasts.status, 'scheduled')))
			.orderBy(asc(broadcasts.date), asc(broadcasts.position));
		// Bình Lâm's first play of the range was never confirmed: it shows as missed.
		const binhLam = made.find((s) => s.unitCode === '16108-03');
		const unconfirmed = past.find((r) => r.stationId === binhLam?.id)?.id;
		for (const [i, row] of past.entries()) {
			if (row.id === unconfirmed) continue;
			const station = (await selectStation(db, row.stationId))!;
			const playedAt = new Date(`${row.date}T19:${String(10 + (i % 40)).padStart(2, '0')}:00+07:00`);
			const who =
				station.unitCode === '16108-01'
					? ({ kind: 'user', actor: head } as const)
					: station.station.kind === 'ip'
						? ({ kind: 'controller', station } as const)
						: ({ kind: 'user', actor: officer } as const);
			await confirmPlay(db, who, row.id, playedAt, now);
		}
	}
}
