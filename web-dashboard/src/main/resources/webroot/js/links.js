// Links to files: p2pshare:<fileId>?name=<name>&size=<bytes>. Made here for the "Link" buttons; the node reads
// them (POST /api/downloads {link}), so a pasted link is sent as it is.

export function fileLink(file) {
  return `p2pshare:${file.fileId}?name=${encodeURIComponent(file.name ?? '')}&size=${file.size ?? 0}`;
}

/** Puts text on the clipboard; where the page may not (not a secure context), selects it for Ctrl+C instead. */
export async function copyText(text, fallbackInput) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    fallbackInput.hidden = false;
    fallbackInput.value = text;
    fallbackInput.select();
    return false;
  }
}
