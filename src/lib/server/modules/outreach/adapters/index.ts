import { emailAdapter } from './email';
import { facebookAdapter } from './facebook';
import { smsAdapter } from './sms';
import type { ChannelAdapter, OutreachChannel } from './types';
import { zaloOaAdapter } from './zalo-oa';
import { znsAdapter } from './zns';

const adapters: Record<OutreachChannel, ChannelAdapter> = {
	email: emailAdapter,
	sms: smsAdapter,
	zns: znsAdapter,
	zalo_oa: zaloOaAdapter,
	facebook: facebookAdapter
};

/** The adapter that sends a channel's messages (the outbox worker is the only caller). */
export function adapterFor(channel: OutreachChannel): ChannelAdapter {
	const adapter = adapters[channel];
	if (!adapter) throw new Error(`no adapter for channel ${channel}`);
	return adapter;
}
