import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { log } from '../../log';
import { t } from '../../../i18n';
import { today } from '../../periods';
import { units } from '../units/units.tables';
import { events } from '../events/events.tables';
import { contentItems } from '../content/content.tables';
import { findPortalUnit, getSchedule } from '../portal/portal.service';
import { subscriptions } from './subscriptions.tables';
import { outreachEndpoints } from './outreach.config';
import { fanOutToSubscribers } from './subscriptions.service';

/**
 * What subscribers hear about besides news: a dialogue or meeting announced on the portal (topic
 * dialogues), and each Monday the week's loudspeaker schedule (topic schedule).
 */

/** A stable uuid for a cause that has no row of its own (a unit's schedule of a week). */
export function causeUuid(...parts: string[]): string {
	const h = createHash('sha256').update(parts.join(':')).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** 2026-03-13 → 13/03/2026, as both languages write dates here. */
const dayOf = (date: string) => date.split('-').reverse().join('/');

/** The unit whose portal shows a unit's items, and whose subscribers hear of them: itself, or the commune or province above. */
async function portalUnitOf(tx: Db, unitPath: string) {
	const [unit] = await tx
		.select({ id: units.id, name: units.name, code: units.code })
		.from(units)
		.where(and(sql`${unitPath} LIKE ${units.path} || '%'`, sql`${units.level} IN ('commune', 'province')`))
		.orderBy(sql`length(${units.path}) DESC`)
		.limit(1);
	return unit ?? null;
}

/**
 * Tells the news subscribers of the portal that shows it that an article is published, inside the
 * transaction that publishes it (however it is published: the item's Publish button or publishing
 * to several platforms at once). An article published again later queues nothing new.
 */
export async function announceArticle(tx: Db, contentId: string, createdBy: string | null = null): Promise<number> {
	const [row] = await tx
		.select({ item: contentItems, unitPath: units.path, unitName: units.name, level: units.level })
		.from(contentItems)
		.innerJoin(units, eq(units.id, contentItems.unitId))
		.where(eq(contentItems.id, contentId));
	if (!row || row.item.kind !== 'article' || row.item.status !== 'published') return 0;
	const portalUnit = await portalUnitOf(tx, row.unitPath);
	if (!portalUnit) return 0;
	const unit = row.level === 'village' ? `${portalUnit.name} (${row.unitName})` : portalUnit.name;
	return fanOutToSubscribers(tx, {
		unitId: portalUnit.id,
		topic: 'news',
		causeType: 'content',
		causeId: row.item.id,
		text: { vi: t('vi', 'publishing.msg.news', { unit, title: row.item.title }), en: t('en', 'publishing.msg.news', { unit, title: row.item.title }) },
		subject: { vi: row.item.title, en: row.item.title },
		link: `${outreachEndpoints().publicOrigin}/portal/${portalUnit.code}/news/${row.item.id}`,
		templateKind: 'news',
		createdBy
	});
}

/**
 * Tells the dialogue subscribers of the event's commune (or of the event's own unit when it is a
 * commune or province) that it is on, inside the transaction that publishes it. A second
 * publication of the same event queues nothing new.
 */
export async function announceEvent(tx: Db, eventId: string, createdBy: string | null = null): Promise<number> {
	const [row] = await tx
		.select({ event: events, unitPath: units.path, unitName: units.name, level: units.level })
		.from(events)
		.innerJoin(units, eq(units.id, events.unitId))
		.where(eq(events.id, eventId));
	if (!row) return 0;
	// The subscribers' unit: the event's own if it has a portal, else the commune above it.
	const portalUnit = await portalUnitOf(tx, row.unitPath);
	if (!portalUnit) return 0;
	const e = row.event;
	const link = `${outreachEndpoints().publicOrigin}/portal/${portalUnit.code}/events/${e.id}`;
	const text = (locale: 'vi' | 'en') =>
		t(locale, 'publishing.msg.dialogue', {
			unit: row.level === 'village' ? `${portalUnit.name} (${row.unitName})` : portalUnit.name,
			title: e.title,
			date: dayOf(e.date) + (e.startTime ? ` ${e.startTime}` : ''),
			place: e.place ? `, ${e.place}` : ''
		});
	return fanOutToSubscribers(tx, {
		unitId: portalUnit.id,
		topic: 'dialogues',
		causeType: 'event',
		causeId: e.id,
		text: { vi: text('vi'), en: text('en') },
		subject: { vi: e.title, en: e.title },
		link,
		templateKind: 'dialogues',
		createdBy
	});
}

/**
 * Monday morning: each unit with schedule subscribers gets the week's loudspeaker broadcasts
 * summarised (how many, the first few titles) with the link to the schedule page. Once per unit
 * and week (the key names the week), so a job run twice sends nothing twice.
 */
export async function announceWeeklySchedules(db: Db, now = new Date()): Promise<{ units: number; queued: number }> {
	const unitRows = await db
		.selectDistinct({ id: subscriptions.unitId, code: units.code })
		.from(subscriptions)
		.innerJoin(units, eq(units.id, subscriptions.unitId))
		.where(and(eq(subscriptions.topic, 'schedule'), eq(subscriptions.status, 'active')));
	let queued = 0;
	let told = 0;
	const week = today(now);
	for (const u of unitRows) {
		try {
			const portal = await findPortalUnit(db, u.code);
			if (!portal || !portal.active) continue;
			const schedule = await getSchedule(db, portal, now, 7);
			const count = schedule.places.reduce((n, p) => n + p.rows.length, 0);
			if (!count) continue;
			const titles = [...new Set(schedule.places.flatMap((p) => p.rows.map((r) => r.title)))].slice(0, 3);
			const link = `${outreachEndpoints().publicOrigin}/portal/${portal.code}/schedule`;
			const text = (locale: 'vi' | 'en') => t(locale, 'publishing.msg.schedule', { unit: portal.name, count, items: titles.join('; ') });
			const n = await db.transaction((tx) =>
				fanOutToSubscribers(tx, {
					unitId: portal.id,
					topic: 'schedule',
					causeType: 'schedule_week',
					causeId: causeUuid('schedule', portal.id, week),
					text: { vi: text('vi'), en: text('en') },
					subject: { vi: t('vi', 'publishing.topic.schedule') + ` — ${portal.name}`, en: t('en', 'publishing.topic.schedule') + ` — ${portal.name}` },
					link,
					templateKind: 'schedule'
				})
			);
			queued += n;
			if (n) told++;
		} catch (err) {
			log.warn({ unit: u.code, err: (err as Error).message }, 'weekly schedule not announced');
		}
	}
	return { units: told, queued };
}
