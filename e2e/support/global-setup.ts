import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A private copy of the built app that every test file's server runs from. */
		appRoot: string;
	}
}

/**
 * Copies the built app (build/, bin/, drizzle/, package.json, and a link to node_modules) once per
 * run into a temporary folder, so that the servers of this run all serve the same build even if
 * `npm run build` rewrites build/ meanwhile (several people share one checkout; a server
 * loading a route chunk from a half-rewritten build/ fails with 500).
 */
export default function setup(project: TestProject) {
	const repo = process.cwd();
	if (!fs.existsSync(path.join(repo, 'build', 'index.js'))) throw new Error('build/ is missing: run `npm run build` first');
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-e2e-build-'));
	for (const dir of ['build', 'bin', 'drizzle']) fs.cpSync(path.join(repo, dir), path.join(root, dir), { recursive: true });
	fs.copyFileSync(path.join(repo, 'package.json'), path.join(root, 'package.json'));
	fs.symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');
	project.provide('appRoot', root);
	return () => fs.rmSync(root, { recursive: true, force: true });
}
