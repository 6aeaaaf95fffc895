import { conflict, forbidden, invalid } from '../../errors';
import { selectUnitById } from '../units/units.repository';
import type { UnitRow } from '../units/units.repository';
import type { PlanBasis, PlanDocument, PlanItem, PlanSection, SectionKind } from './plans.interchange';
import { canEditPlans } from './plans.policy';
import { referenceOf } from './plans.presenter';
import type { PlanView } from './plans.schemas';
import { planTemplate } from './plans.template';
import { localDate, shiftIsoDate, shiftPeriodKey, vietnameseDate } from './plans.dates';
import { changeAndShow, checkDocument, insertDraft, loadReadablePlan, loadUnit, nowOf, type PlanCtx } from './plans.service';
import type { Db } from '../../db/client';

/** New drafts made from something else: Lan Tỏa's template, a parent unit's issued plan, last year's plan. */

async function templateFor(db: Db, unit: UnitRow, from: number, to: number): Promise<PlanDocument> {
	const parent = unit.parentId ? await selectUnitById(db, unit.parentId) : undefined;
	return checkDocument(db, planTemplate({ name: unit.name, level: unit.level, parentName: parent?.unit.name ?? null }, from, to));
}

/**
 * A new draft from Lan Tỏa's communication plan template for the unit: issuer and place from
 * the unit's name, the parent body from the unit above, targets and assignments filled in.
 * `year` (default: this year in Việt Nam) or `years` for a plan over several years.
 */
export async function createPlanFromTemplate(ctx: PlanCtx, input: { unitCode: string; year?: number; years?: { from: number; to: number } }): Promise<PlanView> {
	const year = input.year ?? Number(localDate(nowOf(ctx)).slice(0, 4));
	const { from, to } = input.years ?? { from: year, to: year };
	if (to < from) throw invalid('plan.periodOrder');
	return changeAndShow(ctx, async (tx) => {
		const unit = await loadUnit(tx, input.unitCode);
		if (!canEditPlans(ctx.actor, unit)) throw forbidden();
		const document = await templateFor(tx, unit, from, to);
		return insertDraft(tx, ctx.actor, { unit, document, source: 'template' });
	});
}

/** The first section of `kind`, at any depth. */
export function findSection(sections: PlanSection[], kind: SectionKind): PlanSection | undefined {
	for (const s of sections) {
		if (s.kind === kind) return s;
		const inner = findSection(s.sections, kind);
		if (inner) return inner;
	}
	return undefined;
}

/** The sections with each section of `kind` replaced by `make(it)`, at any depth. */
function replaceSections(sections: PlanSection[], kind: SectionKind, make: (own: PlanSection) => PlanSection): PlanSection[] {
	return sections.map((s) => (s.kind === kind ? make(s) : { ...s, sections: replaceSections(s.sections, kind, make) }));
}

/** The basis a cascaded plan names first: the parent plan, by number, date and issuer, linked. */
export function basisForPlan(plan: { id: string; number: number | null; symbol: string; issuedOn: string | null; document: PlanDocument }): PlanBasis {
	const reference = referenceOf(plan.number, plan.symbol);
	const title = plan.document.title;
	const text = [
		`Kế hoạch${reference ? ` số ${reference}` : ''}`,
		plan.issuedOn ? `ngày ${vietnameseDate(plan.issuedOn)}` : null,
		`của ${plan.document.issuer}`,
		title.charAt(0).toLocaleLowerCase('vi') + title.slice(1)
	]
		.filter(Boolean)
		.join(' ');
	return { text, type: 'plan', number: reference, date: plan.issuedOn, issuer: plan.document.issuer, title, planId: plan.id };
}

const cascadedKinds: SectionKind[] = ['themes', 'channels', 'solutions'];

/**
 * A unit's plan cascaded from an issued plan of a unit above it: the unit's own template
 * (header, purposes, scope of its own territory, funding, assignments, recipients), with the
 * parent's themes, channels, solutions and targets, the parent's period, and the parent plan as
 * its first basis, linked so the province sees the plans that follow its own.
 */
