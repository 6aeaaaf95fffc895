import { spawn } from 'node:child_process';
import { AppError } from '../errors';
import type { Speech, SpeechEngine } from './speech';
import { buildWav, byteRate, parseWav, type WavFormat } from './wav';

/** How espeak-ng is run; read from the environment. */
export interface EspeakSettings {
	/** LANTOA_ESPEAK, else `espeak-ng` on the PATH. */
	command: string;
	/** Words (Vietnamese syllables) per minute: slower than espeak-ng's 175, as a loudspeaker across a village needs. */
	wordsPerMinute: number;
	/** One chunk of text may take this long (LANTOA_SPEECH_TIMEOUT_MS, default 60 s). */
	timeoutMs: number;
}

export function espeakSettings(env: NodeJS.ProcessEnv = process.env): EspeakSettings {
	const timeout = Number(env.LANTOA_SPEECH_TIMEOUT_MS);
	return {
		command: env.LANTOA_ESPEAK?.trim() || 'espeak-ng',
		wordsPerMinute: 140,
		timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 60_000
	};
}

/** Longest piece of text given to one espeak-ng run; a long bulletin is read piece by piece. */
const CHUNK_CHARS = 600;
/** Silence between pieces, as between sentences. */
const PAUSE_SECONDS = 0.35;

/**
 * Splits text into pieces of whole sentences (a sentence longer than a piece is cut at commas,
 * then at spaces), so a long bulletin never makes one huge run and a failure names little text.
 */
export function splitSentences(input: string, max = CHUNK_CHARS): string[] {
	const sentences = input
		.normalize('NFC')
		.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
		.split(/(?<=[.!?…;:])\s+|\n\s*\n+/)
		.map((s) => s.replace(/\s+/g, ' ').trim())
		.filter(Boolean);
	const pieces: string[] = [];
	const cut = (s: string): string[] => {
		if (s.length <= max) return [s];
		const head = s.slice(0, max + 1);
		const comma = head.lastIndexOf(', ');
		const space = head.lastIndexOf(' ');
		const split = comma > max / 3 ? comma + 1 : space > max / 3 ? space : max;
		return [s.slice(0, split).trim(), ...cut(s.slice(split).trim())];
	};
	let current = '';
	for (const sentence of sentences.flatMap(cut)) {
		if (current && current.length + 1 + sentence.length > max) {
			pieces.push(current);
			current = sentence;
		} else current = current ? `${current} ${sentence}` : sentence;
	}
	if (current) pieces.push(current);
	return pieces;
}

/** espeak-ng with its Vietnamese voice: offline, fast, robotic but understandable; WAV out. */
export function espeakEngine(settings: EspeakSettings = espeakSettings()): SpeechEngine {
	return {
		name: 'espeak-ng',
		async synthesize(text: string, options: { language: 'vi' }): Promise<Speech> {
			const pieces = splitSentences(text);
			if (!pieces.length) throw new AppError('VALIDATION', 'loudspeakers.speechEmpty');
			let format: WavFormat | null = null;
			const parts: Uint8Array[] = [];
			for (const piece of pieces) {
				const wav = parseWav(await runEspeak(settings, options.language, piece));
				if (!wav) throw new AppError('INTERNAL', 'loudspeakers.speechFailed', { reason: 'no WAV' });
				format ??= wav;
				if (parts.length) parts.push(new Uint8Array(Math.round(byteRate(format) * PAUSE_SECONDS) & ~1));
				parts.push(wav.pcm);
			}
			const pcm = Buffer.concat(parts);
			const f = format!;
			return { bytes: buildWav(f, pcm), mime: 'audio/wav', seconds: pcm.length / byteRate(f) };
		}
	};
}

function runEspeak(settings: EspeakSettings, language: string, text: string): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		// Text on stdin, never on the command line: nothing in it can be read as an option.
		const child = spawn(settings.command, ['-v', language, '-s', String(settings.wordsPerMinute), '-g', '2', '-b', '1', '--stdout'], {
			stdio: ['pipe', 'pipe', 'pipe']
		});
		const out: Buffer[] = [];
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => out.push(d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new AppError('UNAVAILABLE', 'loudspeakers.speechTimeout', { seconds: Math.round(settings.timeoutMs / 1000) }));
		}, settings.timeoutMs);
		child.once('error', (err: NodeJS.ErrnoException) => {
			clearTimeout(timer);
			reject(
				err.code === 'ENOENT' || err.code === 'EACCES'
					? new AppError('UNAVAILABLE', 'loudspeakers.speechUnavailable', { command: settings.command })
					: new AppError('INTERNAL', 'loudspeakers.speechFailed', { reason: err.message })
			);
		});
		child.stdin.on('error', () => undefined);
		child.once('close', (code) => {
			clearTimeout(timer);
			if (code !== 0) reject(new AppError('INTERNAL', 'loudspeakers.speechFailed', { reason: stderr.trim().split('\n').pop()?.slice(0, 200) || `exit ${code}` }));
			else resolve(Buffer.concat(out));
		});
		child.stdin.end(text + '\n', 'utf8');
	});
}
