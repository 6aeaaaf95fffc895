import { DeliveryError, type ChannelAdapter } from './types';

/** Placeholder until the zns adapter speaks its platform's protocol: every send fails for good. */
export const znsAdapter: ChannelAdapter = {
	channel: 'zns',
	async send() {
		throw new DeliveryError('zns adapter not available', { retryable: false });
	}
};
