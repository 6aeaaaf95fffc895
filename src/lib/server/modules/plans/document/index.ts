import { docxToPdf, renderDocx, renderHtml, renderHtmlPage, type HtmlOptions, type PdfSettings } from '../../../documents';
import type { PlanDocument } from '../plans.interchange';
import { planToOfficialDocument } from './plan-document';

export { planToOfficialDocument } from './plan-document';

/** The plan as a Word file in the Decree 30 layout. */
export function renderPlanDocx(plan: PlanDocument): Promise<Buffer> {
	return renderDocx(planToOfficialDocument(plan));
}

/** The plan as an HTML fragment (with its own style) that looks like the printed page, for `{@html}` in a page. */
export function renderPlanHtml(plan: PlanDocument, options?: HtmlOptions): string {
	return renderHtml(planToOfficialDocument(plan), options);
}

/** The plan as a whole HTML page (for `?format=html` and downloads). */
export function renderPlanHtmlPage(plan: PlanDocument): string {
	return renderHtmlPage(planToOfficialDocument(plan));
}

/** The plan as PDF: its DOCX converted by LibreOffice; an AppError says so when LibreOffice is missing. */
export async function renderPlanPdf(plan: PlanDocument, settings?: PdfSettings): Promise<Buffer> {
	return docxToPdf(await renderPlanDocx(plan), settings);
}
