#!/usr/bin/env node
// The `lantoa` command. `serve` starts the built server; every other command runs the TypeScript
// sources through tsx, sharing the server's modules and database settings.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.LANTOA_ROOT ??= root;
const [command] = process.argv.slice(2);

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
} else {
	const { register } = await import('tsx/esm/api');
	register({ tsconfig: path.join(root, 'tsconfig.json') });
	const { main } = await import(pathToFileURL(path.join(root, 'src', 'cli', 'main.ts')).href);
	process.exitCode = await main(process.argv.slice(2));
}
