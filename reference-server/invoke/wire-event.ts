import type { AipEvent } from '../../src/index.ts';

/** One stream event: its name and payload, exactly as it goes on the wire. */
export type WireEvent = AipEvent;

export const isTerminal = (event: WireEvent): boolean => event.event === 'complete' || event.event === 'error';
