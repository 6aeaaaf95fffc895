import type { Actor } from '../../access/actor';
import type { ContentWithUnit, selectDistributions, selectPrintRuns } from './content.repository';
import type { ContentKind, ContentPriority, ContentStatus, ContentSummary, ContentView } from './content.schemas';
import { canApproveContent, canEditContent, isReleased } from './content.policy';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '—' } : null);

export function presentContentSummary(row: ContentWithUnit): ContentSummary {
	const { item } = row;
	return {
		id: item.id,
		unit: row.unitCode,
		unitName: row.unitName,
		kind: item.kind as ContentKind,
		title: item.title,
		summary: item.summary,
		priority: item.priority as ContentPriority,
		status: item.status as ContentStatus,
		author: person(item.authorId, row.authorName),
		updatedAt: item.updatedAt.toISOString(),
		publishedAt: iso(item.publishedAt)
	};
}

export interface ContentExtras {
	pdf: { id: string; name: string; size: number } | null;
	runs: Awaited<ReturnType<typeof selectPrintRuns>>;
	distributions: Awaited<ReturnType<typeof selectDistributions>>;
	/** The actor wrote the item and someone else could approve it (so they may not). */
	approvalLeftToOthers: boolean;
}

/** Copies handed out per village, largest first. */
function byVillage(distributions: ContentExtras['distributions']) {
	const totals = new Map<string, { village: string; villageName: string; quantity: number }>();
	for (const d of distributions) {
		const t = totals.get(d.villageCode) ?? { village: d.villageCode, villageName: d.villageName, quantity: 0 };
		t.quantity += d.row.quantity;
		totals.set(d.villageCode, t);
	}
	return [...totals.values()].sort((a, b) => b.quantity - a.quantity || a.villageName.localeCompare(b.villageName, 'vi'));
}

export function presentContent(actor: Actor, row: ContentWithUnit, extras: ContentExtras): ContentView {
	const { item } = row;
	const placed = { unitPath: row.unitPath };
	const edit = canEditContent(actor, placed);
	const approve = canApproveContent(actor, placed);
	const leaflet = item.kind === 'leaflet';
	const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
	return {
		...presentContentSummary(row),
		body: item.body,
		planId: item.planId,
		themes: item.themes,
		audiences: item.audiences,
		reviewComment: item.reviewComment,
		submittedAt: iso(item.submittedAt),
		approvedBy: person(item.approvedBy, row.approverName),
		approvedAt: iso(item.approvedAt),
		publishedBy: person(item.publishedBy, row.publisherName),
		createdAt: item.createdAt.toISOString(),
		pdf: extras.pdf,
		printing: leaflet
			? {
					runs: extras.runs.map((r) => ({ id: r.id, printedOn: r.printedOn, quantity: r.quantity, printer: r.printer, cost: r.cost })),
					distributions: extras.distributions.map((d) => ({
						id: d.row.id,
						village: d.villageCode,
						villageName: d.villageName,
						quantity: d.row.quantity,
						distributedOn: d.row.distributedOn,
						activityId: d.row.activityId
					})),
					byVillage: byVillage(extras.distributions),
					printed: sum(extras.runs.map((r) => r.quantity)),
					handedOut: sum(extras.distributions.map((d) => d.row.quantity)),
					cost: sum(extras.runs.map((r) => r.cost ?? 0))
				}
			: null,
		actions: {
			edit,
			submit: edit && item.status === 'draft',
			approve: approve && item.status === 'in_review' && !extras.approvalLeftToOthers,
			return: approve && (item.status === 'in_review' || item.status === 'approved'),
			publish: edit && item.status === 'approved',
			attachPdf: edit && leaflet,
			print: edit && leaflet && isReleased(item.status)
		}
	};
}

/** What the audit trail keeps of an item's content and state. */
export function auditShape(item: Pick<ContentRow, 'kind' | 'title' | 'summary' | 'body' | 'priority' | 'status' | 'planId' | 'themes' | 'audiences' | 'fileId'>) {
	return {
		kind: item.kind,
		title: item.title,
		summary: item.summary,
		body: item.body,
		priority: item.priority,
		status: item.status,
		planId: item.planId,
		themes: item.themes,
		audiences: item.audiences,
		fileId: item.fileId
	};
}

type ContentRow = ContentWithUnit['item'];
