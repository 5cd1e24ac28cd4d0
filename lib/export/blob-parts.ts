/**
 * Collects text for a Blob without ever building one giant string: small pieces are joined up to
 * about 256 K characters, and each such piece becomes a Blob at once. A Blob's bytes live in the browser's blob
 * store, outside the JS heap, so the page's heap holds about one piece at a time however big the
 * file (keeping the strings until the end would hold twice the file size: UTF-16). The final Blob
 * is composed from the pieces without copying them.
 */
const PART_CHARS = 1 << 18;

export class BlobParts {
  private readonly parts: Blob[] = [];
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
    this.parts.push(new Blob([this.pending.join('')]));
    this.pending = [];
    this.pendingChars = 0;
  }
}
