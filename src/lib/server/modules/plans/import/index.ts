import { AppError } from '../../../errors';
import { inspectZip } from '../../../files/zip';
import type { PlanDocument } from '../plans.interchange';
import { docxToLines } from './docx';
import { textToLines } from './lines';
import { parseSourceLines } from './parse';

/**
 * Import of existing plans: a .txt, .md or .docx file written in the usual layout of a commune
 * plan → the plan in the interchange format. Text the parser does not recognise is kept in place
 * and listed in `warnings`; a file that is empty, damaged, too large, of another kind or not a
 * plan is refused with an AppError whose message says what to do.
 */

/** Largest plan file accepted (10 MB), as for every other upload. */
export const MAX_PLAN_FILE_BYTES = 10 * 1024 * 1024;
/** A .docx of 10 MB inflates a few times; far more is a ZIP bomb, not a plan. */
const MAX_DOCX_INFLATED = 200 * 1024 * 1024;

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;
const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

const SIGNATURES: { bytes: number[]; kind: string }[] = [
	{ bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'png' },
	{ bytes: [0xff, 0xd8, 0xff], kind: 'jpeg' },
	{ bytes: [0x47, 0x49, 0x46, 0x38], kind: 'gif' },
	{ bytes: [0x1f, 0x8b], kind: 'gzip' },
	{ bytes: [0x52, 0x61, 0x72, 0x21], kind: 'rar' },
	{ bytes: [0x37, 0x7a, 0xbc, 0xaf], kind: '7z' },
	{ bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], kind: 'rtf' }
];

const unsupported = (kind: string, file: string) => new AppError('UNSUPPORTED_MEDIA_TYPE', 'planImport.format', { kind, file });

/** What a file is, by its bytes, not its name: a .docx, or text (decoded), or refused. */
function sniff(bytes: Uint8Array, file: string): { kind: 'docx' } | { kind: 'text'; text: string } {
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
		const zip = inspectZip(bytes);
		if (!zip.ok) throw new AppError('VALIDATION', 'planImport.corrupt', { reason: zip.reason });
		if (zip.names.has('word/document.xml')) {
			if (zip.inflatedBytes > MAX_DOCX_INFLATED) throw new AppError('PAYLOAD_TOO_LARGE', 'planImport.tooLarge', { size: megabytes(zip.inflatedBytes), limit: megabytes(MAX_DOCX_INFLATED) });
			return { kind: 'docx' };
		}
		if (zip.names.has('xl/workbook.xml')) throw unsupported('xlsx', file);
		if (zip.names.has('ppt/presentation.xml')) throw unsupported('pptx', file);
		if (zip.names.has('content.xml')) throw unsupported('odt', file);
		throw unsupported('zip', file);
	}
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'planImport.pdf');
	if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'planImport.legacyDoc');
	const known = SIGNATURES.find((s) => startsWith(bytes, s.bytes));
	if (known) throw unsupported(known.kind, file);
	return { kind: 'text', text: decodeText(bytes, file) };
}

/** UTF-16 without a byte order mark: every other byte of Latin text is zero. */
function looksUtf16(bytes: Uint8Array, zeroAt: 0 | 1): boolean {
	const n = Math.min(bytes.length, 4096) & ~1;
	if (n < 8) return false;
	let zeros = 0;
	for (let i = zeroAt; i < n; i += 2) if (bytes[i] === 0) zeros++;
	return zeros >= (n / 2) * 0.3;
}

/** UTF-8 (byte order mark tolerated) or UTF-16 (with or without one); binaries and legacy code pages are refused. */
function decodeText(bytes: Uint8Array, file: string): string {
	let encoding = 'utf-8';
	if (startsWith(bytes, [0xff, 0xfe]) || looksUtf16(bytes, 1)) encoding = 'utf-16le';
	else if (startsWith(bytes, [0xfe, 0xff]) || looksUtf16(bytes, 0)) encoding = 'utf-16be';
	else {
		// Control bytes never occur in UTF-8 text; they mark a binary file.
		const head = bytes.subarray(0, 65_536);
		if (head.some((b) => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b))) throw unsupported('binary', file);
	}
	let text: string;
	try {
		text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
	} catch {
		throw new AppError('VALIDATION', 'planImport.encoding');
	}
	if (/[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 65_536))) throw unsupported('binary', file);
	const start = text.replace(/^\uFEFF/, '').trimStart().slice(0, 200).toLowerCase();
	if (start.startsWith('<!doctype html') || start.startsWith('<html')) throw unsupported('html', file);
	if (start.startsWith('<?xml')) throw unsupported('xml', file);
	return text;
}

/** Refuses an empty file, or one over 10 MB (PAYLOAD_TOO_LARGE), by its size alone: callers check before reading it. */
export function assertPlanFileSize(byteLength: number): void {
	if (byteLength > MAX_PLAN_FILE_BYTES) {
		throw new AppError('PAYLOAD_TOO_LARGE', 'planImport.tooLarge', { size: megabytes(byteLength), limit: megabytes(MAX_PLAN_FILE_BYTES) });
	}
	if (byteLength === 0) throw new AppError('VALIDATION', 'planImport.empty');
}

/** Parses plan text (plain, Markdown, or text taken from a PDF) into the interchange format. */
export function parsePlanText(text: string): PlanDocument {
	if (!text.replace(/^\uFEFF/, '').trim()) throw new AppError('VALIDATION', 'planImport.empty');
	return parseSourceLines(textToLines(text));
}

/**
 * Parses a plan file (.docx, .txt, .md; told apart by content) into the interchange format.
 * The bytes decide how it is read; `filename` only names the file in messages.
 */
export async function parsePlanFile(bytes: Uint8Array, filename: string): Promise<PlanDocument> {
	assertPlanFileSize(bytes.byteLength);
	const file = sniff(bytes, filename);
	return file.kind === 'docx' ? parseSourceLines(docxToLines(bytes)) : parsePlanText(file.text);
}
