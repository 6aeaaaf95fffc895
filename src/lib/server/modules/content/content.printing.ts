import { z } from 'zod';
import type { Db } from '../../db/client';
import { AppError, invalid } from '../../errors';
import { t } from '../../../i18n';
import { createActivity } from '../activities/activities.service';
import { recordChange } from '../../audit/audit.service';
import { today } from '../../periods';
import { selectUnitByCode } from '../units/units.repository';
import { insertDistribution, insertPrintRun, selectPrintTotals, type ContentWithUnit } from './content.repository';
import { isReleased } from './content.policy';
import { DistributionInput, PrintRunInput, type ContentView } from './content.schemas';
import { changeAndShow, loadEditableContent, nowOf, type ContentCtx } from './content.service';

/** Print runs and distribution are for leaflets that passed review: what is printed must be what was approved. */
function assertPrintable(row: ContentWithUnit) {
	if (row.item.kind !== 'leaflet') throw invalid('content.leafletOnly');
	if (!isReleased(row.item.status)) throw new AppError('CONFLICT', 'content.notReleased');
}

/** A date of something done: not after today in Việt Nam. */
function assertDone(date: string, path: string, ctx: ContentCtx) {
	if (date > today(nowOf(ctx))) throw invalid('content.dateFuture', { date }, [{ path, message: date }]);
}

/** Records a print run of an approved leaflet (date, copies, printer, cost in đồng). */
export async function addPrintRun(ctx: ContentCtx, id: string, input: PrintRunInput): Promise<ContentView> {
	const data = PrintRunInput.parse(input);
	assertDone(data.printedOn, 'printedOn', ctx);
	return changeAndShow(ctx, async (tx) => {
		const row = await loadEditableContent({ ...ctx, db: tx }, id);
		assertPrintable(row);
		const run = await insertPrintRun(tx, {
			contentId: id,
			printedOn: data.printedOn,
			quantity: data.quantity,
			printer: data.printer || null,
			cost: data.cost ?? null,
			createdBy: ctx.actor.userId
		});
		await recordChange(tx, ctx.actor, {
			action: 'content.print',
			entityType: 'content',
			entityId: id,
			unitId: row.item.unitId,
			after: { printRunId: run.id, printedOn: run.printedOn, quantity: run.quantity, printer: run.printer, cost: run.cost }
		});
		return id;
	});
}

/**
 * Records copies handed out in a village of the leaflet's unit. The item's row is locked first, so
 * two distributions at once cannot together hand out more than was printed.
 */
export async function addDistribution(ctx: ContentCtx, id: string, input: DistributionInput): Promise<ContentView> {
	const data = DistributionInput.parse(input);
	assertDone(data.distributedOn, 'distributedOn', ctx);
	return changeAndShow(ctx, async (tx) => {
		const row = await loadEditableContent({ ...ctx, db: tx }, id);
		assertPrintable(row);
		const village = (await selectUnitByCode(tx, data.village))?.unit;
		if (!village) throw invalid('unit.notFound', { code: data.village }, [{ path: 'village', message: data.village }]);
		if (village.level !== 'village') throw invalid('content.notVillage', { code: village.code }, [{ path: 'village', message: village.code }]);
		if (!village.path.startsWith(row.unitPath)) throw invalid('content.villageOutside', { code: village.code }, [{ path: 'village', message: village.code }]);
		if (village.validTo !== null || village.successorId !== null) throw invalid('content.unitInactive', { code: village.code });
		const { printed, handedOut } = await selectPrintTotals(tx, id);
		if (handedOut + data.quantity > printed) {
			throw invalid('content.overHanded', { quantity: data.quantity, printed, handedOut, left: Math.max(0, printed - handedOut) }, [
				{ path: 'quantity', message: String(data.quantity) }
			]);
		}
		const activityId = await recordLeafletActivity(ctx, tx, row, { villageCode: village.code, quantity: data.quantity, date: data.distributedOn });
		const distribution = await insertDistribution(tx, {
			contentId: id,
			unitId: village.id,
			quantity: data.quantity,
			distributedOn: data.distributedOn,
			activityId,
			createdBy: ctx.actor.userId
		});
		await recordChange(tx, ctx.actor, {
			action: 'content.distribute',
			entityType: 'content',
			entityId: id,
			unitId: row.item.unitId,
			after: { distributionId: distribution.id, village: village.code, quantity: data.quantity, distributedOn: data.distributedOn, activityId }
		});
		return id;
	});
}

/**
 * The distribution as a done leaflet activity of the village (channel `leaflet`, the copies as
 * material handed out, the item as its content), written through the activities service in the
 * same transaction, so reach and indicators count it. The item's plan and themes go with it when
 * the plan serves that village on that date; otherwise the activity is recorded without them.
 */
async function recordLeafletActivity(ctx: ContentCtx, tx: Db, row: ContentWithUnit, d: { villageCode: string; quantity: number; date: string }): Promise<string> {
	const { item } = row;
	const fields = {
		unit: d.villageCode,
		channel: 'leaflet',
		title: t('vi', 'content.activityTitle', { title: item.title }).slice(0, 300),
		date: d.date,
		status: 'done' as const,
		audiences: item.audiences,
		materials: [{ label: item.title.slice(0, 200), printed: null, handedOut: d.quantity, contentId: item.id }],
		contentId: item.id
	};
	const opts = { source: 'content' as const, now: nowOf(ctx) };
	if (item.planId) {
		try {
			return (await createActivity(tx, ctx.actor, { ...fields, plan: item.planId, themes: item.themes }, opts)).id;
		} catch (err) {
			// Checks run before anything is written, so the transaction is intact for the second try.
			const aboutPlan = err instanceof z.ZodError && err.issues.every((i) => ['plan', 'themes', 'date'].includes(String(i.path[0])));
			if (!aboutPlan) throw err;
		}
	}
	return (await createActivity(tx, ctx.actor, fields, opts)).id;
}
