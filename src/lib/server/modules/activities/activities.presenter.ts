import type { Actor } from '../../access/actor';
import type { ActivityListRow, ActivityParts, ActivityWithUnit, EvidenceRow } from './activities.repository';
import type { ActivityListItem, ActivityStatus, ActivityView, EvidenceKind, EvidenceView } from './activities.schemas';
import { canEditActivity, canSeeHouseholdName, canVerifyActivity } from './activities.policy';

type FileMeta = { originalName: string; mime: string; size: number; sha256: string } | null;

export function presentEvidence(activityId: string, e: EvidenceRow, file: FileMeta): EvidenceView {
	return {
		id: e.id,
		kind: e.kind as EvidenceKind,
		caption: e.caption,
		url: e.url,
		file: file ? { name: file.originalName, mime: file.mime, size: file.size, sha256: file.sha256 } : null,
		href: file ? `/api/v1/activities/${activityId}/evidence/${e.id}` : null,
		createdAt: e.createdAt.toISOString()
	};
}

/** An activity as shown to `actor`: household names only where they read households. Rows never leave the module raw. */
export function presentActivity(actor: Actor, row: ActivityWithUnit, parts: ActivityParts): ActivityView {
	const a = row.activity;
	const counts = Object.fromEntries(parts.counts.map((c) => [c.groupCode, c.count]));
	return {
		id: a.id,
		unit: { code: row.unitCode, name: row.unitName },
		coveredUnits: parts.covered.map((u) => ({ code: u.code, name: u.name })),
		channel: a.channelCode,
		plan: parts.plan,
		themes: a.themes,
		title: a.title,
		description: a.description,
		place: a.place,
		date: a.date,
		startTime: a.startTime,
		endTime: a.endTime,
		organiser: a.organiser,
		responsible: a.responsible,
		audiences: a.audiences,
		counts,
		participants: parts.counts.reduce((s, c) => s + c.count, 0),
		households: parts.reached.map((h) => ({
			id: h.id,
			villageCode: h.villageCode,
			villageName: h.villageName,
			headName: canSeeHouseholdName(actor, h) ? h.headName : null,
			how: h.how
		})),
		materials: a.materials,
		cost: a.cost,
		costs: parts.costs.map((c) => ({ source: c.sourceCode, amount: c.amount, note: c.note })),
		status: a.status as ActivityStatus,
		verifiedBy: parts.verifierName,
		verifiedAt: a.verifiedAt?.toISOString() ?? null,
		contentId: a.contentId,
		source: a.source,
		version: a.version,
		createdBy: parts.creatorName,
		createdAt: a.createdAt.toISOString(),
		updatedAt: a.updatedAt.toISOString(),
		evidence: parts.evidence.map((e) => presentEvidence(a.id, e.evidence, e.file)),
		allowed: {
			edit: canEditActivity(actor, { unitPath: row.unitPath, status: a.status }),
			verify: canVerifyActivity(actor, { unitPath: row.unitPath, status: a.status })
		}
	};
}

export function presentListItem(r: ActivityListRow): ActivityListItem {
	const a = r.activity;
	return {
		id: a.id,
		unit: { code: r.unitCode, name: r.unitName },
		channel: a.channelCode,
		planId: a.planId,
		themes: a.themes,
		title: a.title,
		place: a.place,
		date: a.date,
		startTime: a.startTime,
		status: a.status as ActivityStatus,
		participants: r.participants,
		households: r.households,
		cost: a.cost,
		evidence: r.evidence,
		version: a.version
	};
}
