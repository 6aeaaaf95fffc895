import { AppError } from '../errors';
import { espeakEngine } from './espeak';

/** What an engine returns for a text: the audio file's bytes, its type and how long it plays. */
export interface Speech {
	bytes: Uint8Array;
	mime: string;
	seconds: number;
}

/**
 * Turns a bulletin's text into speech for the loudspeakers. espeak-ng is the default (offline,
 * in Debian); an engine with a more natural voice can replace it by implementing this and being
 * named in LANTOA_SPEECH_ENGINE.
 */
export interface SpeechEngine {
	/** Stored with the audio (content_items.audio_engine), so one can tell what made it. */
	readonly name: string;
	synthesize(text: string, options: { language: 'vi' }): Promise<Speech>;
}

const engines: Record<string, () => SpeechEngine> = {
	'espeak-ng': () => espeakEngine()
};

/** The engine named by LANTOA_SPEECH_ENGINE (default espeak-ng); an unknown name is a clear 503. */
export function speechEngine(env: NodeJS.ProcessEnv = process.env): SpeechEngine {
	const name = env.LANTOA_SPEECH_ENGINE?.trim() || 'espeak-ng';
	const make = engines[name];
	if (!make) throw new AppError('UNAVAILABLE', 'loudspeakers.speechEngineUnknown', { name: name.slice(0, 40) });
	return make();
}
