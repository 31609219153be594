/** Saves text as a file through a temporary Blob link: no file system access needed, in Electron or a browser. */
export function downloadText(fileName: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mime};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled, so the download has the data.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
