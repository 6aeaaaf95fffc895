import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AlignmentType, Document, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { can, canSomewhere, escapeLike } from '../../access/actor';
import { forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { writeTable } from '../../files/tabular-writer';
import { t, type Locale, type MessageKey } from '../../../i18n';
import { units } from '../units/units.tables';
import { logAccesses, type AccessPurpose } from '../households/households.context';
import { activities, activityHouseholds } from './activities.tables';
import { canEditActivity, canReadActivity } from './activities.policy';
import { rowsOf } from './activities.reach';
import { assertPeriodsOpen } from '../reports/reports.locks';

/**
 * The attendance list of an activity: the households of its village(s) from the register, poor
 * first, then near-poor, newly out of poverty, then the others, to print (HTML, DOCX, XLSX) and
 * tick on paper, then tick on screen. Ticked households are recorded with how = 'attendance'; a
 * household unticked on the list is no longer recorded as reached by the activity. Every list
 * shown or downloaded writes one access entry per household (names are personal data).
 */

export interface AttendanceCtx {
	db: Db;
	actor: Actor;
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** The order households are listed in. */
export const attendanceCategoryOrder = ['poor', 'near_poor', 'escaped', 'none'] as const;

export interface AttendanceEntry {
	id: string;
	headName: string;
	birthYear: number | null;
	address: string | null;
	villageCode: string;
	villageName: string;
	/** The household's category in the activity's year; null when it has none that year. */
	category: string | null;
	ticked: boolean;
}

export interface AttendanceList {
	activity: {
		id: string;
		title: string;
		date: string;
		place: string | null;
		channel: string;
		status: string;
		unitCode: string;
		unitName: string;
		organiser: string | null;
	};
	year: number;
	villages: { code: string; name: string }[];
	entries: AttendanceEntry[];
	/** Whether the actor may tick households on it (changing the activity's reach). */
	canTick: boolean;
}

interface ActivityPlace {
	id: string;
	title: string;
	date: string;
	place: string | null;
	channelCode: string;
	status: string;
	organiser: string | null;
	unitId: string;
	unitCode: string;
	unitName: string;
	unitPath: string;
	coveredUnitIds: string[];
}

async function loadActivityPlace(db: Db, id: string, forUpdate = false): Promise<ActivityPlace> {
	if (!isUuid(id)) throw notFound('activities.notFound');
	const q = db
		.select({
			id: activities.id,
			title: activities.title,
			date: activities.date,
			place: activities.place,
			channelCode: activities.channelCode,
			status: activities.status,
			organiser: activities.organiser,
			unitId: activities.unitId,
			unitCode: units.code,
			unitName: units.name,
			unitPath: units.path,
			coveredUnitIds: activities.coveredUnitIds
		})
		.from(activities)
		.innerJoin(units, eq(units.id, activities.unitId))
		.where(eq(activities.id, id));
	const [row] = forUpdate ? await q.for('update', { of: activities }) : await q;
	if (!row) throw notFound('activities.notFound');
	return row;
}

/**
 * The units whose households the list holds: a village activity's village (and any further
 * villages it covered); a commune or province activity's covered villages when it names them,
 * else everything under its unit.
 */
async function listUnitPaths(db: Db, a: ActivityPlace): Promise<string[]> {
	const covered = a.coveredUnitIds.length
		? await db.select({ path: units.path }).from(units).where(inArray(units.id, a.coveredUnitIds))
		: [];
	const [own] = await db.select({ level: units.level }).from(units).where(eq(units.id, a.unitId));
	const paths = (own?.level !== 'village' && covered.length ? covered.map((c) => c.path) : [a.unitPath, ...covered.map((c) => c.path)]).sort();
	// A unit under another one on the list adds nothing.
	return [...new Set(paths)].filter((p, _i, all) => !all.some((q) => p !== q && p.startsWith(q)));
}

interface RegisterRow {
	id: string;
	head_name: string;
	birth_year: number | null;
	address: string | null;
	village_code: string;
	village_name: string;
	village_path: string;
	unit_id: string;
	category: string | null;
	ticked: boolean;
}

/** Households of the list's units that the actor may read, in the list's order. */
async function selectRegister(db: Db, actor: Actor, a: ActivityPlace, paths: string[], year: number): Promise<RegisterRow[]> {
	if (!paths.length) return [];
	const under = sql.join(
		paths.map((p) => sql`u.path LIKE ${escapeLike(p) + '%'}`),
		sql` OR `
	);
	const rows = await rowsOf<RegisterRow>(
		db,
		sql`SELECT h.id, h.head_name, h.birth_year, h.address, u.code AS village_code, u.name AS village_name, u.path AS village_path, h.unit_id,
			c.category, EXISTS (SELECT 1 FROM activity_households ah WHERE ah.activity_id = ${a.id} AND ah.household_id = h.id) AS ticked
		FROM households h JOIN units u ON u.id = h.unit_id
		LEFT JOIN household_classifications c ON c.household_id = h.id AND c.year = ${year}
		WHERE h.merged_into_id IS NULL AND (${under})
		ORDER BY CASE c.category WHEN 'poor' THEN 0 WHEN 'near_poor' THEN 1 WHEN 'escaped' THEN 2 ELSE 3 END, u.code, h.head_name_norm, h.birth_year NULLS LAST, h.id`
	);
	return rows.filter((r) => can(actor, 'households.read', r.village_path));
}

/** Refuses those who may not read the activity, or may read no names anywhere (counts-only roles). */
function assertMayList(actor: Actor, a: ActivityPlace) {
	if (!canReadActivity(actor, { unitPath: a.unitPath })) throw forbidden();
	if (!canSomewhere(actor, 'households.read')) throw forbidden('households.countsOnly');
}

/**
 * The attendance list as the actor may see it (households of villages they may read), each
 * household shown written to the access log with `access`.
 */
export async function getAttendanceList(ctx: AttendanceCtx, activityId: string, access: AccessPurpose): Promise<AttendanceList> {
	return ctx.db.transaction(async (tx) => {
		const a = await loadActivityPlace(tx, activityId);
		assertMayList(ctx.actor, a);
		const year = Number(a.date.slice(0, 4));
		const paths = await listUnitPaths(tx, a);
		const rows = await selectRegister(tx, ctx.actor, a, paths, year);
		await logAccesses(tx, ctx.actor, rows.map((r) => ({ id: r.id, unitId: r.unit_id })), access);
		const villages = new Map<string, string>();
		for (const r of rows) villages.set(r.village_code, r.village_name);
		return {
			activity: {
				id: a.id,
				title: a.title,
				date: a.date,
				place: a.place,
				channel: a.channelCode,
				status: a.status,
				unitCode: a.unitCode,
				unitName: a.unitName,
				organiser: a.organiser
			},
			year,
			villages: [...villages].map(([code, name]) => ({ code, name })).sort((x, y) => x.code.localeCompare(y.code)),
			entries: rows.map((r) => ({
				id: r.id,
				headName: r.head_name,
				birthYear: r.birth_year == null ? null : Number(r.birth_year),
				address: r.address,
				villageCode: r.village_code,
				villageName: r.village_name,
				category: r.category,
				ticked: r.ticked === true || (r.ticked as unknown) === 't'
			})),
			canTick: canEditActivity(ctx.actor, { unitPath: a.unitPath, status: a.status })
		};
	});
}

/** What the ticking form sends: the households it showed, and those ticked among them. */
export const AttendanceInput = z
	.object({
		shown: z.array(z.uuid()).max(20_000),
		ticked: z.array(z.uuid()).max(20_000)
	})
	.refine((v) => v.ticked.every((id) => v.shown.includes(id)), { message: 'ticked households must be among those shown', path: ['ticked'] });
export type AttendanceInput = z.infer<typeof AttendanceInput>;

/**
 * Records the ticks of an attendance list: ticked households become reached by the activity
 * (how = 'attendance'), shown but unticked ones are removed. Idempotent: the same ticks again
 * change nothing and write no audit entry. Every household must be on the activity's list and
 * readable by the actor; the activity must be one the actor may change.
 */
export async function recordAttendance(ctx: AttendanceCtx, activityId: string, input: AttendanceInput) {
	const parsed = AttendanceInput.parse(input);
	return ctx.db.transaction(async (tx) => {
		const a = await loadActivityPlace(tx, activityId, true);
		if (!canReadActivity(ctx.actor, { unitPath: a.unitPath })) throw forbidden();
		if (!canEditActivity(ctx.actor, { unitPath: a.unitPath, status: a.status })) throw forbidden('reach.attendance.closed');
		await assertPeriodsOpen(tx, [a.unitId, ...a.coveredUnitIds], [a.date]);
		const shown = [...new Set(parsed.shown)];
		const ticked = new Set(parsed.ticked);
		const paths = await listUnitPaths(tx, a);
		const places = shown.length
			? await rowsOf<{ id: string; village_path: string; merged_into_id: string | null }>(
					tx,
					sql`SELECT h.id, u.path AS village_path, h.merged_into_id FROM households h JOIN units u ON u.id = h.unit_id
					WHERE h.id = ANY(${`{${shown.join(',')}}`}::uuid[])`
				)
			: [];
		const byId = new Map(places.map((p) => [p.id, { villagePath: p.village_path, merged: p.merged_into_id }]));
		const offList = shown.filter((id) => {
			const p = byId.get(id);
			return !p || p.merged !== null || !paths.some((path) => p.villagePath.startsWith(path));
		});
		if (offList.length)
			throw invalid(
				'reach.attendance.notOnList',
				{ count: offList.length },
				offList.slice(0, 20).map((id) => ({ path: 'households', message: id }))
			);
		if (places.some((p) => !can(ctx.actor, 'households.read', p.village_path))) throw forbidden();

		const recorded = new Set(
			shown.length
				? (
						await tx
							.select({ id: activityHouseholds.householdId })
							.from(activityHouseholds)
							.where(and(eq(activityHouseholds.activityId, a.id), inArray(activityHouseholds.householdId, shown)))
					).map((r) => r.id)
				: []
		);
		const added = shown.filter((id) => ticked.has(id) && !recorded.has(id));
		const removed = shown.filter((id) => !ticked.has(id) && recorded.has(id));
		if (added.length) await tx.insert(activityHouseholds).values(added.map((householdId) => ({ activityId: a.id, householdId, how: 'attendance' }))).onConflictDoNothing();
		if (removed.length) await tx.delete(activityHouseholds).where(and(eq(activityHouseholds.activityId, a.id), inArray(activityHouseholds.householdId, removed)));
		const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(activityHouseholds).where(eq(activityHouseholds.activityId, a.id));
		if (added.length || removed.length) {
			// A new version: a phone holding the old one gets a conflict instead of overwriting the ticks.
			await tx
				.update(activities)
				.set({ updatedAt: new Date(), version: sql`${activities.version} + 1` })
				.where(eq(activities.id, a.id));
			await recordChange(tx, ctx.actor, {
				action: 'activity.attendance',
				entityType: 'activity',
				entityId: a.id,
				unitId: a.unitId,
				before: { households: Number(n) - added.length + removed.length },
				after: { households: Number(n), added, removed, how: 'attendance' }
			});
		}
		return { added: added.length, removed: removed.length, households: Number(n) };
	});
}

export const attendanceFormats = ['docx', 'xlsx'] as const;
export type AttendanceFormat = (typeof attendanceFormats)[number];

const columnKeys: MessageKey[] = [
	'reach.attendance.no',
	'reach.attendance.category',
	'reach.attendance.headName',
	'reach.attendance.birthYear',
	'reach.attendance.village',
	'reach.attendance.address',
	'reach.attendance.tick',
	'reach.attendance.signature'
];

const categoryLabel = (locale: Locale, c: string | null) => t(locale, (c ? `household.category.${c}` : 'reach.attendance.unclassified') as MessageKey);

function cell(text: string, opts: { bold?: boolean; width?: number; center?: boolean } = {}) {
	return new TableCell({
		width: opts.width ? { size: opts.width, type: WidthType.PERCENTAGE } : undefined,
		children: [new Paragraph({ alignment: opts.center ? AlignmentType.CENTER : undefined, children: [new TextRun({ text, bold: opts.bold, font: 'Times New Roman', size: 24 })] })]
	});
}

async function docxOf(list: AttendanceList, locale: Locale): Promise<Buffer> {
	const widths = [5, 14, 24, 8, 14, 17, 6, 12];
	const header = new TableRow({ tableHeader: true, children: columnKeys.map((k, i) => cell(t(locale, k), { bold: true, width: widths[i], center: true })) });
	const rows = list.entries.map(
		(e, i) =>
			new TableRow({
				children: [
					cell(String(i + 1), { center: true }),
					cell(categoryLabel(locale, e.category)),
					cell(e.headName),
					cell(e.birthYear == null ? '' : String(e.birthYear), { center: true }),
					cell(e.villageName),
					cell(e.address ?? ''),
					cell(''),
					cell('')
				]
			})
	);
	const para = (text: string, opts: { bold?: boolean; size?: number; center?: boolean } = {}) =>
		new Paragraph({ alignment: opts.center ? AlignmentType.CENTER : undefined, spacing: { after: 120 }, children: [new TextRun({ text, bold: opts.bold, size: opts.size ?? 26, font: 'Times New Roman' })] });
	const doc = new Document({
		creator: 'Lan Tỏa',
		title: t(locale, 'reach.attendance.title'),
		sections: [
			{
				properties: { page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 } } },
				children: [
					para(t(locale, 'reach.attendance.title').toUpperCase(), { bold: true, size: 28, center: true }),
					para(list.activity.title, { bold: true, center: true }),
					para(`${t(locale, 'reach.attendance.date')}: ${list.activity.date}${list.activity.place ? ` · ${t(locale, 'reach.attendance.place')}: ${list.activity.place}` : ''}`, { center: true }),
					para(`${t(locale, 'reach.attendance.unit')}: ${list.activity.unitName}${list.activity.organiser ? ` · ${list.activity.organiser}` : ''}`, { center: true }),
					new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }),
					para(''),
					para(t(locale, 'reach.attendance.footer', { count: list.entries.length }))
				]
			}
		]
	});
	return Packer.toBuffer(doc);
}

/**
 * The list as a file to print from Word (DOCX, landscape, Times New Roman) or Excel (XLSX), with
 * empty tick and signature columns. Each household written is an access entry.
 */
export async function attendanceFile(ctx: AttendanceCtx, activityId: string, format: AttendanceFormat, locale: Locale) {
	const list = await getAttendanceList(ctx, activityId, { screen: 'attendance_list', purpose: `attendance_${format}` });
	const name = `diem-danh-${list.activity.date}-${list.activity.id.slice(0, 8)}`;
	if (format === 'docx')
		return { filename: `${name}.docx`, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', body: await docxOf(list, locale) };
	const file = await writeTable(
		'xlsx',
		columnKeys.map((k) => t(locale, k)),
		list.entries.map((e, i) => [i + 1, categoryLabel(locale, e.category), e.headName, e.birthYear, e.villageName, e.address, null, null]),
		t(locale, 'reach.attendance.title')
	);
	return { filename: `${name}.xlsx`, contentType: file.contentType, body: file.body };
}
