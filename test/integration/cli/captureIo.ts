/** A CliIo whose output is captured and whose Ctrl-C the test presses. */
import type { CliIo } from '../../../src-main/cli/cliIo';

export interface CapturedIo extends CliIo {
  out: string;
  err: string;
  interrupt(): void;
  /** Resolves when stdout contains `text`. */
  waitForOutput(text: string | RegExp): Promise<void>;
}

export function captureIo(env: NodeJS.ProcessEnv = { LANG: 'en_US.UTF-8' }, cwd: string = process.cwd(), stdin = ''): CapturedIo {
  const handlers = new Set<() => void>();
  const waiters: Array<() => void> = [];
  const io: CapturedIo = {
    out: '',
    err: '',
    env,
    cwd,
    stdout(text) {
      io.out += text;
      for (const w of waiters.splice(0)) w();
    },
    stderr(text) {
      io.err += text;
    },
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    readStdin: async () => stdin,
    interrupt() {
      for (const h of [...handlers]) h();
    },
    async waitForOutput(text) {
      const found = () => (typeof text === 'string' ? io.out.includes(text) : text.test(io.out));
      while (!found()) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
  return io;
}
