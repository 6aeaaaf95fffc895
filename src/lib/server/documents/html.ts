import type { DocumentBlock, OfficialDocument, TableBlock, TextSpan } from './model';
import { BODY, MOTTO, NATIONAL_NAME, PAGE, RECIPIENTS_LABEL, SIZE, cleanText, numberLine, placeDateLine, recipientLine, upper } from './layout';

/** Escapes text for HTML element content and attribute values (after cleaning it as the DOCX does). */
export function escapeHtml(text: string): string {
	return cleanText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escaped text with its line breaks kept. */
const lines = (text: string) => escapeHtml(text).replace(/\n/g, '<br>');

function spans(text: string | TextSpan[]): string {
	if (typeof text === 'string') return lines(text);
	return text
		.map((s) => {
			let html = lines(s.text);
			if (s.italic) html = `<em>${html}</em>`;
			if (s.bold) html = `<strong>${html}</strong>`;
			return html;
		})
		.join('');
}

const pt = (n: number) => `${n}pt`;
/** Sizes relative to the body size, so a narrow screen scales the whole page by one font size. */
const em = (points: number) => `${+(points / SIZE.body).toFixed(4)}em`;
const twipsToPt = (twips: number) => `${twips / 20}pt`;

/**
 * The printed page on screen: the same frame, sizes and spacing as the DOCX (layout.ts), scoped to
 * `.lt-doc` so it can sit inside any page. Narrow screens keep the layout but drop the paper margins.
 */
export const documentCss = `
.lt-doc{background:#e9e9e6;padding:16px 0;color:#000}
.lt-doc__page{box-sizing:border-box;max-width:210mm;min-height:297mm;margin:0 auto;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.25);
padding:${PAGE.marginMm.top}mm ${PAGE.marginMm.right}mm ${PAGE.marginMm.bottom}mm ${PAGE.marginMm.left}mm;
font-family:"Times New Roman",Times,"Liberation Serif","Tinos",serif;font-size:${pt(SIZE.body)};line-height:1.15;text-align:justify;hyphens:manual;overflow-wrap:break-word}
:where(.lt-doc__page) :where(p,h1,h2,h3,h4,h5,h6,ul,li){margin:0;padding:0;font-size:inherit;font-weight:inherit;line-height:inherit}
.lt-doc__head{display:grid;grid-template-columns:65fr 100fr;column-gap:0;text-align:center;line-height:1.2}
.lt-doc__issuer,.lt-doc__nation{display:flex;flex-direction:column;align-items:center}
.lt-doc__parent{font-size:${em(SIZE.parentIssuer)}}
.lt-doc__org{font-size:${em(SIZE.issuer)};font-weight:bold;display:inline-block}
.lt-doc__org::after{content:"";display:block;width:40%;margin:2pt auto 0;border-bottom:1px solid #000}
.lt-doc__national-name{font-size:${em(SIZE.nationalName)};font-weight:bold;white-space:nowrap}
.lt-doc__motto{font-size:${em(SIZE.motto)};font-weight:bold;display:inline-block;border-bottom:1px solid #000;padding-bottom:1pt}
.lt-doc__number{font-size:${em(SIZE.number)};margin-top:6pt;white-space:pre}
.lt-doc__place-date{font-size:${em(SIZE.placeDate)};font-style:italic;margin-top:6pt}
.lt-doc__title{margin-top:18pt;text-align:center;font-weight:bold;line-height:1.2}
.lt-doc__type{display:block;font-size:${em(SIZE.documentType)}}
.lt-doc__summary{display:block;font-size:${em(SIZE.title)}}
.lt-doc__summary::after{content:"";display:block;width:33%;margin:3pt auto 12pt;border-bottom:1px solid #000}
.lt-doc__p,.lt-doc__h{text-indent:${twipsToPt(BODY.firstLineTwips)};margin-bottom:${twipsToPt(BODY.afterTwips)}}
.lt-doc__h{font-weight:bold}
.lt-doc__h--3{font-style:italic}
.lt-doc__p--center{text-align:center}.lt-doc__p--left{text-align:left}.lt-doc__p--right{text-align:right}
.lt-doc__table{border-collapse:collapse;width:100%;margin-bottom:6pt;font-size:${em(SIZE.table)};text-align:left;line-height:1.2}
.lt-doc__table caption{font-weight:bold;margin-bottom:6pt}
.lt-doc__table th,.lt-doc__table td{border:1px solid #000;padding:2pt 4pt;vertical-align:top}
.lt-doc__table th{text-align:center}
.lt-doc__table .lt-doc__num{text-align:right}
.lt-doc__foot{display:grid;grid-template-columns:78fr 87fr;margin-top:6pt;line-height:1.2;text-align:left;break-inside:avoid}
.lt-doc__recipients-label{font-size:${em(SIZE.recipientsLabel)};font-weight:bold;font-style:italic}
.lt-doc__recipients ul{list-style:none;font-size:${em(SIZE.recipients)}}
.lt-doc__signature{text-align:center;font-size:${em(SIZE.signer)};font-weight:bold}
.lt-doc__sign-space{height:6em}
@media (max-width:640px){.lt-doc{padding:0}.lt-doc__page{min-height:0;padding:12px;box-shadow:none;font-size:11pt}.lt-doc__p,.lt-doc__h{text-indent:2em}.lt-doc__national-name{white-space:normal}}
@media print{.lt-doc{background:none;padding:0}.lt-doc__page{box-shadow:none;max-width:none;min-height:0;margin:0;padding:0}}
`
	.trim()
	.replace(/\n/g, '');

export interface HtmlOptions {
	/** Level of the document's own heading (type name and summary); section headings go below it. Default 2, for use inside a page that has its h1. */
	headingLevel?: number;
}

const h = (level: number) => `h${Math.min(6, Math.max(1, level))}`;

function header(doc: OfficialDocument): string {
	const parent = doc.parentIssuer?.trim() ? `<p class="lt-doc__parent">${escapeHtml(upper(doc.parentIssuer))}</p>` : '';
	const org = doc.issuer.map((l) => escapeHtml(upper(l))).filter(Boolean).join('<br>');
	return (
		`<div class="lt-doc__head">` +
		`<div class="lt-doc__issuer">${parent}<p class="lt-doc__org">${org}</p></div>` +
		`<div class="lt-doc__nation"><p class="lt-doc__national-name">${NATIONAL_NAME}</p><p class="lt-doc__motto">${MOTTO}</p></div>` +
		`<p class="lt-doc__number">${escapeHtml(numberLine(doc.number, doc.symbol))}</p>` +
		`<p class="lt-doc__place-date">${escapeHtml(placeDateLine(doc.place, doc.date))}</p>` +
		`</div>`
	);
}

function table(b: TableBlock): string {
	const columns = Math.max(b.header.length, ...b.rows.map((r) => r.length), 1);
	const cls = (i: number) => (b.numericColumns?.includes(i) ? ' class="lt-doc__num"' : '');
	const cells = (r: string[], tag: 'th' | 'td') =>
		Array.from({ length: columns }, (_, i) => `<${tag}${tag === 'th' ? ' scope="col"' : cls(i)}>${lines(r[i] ?? '')}</${tag}>`).join('');
	return (
		`<table class="lt-doc__table">` +
		(b.caption ? `<caption>${lines(b.caption)}</caption>` : '') +
		(b.header.length ? `<thead><tr>${cells(b.header, 'th')}</tr></thead>` : '') +
		`<tbody>${b.rows.map((r) => `<tr>${cells(r, 'td')}</tr>`).join('')}</tbody></table>`
	);
}

function block(b: DocumentBlock, base: number): string {
	if (b.kind === 'heading') {
		const tag = h(base + b.level);
		const text = b.number ? `${b.number} ${b.text}` : b.text;
		return `<${tag} class="lt-doc__h lt-doc__h--${Math.min(b.level, 3)}">${lines(text)}</${tag}>`;
	}
	if (b.kind === 'paragraph') {
		const align = b.align && b.align !== 'justify' ? ` lt-doc__p--${b.align}` : '';
		const marker = b.marker ? `${escapeHtml(b.marker)} ` : '';
		return `<p class="lt-doc__p${align}">${marker}${spans(b.text)}</p>`;
	}
	return table(b);
}

function foot(doc: OfficialDocument): string {
	const recipients = doc.recipients.length
		? `<section class="lt-doc__recipients" aria-label="${escapeHtml(RECIPIENTS_LABEL.replace(/:$/, ''))}">` +
			`<p class="lt-doc__recipients-label">${escapeHtml(RECIPIENTS_LABEL)}</p>` +
			`<ul>${doc.recipients.map((r, i) => `<li>${lines(recipientLine(r, i === doc.recipients.length - 1))}</li>`).join('')}</ul></section>`
		: '<div></div>';
	const s = doc.signer;
	const signature = s
		? `<div class="lt-doc__signature">` +
			(s.authority?.trim() ? `<p>${escapeHtml(upper(s.authority))}</p>` : '') +
			`<p>${escapeHtml(upper(s.title))}</p><div class="lt-doc__sign-space" aria-hidden="true"></div>` +
			(s.name?.trim() ? `<p>${escapeHtml(s.name.trim())}</p>` : '') +
			`</div>`
		: '<div></div>';
	return `<div class="lt-doc__foot">${recipients}${signature}</div>`;
}

/**
 * The document as an HTML fragment with its own `<style>`, looking like the printed page: put it in
 * a Svelte page with `{@html}`. Every text is escaped here; nothing from the document is markup.
 */
export function renderHtml(doc: OfficialDocument, options: HtmlOptions = {}): string {
	const base = options.headingLevel ?? 2;
	const type = doc.documentType?.trim() ? `<span class="lt-doc__type">${escapeHtml(upper(doc.documentType))}</span>` : '';
	const title = `<${h(base)} class="lt-doc__title">${type}<span class="lt-doc__summary">${lines(doc.title.trim())}</span></${h(base)}>`;
	return (
		`<div class="lt-doc" lang="${doc.language ?? 'vi'}"><style>${documentCss}</style>` +
		`<article class="lt-doc__page">${header(doc)}${title}` +
		`<div class="lt-doc__body">${doc.body.map((b) => block(b, base)).join('')}</div>` +
		`${foot(doc)}</article></div>`
	);
}

/** A whole HTML page holding only the document (for a download or `?format=html`). */
export function renderHtmlPage(doc: OfficialDocument): string {
	const title = escapeHtml(`${doc.documentType ? upper(doc.documentType) + ' ' : ''}${doc.title}`.replace(/\s+/g, ' ').trim());
	return (
		`<!doctype html><html lang="${doc.language ?? 'vi'}"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>` +
		`<style>body{margin:0}@page{size:A4;margin:${PAGE.marginMm.top}mm ${PAGE.marginMm.right}mm ${PAGE.marginMm.bottom}mm ${PAGE.marginMm.left}mm}</style>` +
		`</head><body><main>${renderHtml(doc, { headingLevel: 1 })}</main></body></html>\n`
	);
}
