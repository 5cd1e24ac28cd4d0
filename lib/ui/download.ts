/**
 * Saves a Blob through `downloads.download` from an extension page. A blob: URL, never a data:
 * URL: data URLs copy the whole file into a string and Chrome caps their length.
 */

/** Long enough for Chrome to have read the blob even if the completion event never reaches us. */
const REVOKE_AFTER_MS = 60_000;

export async function downloadBlob(blob: Blob, filename: string): Promise<void> {
  const url = URL.createObjectURL(blob);
  let revoked = false;
  const revoke = () => {
    if (revoked) return;
    revoked = true;
    browser.downloads.onChanged.removeListener(onChanged);
    URL.revokeObjectURL(url);
  };
  let id: number | undefined;
  const onChanged = (delta: { id: number; state?: { current?: string } }) => {
    if (delta.id === id && (delta.state?.current === 'complete' || delta.state?.current === 'interrupted')) revoke();
  };
  browser.downloads.onChanged.addListener(onChanged);
  setTimeout(revoke, REVOKE_AFTER_MS);
  try {
    id = await browser.downloads.download({ url, filename, saveAs: false });
  } catch (err) {
    revoke();
    throw err;
  }
}
