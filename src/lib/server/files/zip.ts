import fs from 'node:fs';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * Reads a ZIP's central directory without inflating anything: the entry names (to tell an XLSX
 * from a DOCX or any other ZIP) and the total inflated size (to refuse a zip bomb before a parser
 * tries to inflate it in memory).
 */
export type ZipInspection = { ok: true; names: Set<string>; entries: Map<string, ZipEntry>; inflatedBytes: number } | { ok: false; reason: string };

/** Where an entry's data lies, to inflate it alone (see `zipEntryStream`). */
export interface ZipEntry {
	name: string;
	/** 0 stored, 8 deflated. */
	method: number;
	compressedSize: number;
	size: number;
	/** Offset of the entry's local header from the start of the file. */
	localOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
/** The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end. */
const MAX_TAIL = 22 + 65_535;

interface EndRecord {
	count: number;
	/** Offset of the central directory from the start of the file, and its size. */
	offset: number;
	size: number;
}

function findEnd(tail: Uint8Array): EndRecord | null {
	const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
	for (let i = tail.byteLength - 22; i >= Math.max(0, tail.byteLength - MAX_TAIL); i--) {
		if (view.getUint32(i, true) === END_OF_DIRECTORY) {
			return { count: view.getUint16(i + 10, true), size: view.getUint32(i + 12, true), offset: view.getUint32(i + 16, true) };
		}
	}
	return null;
}

/** Walks `count` directory entries starting at `start` of `bytes`. */
function readDirectory(bytes: Uint8Array, start: number, count: number): ZipInspection {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const names = new Set<string>();
	const entries = new Map<string, ZipEntry>();
	let inflatedBytes = 0;
	let offset = start;
	const decoder = new TextDecoder();
	for (let n = 0; n < count; n++) {
		if (offset < 0 || offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== DIRECTORY_ENTRY) return { ok: false, reason: 'zip: damaged directory' };
		const size = view.getUint32(offset + 24, true);
		// ZIP64 marks sizes it cannot hold in 32 bits; no honest spreadsheet upload needs that.
		if (size === 0xffffffff) return { ok: true, names, entries, inflatedBytes: Number.MAX_SAFE_INTEGER };
		inflatedBytes += size;
		const nameLength = view.getUint16(offset + 28, true);
		const extraLength = view.getUint16(offset + 30, true);
		const commentLength = view.getUint16(offset + 32, true);
		const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
		names.add(name);
		entries.set(name, {
			name,
			method: view.getUint16(offset + 10, true),
			compressedSize: view.getUint32(offset + 20, true),
			size,
			localOffset: view.getUint32(offset + 42, true)
		});
		offset += 46 + nameLength + extraLength + commentLength;
	}
	return { ok: true, names, entries, inflatedBytes };
}

export function inspectZip(bytes: Uint8Array): ZipInspection {
	const end = findEnd(bytes);
	if (!end) return { ok: false, reason: 'zip: no central directory' };
	return readDirectory(bytes, end.offset, end.count);
}

/**
 * The same for a ZIP on disk, reading only its tail and its directory, so a large upload is
 * checked before anything streams it.
 */
export async function inspectZipFile(path: string): Promise<ZipInspection> {
	const handle = await fs.promises.open(path, 'r');
	try {
		const { size } = await handle.stat();
		const tailLength = Math.min(size, MAX_TAIL);
		const tail = Buffer.alloc(tailLength);
		await handle.read(tail, 0, tailLength, size - tailLength);
		const end = findEnd(tail);
		if (!end) return { ok: false, reason: 'zip: no central directory' };
		if (end.offset + end.size > size || end.size > 64 * 1024 * 1024) return { ok: false, reason: 'zip: damaged directory' };
		const directory = Buffer.alloc(end.size);
		await handle.read(directory, 0, end.size, end.offset);
		return readDirectory(directory, 0, end.count);
	} finally {
		await handle.close();
	}
}

const LOCAL_HEADER = 0x04034b50;

/**
 * The inflated bytes of one entry, as a stream, read straight from its place in the file (or the
 * bytes): entries can be read in any order, whatever order the ZIP stores them in.
 */
export async function zipEntryStream(source: Uint8Array | { path: string }, entry: ZipEntry): Promise<Readable> {
	const header = await readRange(source, entry.localOffset, 30);
	const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
	if (header.byteLength < 30 || view.getUint32(0, true) !== LOCAL_HEADER) throw new Error('zip: damaged entry ' + entry.name);
	const start = entry.localOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
	const raw =
		source instanceof Uint8Array
			? Readable.from([Buffer.from(source.buffer, source.byteOffset + start, Math.min(entry.compressedSize, source.byteLength - start))])
			: entry.compressedSize === 0
				? Readable.from([])
				: fs.createReadStream(source.path, { start, end: start + entry.compressedSize - 1, highWaterMark: 64 * 1024 });
	if (entry.method === 0) return raw;
	if (entry.method !== 8) throw new Error(`zip: compression method ${entry.method}`);
	const inflate = zlib.createInflateRaw();
	raw.on('error', (err: Error) => inflate.destroy(err));
	return raw.pipe(inflate);
}

async function readRange(source: Uint8Array | { path: string }, offset: number, length: number): Promise<Uint8Array> {
	if (source instanceof Uint8Array) return source.subarray(offset, offset + length);
	const handle = await fs.promises.open(source.path, 'r');
	try {
		const buffer = Buffer.alloc(length);
		const { bytesRead } = await handle.read(buffer, 0, length, offset);
		return buffer.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
}

/**
 * The inflated bytes of one entry of a ZIP held in memory, with a size bound; null when there is
 * no such entry. A damaged archive throws an Error whose message says what is wrong.
 */
export function readZipEntryBytes(bytes: Uint8Array, name: string, maxBytes = 64 * 1024 * 1024): Uint8Array | null {
	const zip = inspectZip(bytes);
	if (!zip.ok) throw new Error(zip.reason);
	const entry = zip.entries.get(name);
	if (!entry) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const local = entry.localOffset;
	if (local + 30 > bytes.byteLength || view.getUint32(local, true) !== LOCAL_HEADER) throw new Error(`zip: damaged entry ${name}`);
	const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
	if (start + entry.compressedSize > bytes.byteLength) throw new Error(`zip: truncated entry ${name}`);
	const data = bytes.subarray(start, start + entry.compressedSize);
	if (entry.method === 0) return data;
	if (entry.method !== 8) throw new Error(`zip: compression method ${entry.method}`);
	try {
		return zlib.inflateRawSync(data, { maxOutputLength: maxBytes });
	} catch (err) {
		throw new Error(`${name}: ${err instanceof Error ? err.message.slice(0, 80) : 'inflate'}`);
	}
}

/** The same entry as UTF-8 text. */
export function readZipEntryText(bytes: Uint8Array, name: string, maxBytes?: number): string | null {
	const data = readZipEntryBytes(bytes, name, maxBytes);
	return data === null ? null : new TextDecoder().decode(data);
}
