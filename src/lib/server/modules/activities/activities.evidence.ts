import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError, forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { documentKinds, imageKinds, readStoredFile, storeFile, type FileKind } from '../../files/store';
import { activityEvidence } from './activities.tables';
import { selectActivityById, selectEvidence, selectEvidenceById, type ActivityWithUnit } from './activities.repository';
import { canEditActivity, canReadActivity } from './activities.policy';
import { presentEvidence } from './activities.presenter';
import { isWebLink, type EvidenceKind, type EvidenceUpload, type EvidenceView } from './activities.schemas';
import { assertPeriodsOpen } from '../reports/reports.locks';

interface Ctx {
	db: Db;
	actor: Actor;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What each kind of evidence may be, recognised by content: photos are images; sheets PDF or images; documents also Word and Excel. */
export const acceptedKinds: Record<Exclude<EvidenceKind, 'link'>, readonly FileKind[]> = {
	photo: imageKinds,
	attendance_sheet: ['pdf', ...imageKinds],
	document: documentKinds
};

async function activityFor(db: Db, actor: Actor, id: string, opts: { edit: boolean }): Promise<ActivityWithUnit> {
	const row = uuid.test(id) ? await selectActivityById(db, id, { forUpdate: opts.edit }) : undefined;
	if (!row) throw notFound('activities.notFound');
	if (!canReadActivity(actor, row)) throw forbidden();
	if (opts.edit && !canEditActivity(actor, { unitPath: row.unitPath, status: row.activity.status }))
		throw forbidden(row.activity.status === 'verified' ? 'activities.verifiedLocked' : 'error.forbidden');
	// Evidence is part of the record an approved report counted: closed with its period.
	if (opts.edit) await assertPeriodsOpen(db, [row.activity.unitId, ...row.activity.coveredUnitIds], [row.activity.date]);
	return row;
}

/**
 * Adds a photo, scanned attendance sheet, document or link to an activity, by an id the caller
 * made (a phone): the same id with the same bytes (or link) returns what was stored; with other
 * bytes it is a CONFLICT. Files are checked by content (415 for a kind not accepted) and stored
 * with the activity's unit, in one transaction.
 */
export async function addEvidence(ctx: Ctx, activityId: string, evidenceId: string, upload: EvidenceUpload): Promise<{ evidence: EvidenceView; created: boolean }> {
	if (!uuid.test(evidenceId)) throw notFound('activities.evidenceNotFound');
	return ctx.db.transaction(async (tx) => {
		const row = await activityFor(tx, ctx.actor, activityId, { edit: true });
		const url = upload.kind === 'link' ? (upload.url ?? '').trim() : null;
		if (upload.kind === 'link' && (!url || !isWebLink(url))) throw invalid('activities.linkInvalid', {}, [{ path: 'url', message: 'http(s)' }]);
		const existing = await selectEvidenceById(tx, evidenceId);
		if (existing) {
			if (existing.activityId !== row.activity.id) throw new AppError('CONFLICT', 'activities.evidenceConflict');
			const stored = await selectEvidence(tx, row.activity.id, evidenceId);
			const same =
				existing.kind === upload.kind &&
				(upload.kind === 'link'
					? existing.url === url
					: !!upload.bytes && stored?.file?.sha256 === createHash('sha256').update(upload.bytes).digest('hex'));
			if (!same) throw new AppError('CONFLICT', 'activities.evidenceConflict');
			return { evidence: presentEvidence(row.activity.id, existing, stored?.file ?? null), created: false };
		}
		let fileId: string | null = null;
		let file = null;
		if (upload.kind !== 'link') {
			file = await storeFile(tx, {
				bytes: upload.bytes ?? new Uint8Array(),
				originalName: upload.name?.trim() || upload.kind,
				unitId: row.activity.unitId,
				createdBy: ctx.actor.userId,
				accept: acceptedKinds[upload.kind]
			});
			fileId = file.id;
		}
		const [inserted] = await tx
			.insert(activityEvidence)
			.values({ id: evidenceId, activityId: row.activity.id, kind: upload.kind, fileId, url, caption: upload.caption?.trim() || null, createdBy: ctx.actor.userId })
			.returning();
		await recordChange(tx, ctx.actor, {
			action: 'activity.evidence.add',
			entityType: 'activity',
			entityId: row.activity.id,
			unitId: row.activity.unitId,
			after: { evidenceId, kind: upload.kind, ...(file ? { sha256: file.sha256, mime: file.mime, size: file.size } : { url }) }
		});
		return { evidence: presentEvidence(row.activity.id, inserted, file), created: true };
	});
}

/** A stored evidence file with its bytes, for those who read the activity; NOT_FOUND for a link or none. */
export async function getEvidenceFile(ctx: Ctx, activityId: string, evidenceId: string) {
	const row = await activityFor(ctx.db, ctx.actor, activityId, { edit: false });
	const ev = uuid.test(evidenceId) ? await selectEvidence(ctx.db, row.activity.id, evidenceId) : undefined;
	if (!ev || !ev.evidence.fileId) throw notFound('activities.evidenceNotFound');
	const file = await readStoredFile(ctx.db, ev.evidence.fileId);
	if (!file) throw notFound('activities.evidenceNotFound');
	return { file, kind: ev.evidence.kind as EvidenceKind, caption: ev.evidence.caption };
}

/** Removes a piece of evidence (the stored bytes stay, other records may cite them). */
export async function deleteEvidence(ctx: Ctx, activityId: string, evidenceId: string): Promise<void> {
	await ctx.db.transaction(async (tx) => {
		const row = await activityFor(tx, ctx.actor, activityId, { edit: true });
		const ev = uuid.test(evidenceId) ? await selectEvidence(tx, row.activity.id, evidenceId) : undefined;
		if (!ev) throw notFound('activities.evidenceNotFound');
		await tx.delete(activityEvidence).where(eq(activityEvidence.id, evidenceId));
		await recordChange(tx, ctx.actor, {
			action: 'activity.evidence.delete',
			entityType: 'activity',
			entityId: row.activity.id,
			unitId: row.activity.unitId,
			before: { evidenceId, kind: ev.evidence.kind, sha256: ev.file?.sha256 ?? null, url: ev.evidence.url }
		});
	});
}
