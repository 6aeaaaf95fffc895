#!/usr/bin/env node
// The `lantoa` command. `serve` starts the built server; every other command runs the TypeScript
// sources through tsx, sharing the server's modules and database settings.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.LANTOA_ROOT ??= root;
const [command] = process.argv.slice(2);

/** Heap cap (MB) of `lantoa households import`; LANTOA_IMPORT_HEAP_MB changes it, 0 leaves it off. */
const IMPORT_HEAP_MB = Number(process.env.LANTOA_IMPORT_HEAP_MB ?? 160);

function needsHeapCap(args) {
	if (process.env.LANTOA_HEAP_CAPPED || !(IMPORT_HEAP_MB > 0)) return false;
	if (process.execArgv.some((a) => a.startsWith('--max-old-space-size')) || /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '')) return false;
	return args[0] === 'households' && args[1] === 'import';
}

if (command === 'serve') {
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
} else if (needsHeapCap(process.argv.slice(2))) {
	// A list import streams its file and keeps little, but V8 holds on to garbage while it has room:
	// with a capped heap the process stays well under 600 MB for 100,000 rows (docs/BENCHMARKS.md).
	// The command runs again in a child with the cap; signals and the exit code pass through.
	const { spawn } = await import('node:child_process');
	const child = spawn(process.execPath, [`--max-old-space-size=${IMPORT_HEAP_MB}`, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
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
} else {
	if (process.env.LANTOA_HEAP_CAPPED && process.channel) {
		// Run for a parent that re-executed itself: when it dies, die at once as it did (an import
		// killed midway must leave nothing; its transaction ends with the connection).
		process.channel.unref();
		process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
	}
	const { register } = await import('tsx/esm/api');
	register({ tsconfig: path.join(root, 'tsconfig.json') });
	const { main } = await import(pathToFileURL(path.join(root, 'src', 'cli', 'main.ts')).href);
	process.exitCode = await main(process.argv.slice(2));
}
