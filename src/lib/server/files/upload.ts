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
	const iterable: AsyncIterable<Uint8Array | string> =
		Symbol.asyncIterator in source ? source : webStreamChunks(source as ReadableStream<Uint8Array>);
	const chunks: Uint8Array[] = [];
	let total = 0;
	for await (const chunk of iterable) {
		const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		total += bytes.byteLength;
		if (total > maxBytes) throw tooLarge(maxBytes);
		chunks.push(bytes);
	}
	return Buffer.concat(chunks, total);
}

async function* webStreamChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
	const reader = stream.getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			yield value;
		}
	} finally {
		// Stop reading the rest of an oversized body.
		await reader.cancel().catch(() => {});
	}
}
