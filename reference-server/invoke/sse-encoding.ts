/**
 * The simple SSE profile (LF line ends, one `data:` line per event). Payloads are JSON.stringify
 * output, which never contains a raw line break, so one data line always suffices.
 */
export function encodeEvent(e: { event?: string; data: string | object }): string {
  const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
  return `${e.event ? `event: ${e.event}\n` : ''}data: ${data}\n\n`;
}

export function encodeComment(text: string): string {
  return `: ${text}\n\n`;
}
