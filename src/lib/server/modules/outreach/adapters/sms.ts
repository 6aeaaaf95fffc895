import { DeliveryError, type ChannelAdapter } from './types';

/** Placeholder until the sms adapter speaks its platform's protocol: every send fails for good. */
export const smsAdapter: ChannelAdapter = {
	channel: 'sms',
	async send() {
		throw new DeliveryError('sms adapter not available', { retryable: false });
	}
};
