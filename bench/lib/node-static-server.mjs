// A bare node:http server of the files in a folder, read once into memory: the baseline for what
// Node itself costs per request, with no framework, routing library or database.
// Usage: node node-static-server.mjs ROOT PORT
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const [root, port] = process.argv.slice(2);
const types = { '.html': 'text/html', '.json': 'application/json', '.txt': 'text/plain' };
const files = new Map();
for (const name of fs.readdirSync(root)) {
	const body = fs.readFileSync(path.join(root, name));
	files.set('/' + name, { body, type: types[path.extname(name)] ?? 'application/octet-stream' });
}
const server = http.createServer((req, res) => {
	const f = files.get(req.url);
	if (!f) {
		res.writeHead(404).end();
		return;
	}
	res.writeHead(200, { 'content-type': f.type, 'content-length': f.body.length });
	res.end(f.body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => {
	server.close(() => process.exit(0));
	server.closeAllConnections();
});
