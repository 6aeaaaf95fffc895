#!/usr/bin/env node
// `npm test`: everything the project checks, in one command.
//   1. Chromium at /usr/bin/chromium and espeak-ng (installed with apt-get when running as root).
//   2. `npm run build`: browser tests run against the built app.
//   3. Unit and module tests (vitest.config.ts), then browser tests (vitest.e2e.config.ts, when present).
//   4. One last line `tests: N passed, M failed[, K skipped]`; the exit code is non-zero on any failure.
// Arguments after `npm test --` go to vitest (for example a file filter).
// TEST_DATABASE_URL, when set, makes module tests run on PostgreSQL as well as PGlite.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';
const vitestBin = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const extraArgs = process.argv.slice(2);

/** Runs a command with the terminal attached; returns its exit code (null when it could not start). */
function run(command, args, opts = {}) {
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...opts });
	if (result.error) {
		console.error(`${command}: ${result.error.message}`);
		return null;
	}
	return result.signal ? 128 : result.status;
}

function say(line) {
	console.log(`\n── ${line}`);
}

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return true;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot) {
		console.error(
			[
				`Không tìm thấy Chromium tại ${CHROMIUM}; các kiểm thử trên trình duyệt cần nó.`,
				'  Cài đặt (Debian/Ubuntu): sudo apt-get update && sudo apt-get install -y chromium',
				`Chromium was not found at ${CHROMIUM}; the browser tests need it.`,
				'  Install it (Debian/Ubuntu): sudo apt-get update && sudo apt-get install -y chromium'
			].join('\n')
		);
		return false;
	}
	say('Cài Chromium / installing Chromium (apt-get)');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const code = run('sh', ['-c', 'apt-get update && apt-get install -y chromium'], { env });
	if (code !== 0 || !fs.existsSync(CHROMIUM)) {
		console.error(
			`Cài Chromium không thành công: không có ${CHROMIUM} (apt-get: ${code}). / Installing Chromium failed: no ${CHROMIUM} (apt-get exit ${code}).`
		);
		return false;
	}
	return true;
}

/**
 * espeak-ng reads loudspeaker bulletins aloud; its tests skip (saying so) without it. As root it is
 * installed with apt-get like Chromium; otherwise a missing one is only reported.
 */
function ensureEspeak() {
	if (spawnSync('espeak-ng', ['--version']).status === 0) return;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot) {
		console.warn('Không có espeak-ng: bỏ qua kiểm thử giọng đọc (sudo apt-get install -y espeak-ng). / espeak-ng missing: speech tests are skipped (sudo apt-get install -y espeak-ng).');
		return;
	}
	say('Cài espeak-ng / installing espeak-ng (apt-get)');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	if (run('sh', ['-c', 'apt-get install -y --no-install-recommends espeak-ng || (apt-get update && apt-get install -y --no-install-recommends espeak-ng)'], { env }) !== 0)
		console.warn('Cài espeak-ng không thành công. / Installing espeak-ng failed.');
}

/**
 * One vitest run with the default reporter on the terminal and the JSON reporter into a file,
 * from which the passed, failed and skipped tests are counted.
 */
function vitest(label, configArgs, reportDir) {
	const report = path.join(reportDir, `${label}.json`);
	const args = [
		vitestBin,
		'run',
		...configArgs,
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${report}`,
		...(extraArgs.length ? ['--passWithNoTests', ...extraArgs] : [])
	];
	say(`vitest (${label})`);
	const code = run(process.execPath, args);
	const counts = { passed: 0, failed: 0, skipped: 0 };
	let parsed = null;
	try {
		parsed = JSON.parse(fs.readFileSync(report, 'utf8'));
	} catch {
		/* vitest stopped before writing its report */
	}
	if (parsed) {
		counts.passed = parsed.numPassedTests ?? 0;
		counts.failed = parsed.numFailedTests ?? 0;
		counts.skipped = (parsed.numPendingTests ?? 0) + (parsed.numTodoTests ?? 0);
		// A file that fails before its tests run (import error, failing beforeAll) has no failed
		// test of its own: count it once so it cannot hide behind "0 failed".
		for (const file of parsed.testResults ?? []) {
			const failedInside = (file.assertionResults ?? []).some((a) => a.status === 'failed');
			if (file.status === 'failed' && !failedInside) counts.failed++;
		}
	}
	// A crash without a report, or an exit code the counts do not explain, is one failure.
	if (code !== 0 && counts.failed === 0) counts.failed = 1;
	return counts;
}

function main() {
	const total = { passed: 0, failed: 0, skipped: 0 };
	const problems = [];
	const add = (c) => {
		total.passed += c.passed;
		total.failed += c.failed;
		total.skipped += c.skipped;
	};

	// Without Chromium the browser tests cannot run: stop before spending time on anything else.
	if (!ensureChromium()) return 1;
	ensureEspeak();

	say('npm run build');
	const built = run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build']) === 0;
	if (!built) problems.push('the build failed (browser tests not run)');

	const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-test-'));
	try {
		// Vitest leaves one core free by default: a single worker on a two-core machine. Module
		// tests wait on PostgreSQL and on spawned processes, so every core gets a worker.
		const workers = extraArgs.some((a) => a.startsWith('--maxWorkers')) ? [] : [`--maxWorkers=${Math.max(2, os.availableParallelism())}`];
		add(vitest('unit', ['--config', 'vitest.config.ts', ...workers], reportDir));
		const e2eConfig = path.join(root, 'vitest.e2e.config.ts');
		if (!fs.existsSync(e2eConfig)) say('vitest.e2e.config.ts not found: no browser tests to run');
		else if (built) add(vitest('e2e', ['--config', 'vitest.e2e.config.ts'], reportDir));
	} finally {
		fs.rmSync(reportDir, { recursive: true, force: true });
	}

	console.log('');
	for (const p of problems) console.log(`Lỗi / Error: ${p}`);
	const skipped = total.skipped ? `, ${total.skipped} skipped` : '';
	console.log(`tests: ${total.passed} passed, ${total.failed} failed${skipped}`);
	return total.failed === 0 && problems.length === 0 ? 0 : 1;
}

process.exitCode = main();
