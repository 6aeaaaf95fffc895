#!/usr/bin/env node
// The `lantoa` command. `serve` starts the built server; every other command runs src/cli/main.ts
// with the server's modules and database settings: bundled in build/cli/ by `npm run build`, or
// through tsx from the sources when the bundle is missing or older than them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.LANTOA_ROOT ??= root;
const [command] = process.argv.slice(2);

/**
 * Whether build/cli/main.js (made by `npm run build`) is there and no file under src/ has changed since;
 * otherwise the command runs from the sources through tsx. LANTOA_CLI_SOURCES=1 always does.
 */
function bundleIsCurrent(bundle) {
	if (process.env.LANTOA_CLI_SOURCES === '1') return false;
	let built;
	try {
		built = fs.statSync(bundle).mtimeMs;
	} catch {
		return false;
	}
	const newer = (dir) => {
		let entries;
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			return false; // no sources beside the build (a copy of build/ and bin/ only)
		}
		return entries.some((e) => {
			const p = path.join(dir, e.name);
			return e.isDirectory() ? newer(p) : fs.statSync(p).mtimeMs > built;
		});
	};
	return !newer(path.join(root, 'src'));
}

/**
 * The heap cap (MB) the command runs with, 0 for none. V8 keeps garbage while it has room (here
 * up to 4 GB); with a cap it collects before the process grows (docs/BENCHMARKS.md, household
 * register). A list import: 160 MB (LANTOA_IMPORT_HEAP_MB). The server on the embedded database,
 * whose engine lives in the same process: 384 MB (LANTOA_HEAP_MB, which also caps a server on
 * PostgreSQL when set). 0 leaves V8's own limit; so does a --max-old-space-size given to node.
 */
function heapCapFor(args) {
	if (process.env.LANTOA_HEAP_CAPPED) return 0;
	if (process.execArgv.some((a) => a.startsWith('--max-old-space-size')) || /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '')) return 0;
	const mb = (value, fallback) => (value === undefined || value === '' ? fallback : Number(value) > 0 ? Number(value) : 0);
	if (args[0] === 'households' && args[1] === 'import') return mb(process.env.LANTOA_IMPORT_HEAP_MB, 160);
	if (args[0] === 'serve') return mb(process.env.LANTOA_HEAP_MB, process.env.DATABASE_URL?.trim() ? 0 : 384);
	return 0;
}

if (process.env.LANTOA_HEAP_CAPPED && process.channel) {
	// Run for a parent that re-executed itself: when it dies, die at once as it did (an import
	// killed midway must leave nothing; its transaction ends with the connection).
	process.channel.unref();
	process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}

const heapCap = heapCapFor(process.argv.slice(2));
if (heapCap > 0) {
	// The command runs again in a child with the cap; signals and the exit code pass through.
	const { spawn } = await import('node:child_process');
	const child = spawn(process.execPath, [`--max-old-space-size=${heapCap}`, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
		// The channel tells the child when this process is gone, even killed outright.
		stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
		env: { ...process.env, LANTOA_HEAP_CAPPED: '1' }
	});
	const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
	for (const signal of signals) process.on(signal, () => child.kill(signal));
	child.on('exit', (code, signal) => {
		if (!signal) process.exit(code ?? 1);
		for (const s of signals) process.removeAllListeners(s);
		process.kill(process.pid, signal);
	});
} else if (command === 'serve') {
	const entry = path.join(root, 'build', 'index.js');
	if (!fs.existsSync(entry)) {
		console.error('Chưa build ứng dụng: chạy `npm run build` trước. / The app is not built: run `npm run build` first.');
		process.exit(1);
	}
	process.env.PORT ??= '3000';
	process.env.BODY_SIZE_LIMIT ??= '12M';
	await import(pathToFileURL(entry).href);
	const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : 'localhost';
	console.error(`Lan Tỏa: http://${host}:${process.env.PORT}`);
} else {
	const bundle = path.join(root, 'build', 'cli', 'main.js');
	let entry = bundle;
	if (!bundleIsCurrent(bundle)) {
		const { register } = await import('tsx/esm/api');
		register({ tsconfig: path.join(root, 'tsconfig.json') });
		entry = path.join(root, 'src', 'cli', 'main.ts');
	}
	const { main } = await import(pathToFileURL(entry).href);
	process.exitCode = await main(process.argv.slice(2));
}
