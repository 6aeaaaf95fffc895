import http from 'node:http';

export interface RawResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

// A fresh connection per request: after an answer that left a body unread the server closes the
// connection, and a reused socket would fail with ECONNRESET for the next, unrelated request.
const agent = new http.Agent({ keepAlive: false });

/**
 * One HTTP request exactly as given: any method, a path sent byte for byte (malformed percent
 * escapes, dot segments), a body even on GET, chunked when no length is given. `fetch` would
 * normalise or refuse most of that.
 */
export function rawRequest(
	baseUrl: string,
	req: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer | Buffer[] }
): Promise<RawResponse> {
	const { hostname, port } = new URL(baseUrl);
	const chunks = req.body === undefined ? [] : Array.isArray(req.body) ? req.body : [req.body];
	const headers: Record<string, string> = { ...req.headers };
	if (!Array.isArray(req.body) && req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
	return new Promise((resolve, reject) => {
		const r = http.request({ host: hostname, port: Number(port), method: req.method, path: req.path, headers, agent }, (res) => {
			const parts: Buffer[] = [];
			res.on('data', (d: Buffer) => parts.push(d));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
			res.on('error', reject);
		});
		r.on('error', reject);
		for (const c of chunks) r.write(c);
		r.end();
	});
}