export async function cascadePlan(ctx: PlanCtx, input: { parentPlanId: string; unitCode: string }): Promise<PlanView> {
	return changeAndShow(ctx, async (tx) => {
		const parent = await loadReadablePlan({ ...ctx, db: tx }, input.parentPlanId);
		if (parent.plan.status !== 'issued') throw conflict('plan.cascadeNotIssued');
		const unit = await loadUnit(tx, input.unitCode);
		if (!canEditPlans(ctx.actor, unit)) throw forbidden();
		if (unit.id === parent.plan.unitId || !unit.path.startsWith(parent.unitPath)) throw invalid('plan.cascadeNotAbove');
		const source = parent.plan.document;
		const year = Number(localDate(nowOf(ctx)).slice(0, 4));
		const own = await templateFor(tx, unit, source.period?.from ?? year, source.period?.to ?? year);
		let sections = own.sections;
		for (const kind of cascadedKinds) {
			const theirs = findSection(source.sections, kind);
			if (theirs) sections = replaceSections(sections, kind, (mine) => ({ ...theirs, number: mine.number, heading: mine.heading }));
		}
		const parentBasis = basisForPlan({ ...parent.plan, document: source });
		const document = await checkDocument(tx, {
			...own,
			bases: [parentBasis, ...own.bases],
			sections,
			targets: source.targets.length ? source.targets : own.targets,
			channels: source.channels.length ? source.channels : own.channels
		});
		return insertDraft(tx, ctx.actor, { unit, document, sourcePlanId: parent.plan.id, source: 'cascade' });
	});
}

/** Years within [from, to] written as years (not inside a date "08/5/2025" or a number "257/2025/QH15"), moved by `delta`. */
function shiftYearsInText(text: string, from: number, to: number, delta: number): string {
	return text.replace(/(?<![\d/]|\d\.)(\d{4})(?![\d/]|\.\d)/g, (y) => (Number(y) >= from && Number(y) <= to ? String(Number(y) + delta) : y));
}

function shiftItems(items: PlanItem[], shift: (t: string) => string): PlanItem[] {
	return items.map((i) => ({ ...i, text: shift(i.text), items: shiftItems(i.items, shift) }));
}

/** Sections whose text speaks of the plan's own years: time frame, budget year, who does what by when. */
const datedKinds = new Set<SectionKind | null>(['scope', 'funding', 'assignments']);

function shiftSection(s: PlanSection, shift: (t: string) => string): PlanSection {
	return { ...s, heading: shift(s.heading), items: shiftItems(s.items, shift), sections: s.sections.map((inner) => shiftSection(inner, shift)) };
}

function shiftSections(sections: PlanSection[], shift: (t: string) => string): PlanSection[] {
	return sections.map((s) => (datedKinds.has(s.kind) ? shiftSection(s, shift) : { ...s, sections: shiftSections(s.sections, shift) }));
}

/**
 * Copies a plan of a unit into a new draft of the same unit for another year (default: the year
 * after). The period, target periods and task due dates move by the same number of years, and so
 * do the years written in the title, preamble, closing, scope, funding and assignments; themes, channels,
 * solutions and bases, which cite other documents' dates, are left as written.
 */
export async function copyPlan(ctx: PlanCtx, input: { planId: string; year?: number }): Promise<PlanView> {
	return changeAndShow(ctx, async (tx) => {
		const source = await loadReadablePlan({ ...ctx, db: tx }, input.planId);
		const unit = { id: source.plan.unitId, path: source.unitPath };
		if (!canEditPlans(ctx.actor, unit)) throw forbidden();
		const old = source.plan.document;
		const from = old.period?.from ?? Number(localDate(nowOf(ctx)).slice(0, 4));
		const to = old.period?.to ?? from;
		const delta = (input.year ?? from + 1) - from;
		const shift = (t: string) => shiftYearsInText(t, from, to, delta);
		const document = await checkDocument(tx, {
			...old,
			number: null,
			date: null,
			title: shift(old.title),
			period: old.period ? { from: old.period.from + delta, to: old.period.to + delta } : null,
			preamble: old.preamble && shift(old.preamble),
			closing: old.closing && shift(old.closing),
			sections: shiftSections(old.sections, shift),
			targets: old.targets.map((t) => ({ ...t, period: shiftPeriodKey(t.period, delta) })),
			tasks: old.tasks.map((t) => ({ ...t, text: shift(t.text), due: t.due && shiftIsoDate(t.due, delta) }))
		});
		return insertDraft(tx, ctx.actor, { unit, document, sourcePlanId: source.plan.id, source: 'copy' });
	});
}
