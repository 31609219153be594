/**
 * llama.cpp's own `llama-bench`, built from the sources node-llama-cpp ships (its `llama/gitRelease.bundle`,
 * the exact llama.cpp release its binaries were built from), so a benchmark can compare Phare's inference
 * host with llama.cpp on the same file, threads and build of the library. Cloned and built once into a
 * cache folder outside the repository (PHARE_LLAMA_CPP_DIR, default ~/.cache/phare-bench/llama.cpp):
 * the build takes many minutes on a small machine; a binary already built from the same commit is reused.
 * `npm run build-llama-bench` builds it ahead of the benchmark.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface LlamaBenchBinary {
  path: string;
  /** The llama.cpp commit it was built from (the bundle's HEAD). */
  commit: string;
  /** node-llama-cpp's name for that llama.cpp release. */
  release: string;
}

function bundleInfo(): { bundle: string; release: string; commit: string } {
  // The package exports no package.json: walk up from its entry to the folder holding llama/.
  let root = dirname(createRequire(import.meta.url).resolve('node-llama-cpp'));
  while (!existsSync(join(root, 'llama', 'gitRelease.bundle')) && dirname(root) !== root) root = dirname(root);
  const llamaDir = join(root, 'llama');
  const bundle = join(llamaDir, 'gitRelease.bundle');
  const release = (JSON.parse(readFileSync(join(llamaDir, 'binariesGithubRelease.json'), 'utf8')) as { release: string }).release;
  const heads = execFileSync('git', ['bundle', 'list-heads', bundle], { encoding: 'utf8' });
  const commit = heads.trim().split(/\s+/)[0];
  return { bundle, release, commit };
}

export function llamaCppDir(): string {
  return process.env.PHARE_LLAMA_CPP_DIR ?? join(homedir(), '.cache', 'phare-bench', 'llama.cpp');
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // nice: the build shares the machine with whatever else runs; it can wait.
    const child = spawn('nice', ['-n', '10', command, ...args], { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

const NO_AMX = '-mno-amx-tile -mno-amx-int8 -mno-amx-bf16';

/** The llama-bench binary, cloned and built first if needed (cmake and a C++ compiler required). */
export async function ensureLlamaBench(log: (line: string) => void = console.log): Promise<LlamaBenchBinary> {
  const { bundle, release, commit } = bundleInfo();
  const dir = llamaCppDir();
  const binary = join(dir, 'build', 'bin', 'llama-bench');
  const checkedOut = existsSync(join(dir, '.git')) ? execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim() : null;
  if (checkedOut !== commit) {
    log(`llama.cpp ${release} (${commit.slice(0, 8)}): cloning node-llama-cpp's bundle into ${dir}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    execFileSync('git', ['clone', '--quiet', bundle, dir]);
  }
  if (!existsSync(binary)) {
    log(`building llama-bench in ${dir} (slow on a small machine)`);
    await run(
      'cmake',
      [
        '-B',
        'build',
        '-DCMAKE_BUILD_TYPE=Release',
        '-DGGML_NATIVE=ON',
        // -march=native turns on AMX where the CPU lists it, and ggml's AMX Q8_0 kernel then dies of SIGILL
        // (tileloadd) on virtual machines that list AMX without enabling it. node-llama-cpp's prebuilt
        // binary, which runs there, does not use it either.
        `-DCMAKE_C_FLAGS=${NO_AMX}`,
        `-DCMAKE_CXX_FLAGS=${NO_AMX}`,
        '-DLLAMA_BUILD_TESTS=OFF',
        '-DLLAMA_BUILD_EXAMPLES=OFF',
        '-DLLAMA_BUILD_SERVER=OFF',
        '-DLLAMA_OPENSSL=OFF',
      ],
      dir,
    );
    await run('cmake', ['--build', 'build', '--target', 'llama-bench', '-j', '2'], dir);
  }
  return { path: binary, commit, release };
}
