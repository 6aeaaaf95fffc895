import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { can } from '../../access/actor';
import { forbidden } from '../../errors';
import { requirePeriod } from '../../periods';
import { reachUnit } from '../activities/activities.reach';
import { computeIndicators, indicatorRecords, reachIndicatorCodes, type IndicatorFigure, type IndicatorRecords } from './indicators.engine';

export interface IndicatorCtx {
	db: Db;
	actor: Actor;
}

/** A figure as an actor sees it: reach figures need the household counts too, else `not_permitted`. */
export type ShownFigure = Omit<IndicatorFigure, 'status'> & { status: IndicatorFigure['status'] | 'not_permitted' };

/** Indicators of a unit need its activities; reach indicators also its household counts. */
export const canReadIndicators = (actor: Actor, unitPath: string) => can(actor, 'activities.read', unitPath);
const canReadReachFigures = (actor: Actor, unitPath: string) => can(actor, 'households.counts', unitPath);

/**
 * The figures of a unit (by code) for a period (by key), as the actor may see them. 400 for a bad
 * period, 404 for an unknown unit, 403 for a unit out of reach.
 */
export async function getIndicators(ctx: IndicatorCtx, unitCode: string, periodKey: string, codes?: readonly string[]): Promise<ShownFigure[]> {
	const period = requirePeriod(periodKey);
	const unit = await reachUnit(ctx.db, unitCode);
	if (!canReadIndicators(ctx.actor, unit.path)) throw forbidden();
	return shownFigures(ctx.actor, unit.path, await computeIndicators(ctx.db, { unitPath: unit.path }, period, codes));
}

/** Hides reach figures from those who may not count the unit's households. */
export function shownFigures(actor: Actor, unitPath: string, figures: IndicatorFigure[]): ShownFigure[] {
	if (canReadReachFigures(actor, unitPath)) return figures;
	return figures.map((f) => (reachIndicatorCodes.includes(f.code) ? { ...f, value: null, status: 'not_permitted' as const } : f));
}

/** The records behind one figure, for those who may see the figure. */
export async function getIndicatorRecords(ctx: IndicatorCtx, code: string, unitCode: string, periodKey: string): Promise<IndicatorRecords> {
	const period = requirePeriod(periodKey);
	const unit = await reachUnit(ctx.db, unitCode);
	if (!canReadIndicators(ctx.actor, unit.path)) throw forbidden();
	if (reachIndicatorCodes.includes(code) && !canReadReachFigures(ctx.actor, unit.path)) throw forbidden();
	return indicatorRecords(ctx.db, code, { unitPath: unit.path }, period);
}
