/** See cliBuild.js. */
export interface CliBuild {
  builtAt: number;
  /** The bundle's file name in out/cli (phare-<hash>.cjs). */
  cli: string;
  /** The build's source files, relative to the package folder. */
  inputs: string[];
}

export function currentCliBuild(root: URL, options?: { checkSources?: boolean }): CliBuild | null;
