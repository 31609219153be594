/** pino-roll ships no types: the part of its API the core uses (https://github.com/mcollina/pino-roll). */
declare module 'pino-roll' {
  import type { EventEmitter } from 'node:events';

  export interface PinoRollOptions {
    file: string;
    /** '10m', '512k', '2000b' (a bare number means megabytes). */
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    dateFormat?: string;
    mkdir?: boolean;
    symlink?: boolean;
    limit?: { count: number; removeOtherLogFiles?: boolean };
    /** sonic-boom: the mode each new file is created with. */
    mode?: number;
    /** sonic-boom: write each line with a synchronous write (nothing buffered is lost in a crash). */
    sync?: boolean;
  }

  /** A sonic-boom stream (an EventEmitter with a stream's write/end, emitting 'close' when closed). */
  export interface RollingStream extends EventEmitter {
    readonly file: string;
    readonly destroyed: boolean;
    write(data: string): boolean;
    end(): void;
    flush(callback?: (error?: Error | null) => void): void;
    flushSync(): void;
  }

  export default function pinoRoll(options: PinoRollOptions): Promise<RollingStream>;
}
