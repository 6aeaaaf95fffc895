import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Entries copied: what `lantoa serve` runs (build/, bin/) and the migrations that build expects. */
const COPIED = ['build', 'bin', 'drizzle', 'package.json'];

/**
 * A private copy of the built app, so that nobody rebuilding build/ in the same checkout during
 * the run (tests, other work) swaps chunks under a running server. build/, bin/, drizzle/ and
 * package.json are copied; every other top-level entry (node_modules, static, …) is a symlink.
 * Run `startAppServer` with the returned directory as the working directory.
 */
export function snapshotApp(root: string): { dir: string; remove(): void } {
	if (!fs.existsSync(path.join(root, 'build', 'index.js'))) throw new Error('build/ is missing: run `npm run build` first (npm run bench does)');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-bench-app-'));
	for (const name of fs.readdirSync(root)) {
		if (name === '.git' || name === 'bench') continue;
		const from = path.join(root, name);
		const to = path.join(dir, name);
		if (COPIED.includes(name)) fs.cpSync(from, to, { recursive: true });
		else fs.symlinkSync(from, to);
	}
	return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
