import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError, forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { readStoredFile, storeFile, type StoredFile } from '../../files/store';
import { docxToPdf, pdfSettings, type PdfSettings } from '../../documents/pdf';
import { t, type Locale } from '../../../i18n';
import { units } from '../units/units.tables';
import { updateContentRow, type ContentWithUnit } from './content.repository';
import { canEditContent } from './content.policy';
import { LeafletGenerateInput, type ContentView } from './content.schemas';
import { changeAndShow, loadEditableContent, loadReadableContent, reopened, type ContentCtx } from './content.service';
import { renderLeafletDocx } from './content.leaflet-docx';

function assertLeaflet(row: ContentWithUnit) {
	if (row.item.kind !== 'leaflet') throw invalid('content.leafletOnly');
}

/**
 * Makes `file` the item's PDF inside the caller's transaction. A PDF is part of what was approved:
 * replacing it on an item past draft sends the item back to draft, like an edit of its text.
 */
async function attachPdf(tx: Db, actor: Actor, row: ContentWithUnit, file: StoredFile, how: 'upload' | 'generate', extra: Record<string, unknown> = {}) {
	const from = row.item.status;
	await updateContentRow(tx, row.item.id, from === 'draft' ? { fileId: file.id } : { fileId: file.id, ...reopened });
	await recordChange(tx, actor, {
		action: 'content.pdf',
		entityType: 'content',
		entityId: row.item.id,
		unitId: row.item.unitId,
		before: { fileId: row.item.fileId, status: from },
		after: { fileId: file.id, status: from === 'draft' ? from : 'draft', sha256: file.sha256, size: file.size },
		context: { how, ...extra, ...(from === 'draft' ? {} : { reopenedFrom: from }) }
	});
}

/** Stores an uploaded PDF (recognised by its bytes: anything else is 415) as the leaflet's printable file. */
export async function uploadLeafletPdf(ctx: ContentCtx, id: string, upload: { bytes: Uint8Array; name: string }): Promise<ContentView> {
	return changeAndShow(ctx, async (tx) => {
		const row = await loadEditableContent({ ...ctx, db: tx }, id);
		assertLeaflet(row);
		const file = await storeFile(tx, { bytes: upload.bytes, originalName: upload.name || 'to-roi.pdf', unitId: row.item.unitId, createdBy: ctx.actor.userId, accept: ['pdf'] });
		await attachPdf(tx, ctx.actor, row, file, 'upload');
		return id;
	});
}

/** "UBND XÃ HÀ BÌNH": the people's committee of the commune the item belongs to (or of its own unit above communes). */
async function issuerOf(db: Db, row: ContentWithUnit): Promise<{ issuer: string; unitName: string }> {
	const ids = row.unitPath.split('/').filter(Boolean);
	const chain = ids.length ? await db.select({ id: units.id, name: units.name, level: units.level }).from(units).where(inArray(units.id, ids)) : [];
	const commune = chain.find((u) => u.level === 'commune');
	const unitName = commune?.name ?? row.unitName;
	return { issuer: `UBND ${unitName.toLocaleUpperCase('vi')}`, unitName };
}

/** A name for the PDF from the title: "to-roi-ho-tro-bhyt.pdf". */
export function leafletFileName(title: string): string {
	const slug = title
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
	return `to-roi-${slug || 'noi-dung'}.pdf`;
}

/** The leaflet as a Word file, from the item's text as stored. */
export async function buildLeafletDocx(db: Db, row: ContentWithUnit, input: { size: 'A4' | 'A5'; contact?: string | null }, locale: Locale = 'vi') {
	const { issuer, unitName } = await issuerOf(db, row);
	return renderLeafletDocx({
		issuer,
		title: row.item.title,
		summary: row.item.summary,
		body: row.item.body,
		contact: input.contact?.trim() || t(locale, 'content.pdfContactDefault', { unit: `UBND ${unitName}` }),
		size: input.size
	});
}

/**
 * Makes the leaflet's printable PDF from its title, summary and text (DOCX → LibreOffice, 1–2 s).
 * The conversion runs with no transaction open; the PDF is stored only if the text did not change
 * meanwhile. A missing LibreOffice is UNAVAILABLE (503) with a message saying so.
 */
export async function generateLeafletPdf(
	ctx: ContentCtx,
	id: string,
	input: LeafletGenerateInput,
	opts: { pdf?: PdfSettings; locale?: Locale } = {}
): Promise<ContentView> {
	const options = LeafletGenerateInput.parse(input);
	const row = await loadReadableContent(ctx, id);
	if (!canEditContent(ctx.actor, { unitPath: row.unitPath })) throw forbidden();
	assertLeaflet(row);
	const docx = await buildLeafletDocx(ctx.db, row, options, opts.locale);
	const pdf = await docxToPdf(docx, opts.pdf ?? pdfSettings());
	return changeAndShow(ctx, async (tx) => {
		const now = await loadEditableContent({ ...ctx, db: tx }, id);
		const same = now.item.title === row.item.title && now.item.summary === row.item.summary && now.item.body === row.item.body;
		if (!same) throw new AppError('CONFLICT', 'content.changedWhileGenerating');
		const file = await storeFile(tx, { bytes: pdf, originalName: leafletFileName(row.item.title), unitId: row.item.unitId, createdBy: ctx.actor.userId, accept: ['pdf'] });
		await attachPdf(tx, ctx.actor, now, file, 'generate', { size: options.size });
		return id;
	});
}

/** The leaflet's PDF with its bytes, for a reader of the item. */
export async function getContentPdf(ctx: ContentCtx, id: string) {
	const row = await loadReadableContent(ctx, id);
	const file = row.item.fileId ? await readStoredFile(ctx.db, row.item.fileId) : null;
	if (!file) throw notFound('content.noPdf');
	return file;
}
