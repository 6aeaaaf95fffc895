// The official-document renderer (Decree 30/2020/NĐ-CP layout): plans, reports, minutes and
// settlement covers build an OfficialDocument and call these; each supplies only its body.
export type { OfficialDocument, DocumentBlock, HeadingBlock, ParagraphBlock, TableBlock, TextSpan, DocumentSigner } from './model';
export { renderDocx } from './docx';
export { renderHtml, renderHtmlPage, escapeHtml, documentCss, type HtmlOptions } from './html';
export { docxToPdf, pdfSettings, type PdfSettings } from './pdf';
export { cleanText, numberLine, placeDateLine } from './layout';

/** Content types of the three formats, for routes and downloads. */
export const documentContentTypes = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf',
	html: 'text/html; charset=utf-8'
} as const;
export type DocumentFormat = keyof typeof documentContentTypes;
