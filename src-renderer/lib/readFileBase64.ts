/** Reads a File as base64 without building a giant string of char codes (FileReader does it natively). */
export function readFileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error(`Cannot read ${file.name}`));
    reader.onload = () => {
      const url = String(reader.result);
      // A data URL is "data:<mime>;base64,<payload>"; the payload is all the server wants.
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}
