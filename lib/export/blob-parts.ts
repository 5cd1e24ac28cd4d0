/**
 * Collects text for a Blob without ever building one giant string: small pieces are joined up to
 * about 1 MB, then kept as separate parts that `new Blob(parts)` encodes one by one. Joining keeps
 * the part count low when batches are tiny; the cap keeps any single string far below engine
 * string-length limits however big the table is.
 */
const PART_CHARS = 1 << 20;

export class BlobParts {
  private readonly parts: string[] = [];
  private pending: string[] = [];
  private pendingChars = 0;

  push(text: string): void {
    if (text === '') return;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= PART_CHARS) this.flush();
  }

  toBlob(type: string): Blob {
    this.flush();
    return new Blob(this.parts, { type });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.parts.push(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }
}
