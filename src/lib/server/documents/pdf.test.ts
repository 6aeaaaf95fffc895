import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { t } from '../../i18n';
import { AppError } from '../errors';
import { renderDocx } from './docx';
import { docxToPdf, pdfSettings } from './pdf';
import { buildDocument } from './testing';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-pdf-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A stand-in `soffice` that does what the test needs (hang, fail) in place of LibreOffice. */
function fakeSoffice(name: string, script: string): string {
	const file = path.join(work, name);
	fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
	return file;
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
	const err = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(err).toBeInstanceOf(AppError);
	return err as AppError;
}

describe('docxToPdf', () => {
	it('converts the DOCX with LibreOffice into an A4 PDF', async () => {
		const pdf = await docxToPdf(await renderDocx(buildDocument()));
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const file = path.join(work, 'small.pdf');
		fs.writeFileSync(file, pdf);
		const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
		expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
		// The text is there, Vietnamese intact (LibreOffice sets it in Liberation Serif for Times New Roman).
		const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
		expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
		expect(text).toContain('Nguyễn Văn Dương');
	});

	it('says clearly, in both languages, that LibreOffice is missing', async () => {
		const settings = pdfSettings({ LANTOA_SOFFICE: path.join(work, 'no-such-soffice') });
		const err = await appError(docxToPdf(Buffer.from('not used'), settings));
		expect(err.messageKey).toBe('document.pdfUnavailable');
		expect(err.status).toBe(503);
		expect(t('vi', err.messageKey, err.params)).toContain('chưa cài LibreOffice');
		expect(t('en', err.messageKey, err.params)).toContain('LibreOffice is not installed');
		expect(t('en', err.messageKey, err.params)).toContain('no-such-soffice');
	});

	it('stops a conversion that runs past the timeout', async () => {
		const hang = fakeSoffice('hang', 'sleep 30');
		const started = Date.now();
		const err = await appError(docxToPdf(Buffer.from('x'), { soffice: hang, timeoutMs: 300 }));
		expect(err.messageKey).toBe('document.pdfTimeout');
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('reports a conversion that produces no PDF, with what LibreOffice said', async () => {
		const fail = fakeSoffice('fail', 'echo "Error: source file could not be loaded" >&2; exit 1');
		const err = await appError(docxToPdf(Buffer.from('x'), { soffice: fail, timeoutMs: 10_000 }));
		expect(err.messageKey).toBe('document.pdfFailed');
		expect(err.params.reason).toBe('Error: source file could not be loaded');
	});

	it('reads its settings from the environment', () => {
		expect(pdfSettings({})).toEqual({ soffice: 'soffice', timeoutMs: 60_000 });
		expect(pdfSettings({ LANTOA_SOFFICE: '/opt/lo/soffice', LANTOA_PDF_TIMEOUT_MS: '5000' })).toEqual({ soffice: '/opt/lo/soffice', timeoutMs: 5000 });
	});
});
