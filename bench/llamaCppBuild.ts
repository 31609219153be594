/**
 * llama.cpp's own `llama-bench`, built from the sources node-llama-cpp ships (its `llama/gitRelease.bundle`,
 * the exact llama.cpp release its binaries were built from), so a benchmark can compare Phare's inference
 * host with llama.cpp on the same file, threads and build of the library. Cloned and built once into a
 * cache folder outside the repository (PHARE_LLAMA_CPP_DIR, default ~/.cache/phare-bench/llama.cpp):
 * the build takes many minutes on a small machine; a binary already built from the same commit is reused.
 * `npm run build-llama-bench` builds it ahead of the benchmark.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
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

function nodeLlamaCppRoot(): string {
  // The package exports no package.json: walk up from its entry to the folder holding llama/.
  let root = dirname(createRequire(import.meta.url).resolve('node-llama-cpp'));
  while (!existsSync(join(root, 'llama', 'gitRelease.bundle')) && dirname(root) !== root) root = dirname(root);
  return root;
}

function bundleInfo(): { bundle: string; release: string; commit: string } {
  const llamaDir = join(nodeLlamaCppRoot(), 'llama');
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

/**
 * The same llama-bench run on node-llama-cpp's own prebuilt CPU libraries (libllama, libggml and the
 * per-CPU ggml backends it picks from at load time, as the app does) instead of the native build: the
 * reference with the very kernels Phare runs, so what differs is only what Phare adds around them.
 * A folder beside the build holds llama-bench's two files and links to those libraries (Linux only: the
 * library names are Linux's); null where the prebuilt folder is not there.
 */
export function llamaBenchOnNodeLlamaCppLibraries(built: LlamaBenchBinary): { path: string; env: NodeJS.ProcessEnv } | null {
  const platform = `${process.platform}-${process.arch}`;
  const prebuilt = join(dirname(nodeLlamaCppRoot()), '@node-llama-cpp', platform, 'bins', platform);
  const release = built.release;
  if (process.platform !== 'linux' || !existsSync(join(prebuilt, `libllama.${release}.so`))) return null;
  const dir = join(dirname(dirname(built.path)), 'bin-node-llama-cpp');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of ['llama-bench', 'libllama-bench-impl.so']) copyFileSync(join(dirname(built.path), file), join(dir, file));
  // The names llama-bench was linked against, then every prebuilt library (ggml looks for its CPU
  // backends beside the executable).
  const aliases: Record<string, string> = {
    'libllama.so.0': `libllama.${release}.so`,
    'libggml.so.0': `libggml.${release}.so`,
    'libggml-base.so.0': 'libggml-base.so',
    'libllama-common.so.0': 'libllama-common.so',
  };
  for (const [alias, target] of Object.entries(aliases)) symlinkSync(join(prebuilt, target), join(dir, alias));
  for (const file of readdirSync(prebuilt)) if (file.endsWith('.so')) symlinkSync(join(prebuilt, file), join(dir, file));
  return { path: join(dir, 'llama-bench'), env: { ...process.env, LD_LIBRARY_PATH: dir } };
}
