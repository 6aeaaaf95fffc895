#!/usr/bin/env node
// Part of `npm run build`: bundles the `lantoa` command (src/cli/main.ts and the server modules it
// uses) into build/cli/main.js (and its chunks), so that a command starts as plain JavaScript in about a second instead of
// compiling hundreds of TypeScript modules through tsx first. Packages stay in node_modules.
// bin/lantoa.js uses it only while no file under src/ is newer than it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
	entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
	outdir: path.join(root, 'build', 'cli'),
	// Each command group and what only it uses is a chunk of its own, loaded when that command runs.
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	alias: { $lib: path.join(root, 'src', 'lib'), $cli: path.join(root, 'src', 'cli') },
	tsconfig: path.join(root, 'tsconfig.json'),
	sourcemap: 'linked',
	logLevel: 'warning'
});
