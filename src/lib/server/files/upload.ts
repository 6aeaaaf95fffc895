import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from '../db/pglite-lock';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { AppError } from '../errors';

/** What an upload arrives as: bytes, a web stream (a request body, a `File`), or a Node stream. */
export type UploadSource = Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

function tooLarge(maxBytes: number): AppError {
	return new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: `${Math.round(maxBytes / 1024 / 1024)} MB` });
}

/**
 * Collects an upload into memory, refusing it with 413 as soon as it passes `maxBytes`, so a huge
 * body is never read whole. Spreadsheets must be whole anyway: a ZIP's directory sits at its end.
 */
export async function readUpload(source: UploadSource, maxBytes: number): Promise<Uint8Array> {
	if (source instanceof ArrayBuffer) source = new Uint8Array(source);
	if (source instanceof Uint8Array) {
		if (source.byteLength > maxBytes) throw tooLarge(maxBytes);
		return source;
	}
	const chunks: Uint8Array[] = [];
	let total = 0;
	for await (const bytes of boundedChunks(source, maxBytes)) {
		chunks.push(bytes);
		total += bytes.byteLength;
	}
	return Buffer.concat(chunks, total);
}

const UPLOAD_PREFIX = 'lantoa-upload-';

/**
 * Removes temporary files a killed process left behind (uploads and spools may hold personal
 * data). Their names are `<prefix><pid>-…`: a file whose process is gone is removed.
 */
export function removeOrphanTempFiles(prefix: string): void {
	const dir = os.tmpdir();
	let names: string[] = [];
	try {
		names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix));
	} catch {
		return;
	}
	for (const name of names) {
		const pid = Number(name.slice(prefix.length).split('-')[0]);
		if (!Number.isInteger(pid) || pid <= 0) continue;
		// A process that is gone, or has ended without being reaped, left the file behind.
		if (!processAlive(pid)) fs.rmSync(path.join(dir, name), { force: true });
	}
}

/** A new file name in the temporary directory, claimed by this process (see removeOrphanTempFiles). */
export function tempFileName(prefix: string, suffix = ''): string {
	return path.join(os.tmpdir(), `${prefix}${process.pid}-${randomUUID()}${suffix}`);
}

/**
 * Writes an upload to a new file in the temporary directory (readable by this user only), with
 * the same 413 refusal as `readUpload`, and returns its path: large imports stream from disk
 * instead of holding the file in memory. The caller removes the file.
 */
export async function saveUpload(source: UploadSource, maxBytes: number): Promise<string> {
	removeOrphanTempFiles(UPLOAD_PREFIX);
	const file = tempFileName(UPLOAD_PREFIX);
	const out = fs.createWriteStream(file, { mode: 0o600 });
	try {
		if (source instanceof ArrayBuffer) source = new Uint8Array(source);
		if (source instanceof Uint8Array && source.byteLength > maxBytes) throw tooLarge(maxBytes);
		const chunks = source instanceof Uint8Array ? [source] : boundedChunks(source, maxBytes);
		for await (const bytes of chunks) if (!out.write(bytes)) await once(out, 'drain');
		out.end();
		await once(out, 'finish');
		return file;
	} catch (err) {
		out.destroy();
		fs.rmSync(file, { force: true });
		throw err;
	}
}

/** The chunks of a stream, refused with 413 past `maxBytes` and as a bad upload when the client breaks off. */
async function* boundedChunks(source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>, maxBytes: number): AsyncGenerator<Uint8Array> {
	// A web stream is read by hand: its own iterator cancels it on an early exit (see drain).
	const iterable: AsyncIterable<Uint8Array | string> =
		'getReader' in source ? webStreamChunks(source as ReadableStream<Uint8Array>) : (source as AsyncIterable<Uint8Array | string>);
	let total = 0;
	try {
		for await (const chunk of iterable) {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			total += bytes.byteLength;
			if (total > maxBytes) throw tooLarge(maxBytes);
			yield bytes;
		}
	} catch (err) {
		if (err instanceof AppError) throw err;
		// The server's own body limit, or a client that gave up half way: a bad upload, not a crash.
		if ((err as { status?: number }).status === 413) throw tooLarge(maxBytes);
		throw new AppError('VALIDATION', 'file.table.unreadable', { reason: err instanceof Error ? err.message.slice(0, 120) : 'upload' });
	}
}

async function* webStreamChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
	const reader = stream.getReader();
	let done = false;
	try {
		for (;;) {
			const next = await reader.read();
			if ((done = next.done)) return;
			yield next.value;
		}
	} finally {
		if (!done) void drain(reader);
	}
}

/**
 * Reads and drops what is left of a refused body, so the client, still sending, receives the
 * 413 answer: closing a socket with unread data resets the connection. Past a bound it cancels.
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, bound = 64 * 1024 * 1024): Promise<void> {
	let dropped = 0;
	try {
		while (dropped < bound) {
			const next = await reader.read();
			if (next.done) return;
			dropped += next.value.byteLength;
		}
		await reader.cancel();
	} catch {
		// The client went away or the server's own limit ended the body: nothing left to do.
	}
}
