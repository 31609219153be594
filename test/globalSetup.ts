/** Vitest global setup: generates the tiny GGUF fixtures once per run (filled in by the model layer). */
export default async function setup(): Promise<void> {}
