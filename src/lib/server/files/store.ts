import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { fileBlobs, storedFiles } from './files.tables';

/** Kinds of file recognised by their first bytes (never by their name or the sender's word). */
export type FileKind = 'jpeg' | 'png' | 'webp' | 'pdf' | 'wav' | 'mp3' | 'ogg' | 'docx' | 'xlsx' | 'zip';

export const mimeOf: Record<FileKind, string> = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	pdf: 'application/pdf',
	wav: 'audio/wav',
	mp3: 'audio/mpeg',
	ogg: 'audio/ogg',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	zip: 'application/zip'
};

export const imageKinds: FileKind[] = ['jpeg', 'png', 'webp'];
export const documentKinds: FileKind[] = ['pdf', 'docx', 'xlsx', 'jpeg', 'png', 'webp'];
export const audioKinds: FileKind[] = ['wav', 'mp3', 'ogg'];

/** Files stored with records are small: phone photos, scanned sheets, leaflets, bulletin audio. */
export const MAX_STORED_FILE_BYTES = 15 * 1024 * 1024;

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** Recognises a file by its content, or null when it is none of the kinds stored. */
export function sniffFile(b: Uint8Array): FileKind | null {
	if (b.length < 12) return null;
	if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
	if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
	if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WAVE') return 'wav';
	if (ascii(b, 0, 5) === '%PDF-') return 'pdf';
	if (ascii(b, 0, 4) === 'OggS') return 'ogg';
	if (ascii(b, 0, 3) === 'ID3' || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0)) return 'mp3';
	if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) {
		// An Office file names its main part among the first entries of the archive.
		const head = Buffer.from(b.subarray(0, Math.min(b.length, 64 * 1024))).toString('latin1');
		if (head.includes('word/')) return 'docx';
		if (head.includes('xl/')) return 'xlsx';
		return 'zip';
	}
	return null;
}

export interface StoreFileInput {
	bytes: Uint8Array;
	originalName: string;
	unitId: string;
	createdBy: string | null;
	/** Kinds this record accepts; anything else is refused with 415. */
	accept: readonly FileKind[];
	/** An id made elsewhere (a phone): storing the same id again returns the stored file. */
	id?: string;
}

export interface StoredFile {
	id: string;
	sha256: string;
	mime: string;
	size: number;
	originalName: string;
	unitId: string;
}

/**
 * Stores a file's bytes once per content and a `stored_files` row citing them, inside the
 * caller's transaction. Refuses empty, oversized and unrecognised files with a clear message.
 * With an `id` already stored: the same bytes return the stored row, other bytes are a conflict.
 */
export async function storeFile(tx: Db, input: StoreFileInput): Promise<StoredFile> {
	const { bytes } = input;
	if (bytes.byteLength === 0) throw new AppError('VALIDATION', 'error.fileEmpty');
	if (bytes.byteLength > MAX_STORED_FILE_BYTES) {
		throw new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: `${MAX_STORED_FILE_BYTES / 1024 / 1024} MB` });
	}
	const kind = sniffFile(bytes);
	if (!kind || !input.accept.includes(kind)) {
		throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'error.fileKind', { accepted: input.accept.join(', ') });
	}
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const originalName = cleanName(input.originalName) || `file.${kind}`;
	if (input.id) {
		const [existing] = await tx.select().from(storedFiles).where(eq(storedFiles.id, input.id));
		if (existing) {
			if (existing.sha256 !== sha256) throw new AppError('CONFLICT', 'error.fileIdConflict');
			return existing;
		}
	}
	await tx
		.insert(fileBlobs)
		.values({ sha256, bytes, size: bytes.byteLength })
		.onConflictDoNothing();
	const [row] = await tx
		.insert(storedFiles)
		.values({
			...(input.id ? { id: input.id } : {}),
			sha256,
			mime: mimeOf[kind],
			size: bytes.byteLength,
			originalName,
			unitId: input.unitId,
			createdBy: input.createdBy
		})
		.returning();
	return row;
}

/** A stored file with its bytes, or null. The caller has checked the reader's scope on `unitId`. */
export async function readStoredFile(db: Db, id: string): Promise<(StoredFile & { bytes: Uint8Array }) | null> {
	const [row] = await db
		.select({
			id: storedFiles.id,
			sha256: storedFiles.sha256,
			mime: storedFiles.mime,
			size: storedFiles.size,
			originalName: storedFiles.originalName,
			unitId: storedFiles.unitId,
			bytes: fileBlobs.bytes
		})
		.from(storedFiles)
		.innerJoin(fileBlobs, eq(fileBlobs.sha256, storedFiles.sha256))
		.where(eq(storedFiles.id, id));
	if (!row) return null;
	return { ...row, bytes: toBytes(row.bytes) };
}

/** The metadata of a stored file, without its bytes. */
export async function getStoredFile(db: Db, id: string): Promise<StoredFile | null> {
	const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, id));
	return row ?? null;
}

/** Bytes as drivers return bytea: a Uint8Array (PGlite), a Buffer (pg), or `\x…` hex text. */
function toBytes(v: unknown): Uint8Array {
	if (v instanceof Uint8Array) return v;
	if (typeof v === 'string' && v.startsWith('\\x')) return Buffer.from(v.slice(2), 'hex');
	throw new Error('unexpected bytea value');
}

/** A safe download name: no path, no control characters, at most 200 characters. */
function cleanName(name: string): string {
	return name
		.normalize('NFC')
		.replace(/^.*[\\/]/, '')
		.replace(/[\u0000-\u001f\u007f"]/g, '')
		.trim()
		.slice(0, 200);
}

/** Headers for sending a stored file: its recognised type, and a download name in UTF-8. */
export function fileHeaders(file: StoredFile, disposition: 'inline' | 'attachment' = 'attachment'): Record<string, string> {
	const ascii = file.originalName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_');
	return {
		'content-type': file.mime,
		'content-length': String(file.size),
		'content-disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
		'x-content-type-options': 'nosniff',
		'cache-control': 'private, max-age=3600'
	};
}

