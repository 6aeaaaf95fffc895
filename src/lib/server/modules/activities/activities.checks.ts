import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { forbidden } from '../../errors';
import { today } from '../../periods';
import { units } from '../units/units.tables';
import { plans } from '../plans/plans.tables';
import { channels, audienceGroups, fundingSources } from '../catalog/catalog.tables';
import { contentItems } from '../content/content.tables';
import { findSection } from '../plans/plans.sources';
import type { PlanDocument } from '../plans/plans.interchange';
import { selectHouseholdPlaces } from './activities.repository';
import { canSeeHouseholdName, canRecordIn } from './activities.policy';
import type { ActivityInput } from './activities.schemas';

/** The themes a plan names: the items of its themes section ("Nội dung"), as activities cite them. */
export function planThemes(document: PlanDocument): string[] {
	const section = findSection(document.sections ?? [], 'themes');
	if (!section) return [];
	const out = [...section.items.map((i) => i.text), ...section.sections.map((s) => s.heading)]
		.map((t) => t.trim().slice(0, 500).trim())
		.filter(Boolean);
	return [...new Set(out)];
}

/** Plans an activity may serve: those being worked on and the one in force, not superseded ones. */
const servablePlanStatuses = ['draft', 'submitted', 'approved', 'issued'];

export interface ResolvedActivity {
	unit: { id: string; code: string; name: string; path: string };
	coveredUnitIds: string[];
	/** Warnings that do not stop the write (kept for the form to show). */
	warnings: string[];
}

/** Key-sorted JSON of a value: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/**
 * sha256 of the canonical content of a parsed input: what tells a repeat of a write from a
 * different one. The version is not content; sets (households, units, audiences) are sorted.
 */
export function payloadHash(input: ActivityInput): string {
	const { version: _version, ...content } = input;
	const sorted = {
		...content,
		households: [...content.households].sort(),
		coveredUnits: [...content.coveredUnits].sort(),
		audiences: [...content.audiences].sort(),
		costs: [...content.costs].sort((a, b) => (a.source < b.source ? -1 : 1))
	};
	return createHash('sha256').update(canonicalJson(sorted)).digest('hex');
}

/**
 * Checks an activity against the database and the actor's reach: the unit (403 outside reach),
 * covered units inside it, catalogue codes, the plan and its period and themes, the content item,
 * the households (in the unit, readable by the actor), a done activity not in the future.
 * Problems of the content come back as one ZodError (400) naming each field.
 */
export async function checkActivity(tx: Db, actor: Actor, input: ActivityInput, now: Date): Promise<ResolvedActivity> {
	const issues: z.core.$ZodIssue[] = [];
	const problem = (path: (string | number)[], message: string) => issues.push({ code: 'custom', path, message, input: undefined });
	const fail = () => {
		if (issues.length) throw new z.ZodError(issues);
	};

	const codes = [...new Set([input.unit, ...input.coveredUnits])];
	const unitRows = await tx
		.select({ id: units.id, code: units.code, name: units.name, path: units.path, validTo: units.validTo, successorId: units.successorId })
		.from(units)
		.where(inArray(units.code, codes));
	const byCode = new Map(unitRows.map((u) => [u.code, u]));
	const unit = byCode.get(input.unit);
	if (!unit) {
		problem(['unit'], 'activities.unitUnknown');
		fail();
	}
	if (!canRecordIn(actor, unit!.path)) throw forbidden('activities.outOfReach');
	if (unit!.successorId) problem(['unit'], 'activities.unitMerged');
	const coveredUnitIds: string[] = [];
	input.coveredUnits.forEach((code, i) => {
		const u = byCode.get(code);
		if (!u) problem(['coveredUnits', i], 'activities.unitUnknown');
		else if (!u.path.startsWith(unit!.path)) problem(['coveredUnits', i], 'activities.coveredOutside');
		else if (!coveredUnitIds.includes(u.id) && u.id !== unit!.id) coveredUnitIds.push(u.id);
	});

	const [channelRows, groupRows, sourceRows] = await Promise.all([
		tx.select().from(channels).where(eq(channels.code, input.channel)),
		tx.select({ code: audienceGroups.code }).from(audienceGroups),
		tx.select({ code: fundingSources.code }).from(fundingSources)
	]);
	if (!channelRows[0]) problem(['channel'], 'activities.channelUnknown');
	else if (!channelRows[0].active) problem(['channel'], 'activities.channelInactive');
	const groups = new Set(groupRows.map((g) => g.code));
	input.audiences.forEach((c, i) => groups.has(c) || problem(['audiences', i], 'activities.groupUnknown'));
	for (const c of Object.keys(input.counts)) if (!groups.has(c)) problem(['counts', c], 'activities.groupUnknown');
	const sources = new Set(sourceRows.map((s) => s.code));
	input.costs.forEach((c, i) => sources.has(c.source) || problem(['costs', i, 'source'], 'activities.sourceUnknown'));

	if (input.plan) {
		const [plan] = await tx
			.select({ status: plans.status, periodFrom: plans.periodFrom, periodTo: plans.periodTo, document: plans.document, path: units.path })
			.from(plans)
			.innerJoin(units, eq(units.id, plans.unitId))
			.where(eq(plans.id, input.plan));
		if (!plan) problem(['plan'], 'activities.planUnknown');
		else {
			if (!unit!.path.startsWith(plan.path)) problem(['plan'], 'activities.planOtherUnit');
			if (!servablePlanStatuses.includes(plan.status)) problem(['plan'], 'activities.planSuperseded');
			const year = Number(input.date.slice(0, 4));
			if ((plan.periodFrom !== null && year < plan.periodFrom) || (plan.periodTo !== null && year > plan.periodTo))
				problem(['date'], 'activities.dateOutsidePlan');
			const themes = planThemes(plan.document);
			if (themes.length) input.themes.forEach((t, i) => themes.includes(t) || problem(['themes', i], 'activities.themeNotInPlan'));
		}
	}

	if (input.status === 'done' && input.date > today(now)) problem(['date'], 'activities.doneInFuture');

	const contentIds = [...new Set([input.contentId, ...input.materials.map((m) => m.contentId)].filter((v): v is string => !!v))];
	if (contentIds.length) {
		const found = new Set((await tx.select({ id: contentItems.id }).from(contentItems).where(inArray(contentItems.id, contentIds))).map((r) => r.id));
		if (input.contentId && !found.has(input.contentId)) problem(['contentId'], 'activities.contentUnknown');
		input.materials.forEach((m, i) => m.contentId && !found.has(m.contentId) && problem(['materials', i, 'contentId'], 'activities.contentUnknown'));
	}

	if (input.households.length) {
		const places = new Map((await selectHouseholdPlaces(tx, input.households)).map((h) => [h.id, h]));
		input.households.forEach((id, i) => {
			const h = places.get(id);
			if (!h) problem(['households', i], 'activities.householdUnknown');
			else if (!h.villagePath.startsWith(unit!.path)) problem(['households', i], 'activities.householdOutside');
			else if (!canSeeHouseholdName(actor, h)) problem(['households', i], 'activities.householdNotReadable');
			else if (h.mergedIntoId) problem(['households', i], 'activities.householdMerged');
		});
	}
	fail();
	return { unit: { id: unit!.id, code: unit!.code, name: unit!.name, path: unit!.path }, coveredUnitIds, warnings: [] };
}
