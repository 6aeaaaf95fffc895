import { fileHeaders, type StoredFile } from '../../files/store';

/**
 * A stored audio file as an HTTP answer, inline, with its recognised type; a `Range: bytes=a-b`
 * request gets 206 and that part (players seek with it), an impossible range 416.
 */
export function audioResponse(request: Request, file: StoredFile & { bytes: Uint8Array }, extra: Record<string, string> = {}): Response {
	const headers: Record<string, string> = { ...fileHeaders(file, 'inline'), 'accept-ranges': 'bytes', ...extra };
	const range = request.headers.get('range')?.match(/^bytes=(\d*)-(\d*)$/);
	if (!range || (range[1] === '' && range[2] === '')) return new Response(file.bytes as BodyInit, { headers });
	const size = file.bytes.length;
	let start = range[1] === '' ? size - Number(range[2]) : Number(range[1]);
	let end = range[1] === '' || range[2] === '' ? size - 1 : Number(range[2]);
	start = Math.max(0, start);
	end = Math.min(end, size - 1);
	if (start > end || start >= size) return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
	const part = file.bytes.subarray(start, end + 1);
	return new Response(part as BodyInit, {
		status: 206,
		headers: { ...headers, 'content-length': String(part.length), 'content-range': `bytes ${start}-${end}/${size}` }
	});
}
