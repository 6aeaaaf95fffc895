import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import type { Locale } from '../../../i18n';
import { documentContentTypes } from '../../documents';
import { loadReportExport } from './reports.export.source';
import { renderReportDocx } from './reports.export.docx';
import { renderReportXlsx, XLSX_CONTENT_TYPE } from './reports.export.xlsx';

/** A file to send: its bytes, type and a plain ASCII name for Content-Disposition. */
export interface ExportFile {
	body: Buffer;
	contentType: string;
	filename: string;
}

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

/**
 * The report as DOCX in the official layout (BC-UBND). Needs reports.read on the report's unit;
 * an absent report and one out of reach are both 404, so ids of other units cannot be probed.
 */
export async function exportReportDocx(ctx: { db: Db; actor: Actor }, id: string): Promise<ExportFile> {
	const src = await loadReportExport(ctx.db, ctx.actor, id);
	return {
		body: await renderReportDocx(src),
		contentType: documentContentTypes.docx,
		filename: safeName(`bao-cao-${src.unit.code}-${src.period.key}.docx`)
	};
}

/** The report's figures as XLSX in the monitoring-form style, the units below as rows (same access as the DOCX). */
export async function exportReportXlsx(ctx: { db: Db; actor: Actor }, id: string, locale: Locale, at: Date = new Date()): Promise<ExportFile> {
	const src = await loadReportExport(ctx.db, ctx.actor, id);
	const { body } = await renderReportXlsx(src, locale, at);
	return { body, contentType: XLSX_CONTENT_TYPE, filename: safeName(`bieu-so-lieu-${src.unit.code}-${src.period.key}.xlsx`) };
}

/** The HTTP response carrying an export as a download. */
export function exportResponse(file: ExportFile): Response {
	return new Response(new Uint8Array(file.body), {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.filename}"`,
			'content-length': String(file.body.byteLength),
			'cache-control': 'private, no-store'
		}
	});
}
