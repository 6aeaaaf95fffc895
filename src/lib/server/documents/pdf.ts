import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../errors';

/** Where LibreOffice is and how long one conversion may take; read from the environment. */
export interface PdfSettings {
	/** The `soffice` binary: LANTOA_SOFFICE, else `soffice` on the PATH. */
	soffice: string;
	/** LANTOA_PDF_TIMEOUT_MS, default 60 s (a plan takes 1–2 s; a loaded machine far longer). */
	timeoutMs: number;
}

export function pdfSettings(env: NodeJS.ProcessEnv = process.env): PdfSettings {
	const timeout = Number(env.LANTOA_PDF_TIMEOUT_MS);
	return { soffice: env.LANTOA_SOFFICE?.trim() || 'soffice', timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 60_000 };
}

// One LibreOffice at a time per process: each run is a whole office suite (~200 MB, a core for a
// second), and a burst of downloads should queue rather than exhaust a small server.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Converts a DOCX to PDF with LibreOffice (`soffice --headless --convert-to pdf`) in a temporary
 * directory, with a profile of its own so it never touches a user's LibreOffice and never waits for
 * a running one. The PDF is the DOCX as printed: there is no second layout to keep in step.
 * Throws an AppError with a message in both languages when LibreOffice is missing, fails or
 * runs past the timeout.
 */
export function docxToPdf(docx: Buffer, settings: PdfSettings = pdfSettings()): Promise<Buffer> {
	const run = queue.then(() => convert(docx, settings));
	queue = run.catch(() => undefined);
	return run;
}

async function convert(docx: Buffer, settings: PdfSettings): Promise<Buffer> {
	const work = await fs.mkdtemp(path.join(os.tmpdir(), 'lantoa-pdf-'));
	// A profile of its own inside the work directory: removed with it, never shared with a user's
	// LibreOffice or another process (a shared profile makes a second soffice hand its job to the first).
	const profile = path.join(work, 'profile');
	try {
		const input = path.join(work, 'document.docx');
		await fs.writeFile(input, docx);
		const args = [
			'--headless',
			'--invisible',
			'--nologo',
			'--nodefault',
			'--norestore',
			'--nolockcheck',
			`-env:UserInstallation=${pathToFileURL(profile).href}`,
			'--convert-to',
			'pdf:writer_pdf_Export',
			'--outdir',
			work,
			input
		];
		const result = await runSoffice(settings, args, work);
		const output = path.join(work, 'document.pdf');
		const pdf = await fs.readFile(output).catch(() => null);
		if (!pdf || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
			throw new AppError('INTERNAL', 'document.pdfFailed', { reason: lastLine(result.stderr) || `exit ${result.code}` });
		}
		return pdf;
	} finally {
		await fs.rm(work, { recursive: true, force: true });
	}
}

const lastLine = (s: string) => s.trim().split('\n').pop()?.slice(0, 300) ?? '';

function runSoffice(settings: PdfSettings, args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
	return new Promise((resolve, reject) => {
		// Its own process group: soffice starts soffice.bin, and a timeout must stop both.
		const child = spawn(settings.soffice, args, { cwd, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: cwd } });
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
		const timer = setTimeout(() => {
			killGroup(child.pid);
			reject(new AppError('UNAVAILABLE', 'document.pdfTimeout', { seconds: Math.round(settings.timeoutMs / 1000) }));
		}, settings.timeoutMs);
		child.once('error', (err: NodeJS.ErrnoException) => {
			clearTimeout(timer);
			reject(
				err.code === 'ENOENT' || err.code === 'EACCES'
					? new AppError('UNAVAILABLE', 'document.pdfUnavailable', { command: settings.soffice })
					: new AppError('INTERNAL', 'document.pdfFailed', { reason: err.message })
			);
		});
		child.once('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stderr });
		});
	});
}

function killGroup(pid: number | undefined) {
	if (!pid) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		/* already gone */
	}
}
