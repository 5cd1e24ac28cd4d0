/**
 * Reads a response body as text, keeping what arrived when the connection drops midway, so a cut-off
 * page can be reported as "not complete JSON" with an excerpt rather than a bare network error.
 */
export interface BodyText {
  text: string;
  /** Set when the stream failed before its end (reset, abort, timeout). */
  error?: unknown;
}

export async function readBodyText(res: Response): Promise<BodyText> {
  if (!res.body) return { text: '' };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    return { text: text + decoder.decode() };
  } catch (error) {
    return { text: text + decoder.decode(), error };
  } finally {
    reader.releaseLock();
  }
}
