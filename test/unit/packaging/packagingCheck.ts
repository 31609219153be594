/**
 * Reads electron-builder.yml the way electron-builder does, without running it (it cannot run here:
 * it downloads Electron): its own pattern matchers decide what ships, what leaves the asar and what
 * lands in resources/. The packaging tests use these helpers against the real node_modules.
 */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Configuration } from 'electron-builder';

// electron-builder's own internals (app-builder-lib, the package it runs), reached through it.
const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { FileMatcher } = requireFromBuilder('app-builder-lib/out/fileMatcher') as typeof import('app-builder-lib/out/fileMatcher');
type FileMatcher = InstanceType<typeof FileMatcher>;
const { validateConfiguration } = requireFromBuilder('app-builder-lib/out/util/config/config') as typeof import('app-builder-lib/out/util/config/config');

/** Validates a configuration against electron-builder's schema, as `electron-builder` does first. */
export async function validateBuilderConfig(config: Configuration): Promise<void> {
  await validateConfiguration(config, { isEnabled: false, data: new Map(), add: () => undefined, save: async () => undefined } as never);
}

export const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function loadBuilderConfig(root = projectRoot): Configuration {
  return parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
}

/** electron-builder's names for this machine: `${os}` is linux/mac/win, `${arch}` x64/arm64/armv7l. */
export function builderPlatform(): { os: string; arch: string } {
  const os = process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'win' : 'linux';
  const arch = process.arch === 'arm' ? 'armv7l' : process.arch;
  return { os, arch };
}

function macroExpander(pattern: string): string {
  const { os, arch } = builderPlatform();
  return pattern.replaceAll('${os}', os).replaceAll('${arch}', arch);
}

export type PathFilter = (absolutePath: string) => boolean;

function asFilter(matcher: FileMatcher): PathFilter {
  const filter = matcher.createFilter();
  return (file) => filter(file, statSync(file) as Stats & { moduleFullFilePath?: string }) === true;
}

/**
 * Whether a file of node_modules is copied into the app. electron-builder takes every production
 * dependency and applies only the exclusions (`!…`) of `files` to it (getNodeModuleFileMatcher).
 */
export function nodeModulesFilter(config: Configuration, root = projectRoot): PathFilter {
  const exclusions = ((config.files ?? []) as unknown[]).filter((p): p is string => typeof p === 'string' && p.startsWith('!'));
  const matcher = new FileMatcher(root, '/app', macroExpander, exclusions);
  if (!matcher.isEmpty()) matcher.prependPattern('**/*');
  return asFilter(matcher);
}

/** Whether a file of the project itself (outside node_modules) is copied into the app (`files`). */
export function appFilesFilter(config: Configuration, root = projectRoot): PathFilter {
  const patterns = ((config.files ?? []) as unknown[]).filter((p): p is string => typeof p === 'string');
  return asFilter(new FileMatcher(root, '/app', macroExpander, patterns));
}

/** Whether a file of the app goes to app.asar.unpacked (`asarUnpack`). */
export function asarUnpackFilter(config: Configuration, root = projectRoot): PathFilter {
  return asFilter(new FileMatcher(root, '/app', macroExpander, config.asarUnpack as string[]));
}

/** Where `extraResources` puts a project file, relative to the packaged resources folder; null if nowhere. */
export function extraResourceDestination(config: Configuration, file: string, root = projectRoot): string | null {
  for (const entry of (config.extraResources ?? []) as Array<string | { from?: string; to?: string; filter?: string | string[] }>) {
    const set = typeof entry === 'string' ? { from: entry, to: entry } : entry;
    const from = join(root, set.from ?? '.');
    const rel = relative(from, file);
    if (rel.startsWith('..')) continue;
    const filter = set.filter ?? ['**/*'];
    if (!asFilter(new FileMatcher(from, '/res', macroExpander, filter))(file)) continue;
    return join(set.to ?? set.from ?? '.', rel).split(sep).join('/');
  }
  return null;
}

/** A file the OS or a runtime loads by its path: native addons, shared libraries, WebAssembly. */
export function isNativeFile(name: string): boolean {
  return /\.(node|wasm|dylib|dll)$/.test(name) || /\.so(\.\d+)*$/.test(name);
}

export interface InstalledPackage {
  /** As in package-lock: `node_modules/@scope/name` or `node_modules/a/node_modules/b`. */
  location: string;
  name: string;
}

/**
 * The production dependency tree as installed: package-lock's entries that are not dev-only, and
 * that npm installed here (optional platform packages of other systems are in the lock, not on disk).
 */
export function installedProductionPackages(root = projectRoot): InstalledPackage[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; name?: string; link?: boolean }>;
  };
  const result: InstalledPackage[] = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (!location.startsWith('node_modules/') || entry.dev || entry.link) continue;
    try {
      if (!statSync(join(root, location)).isDirectory()) continue;
    } catch {
      continue;
    }
    result.push({ location, name: entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length) });
  }
  return result;
}

/** The files of one package, without descending into its own node_modules (those are packages too). */
export function packageFiles(packageDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(packageDir);
  return files;
}

export interface NativeFileReport {
  /** Native files that ship inside the asar, where the OS cannot load them: must be empty. */
  packed: string[];
  /** Native files that ship, out of the asar. */
  unpacked: string[];
  /** Native files of packages the `files` exclusions leave out of the app. */
  excluded: string[];
}

/** Sorts every native file of the given packages by where electron-builder would put it. */
export function nativeFileReport(config: Configuration, packages: InstalledPackage[], root = projectRoot): NativeFileReport {
  const ships = nodeModulesFilter(config, root);
  const unpacks = asarUnpackFilter(config, root);
  const report: NativeFileReport = { packed: [], unpacked: [], excluded: [] };
  for (const pkg of packages) {
    for (const file of packageFiles(join(root, pkg.location))) {
      if (!isNativeFile(file)) continue;
      const rel = relative(root, file).split(sep).join('/');
      if (!ships(file)) report.excluded.push(rel);
      else if (unpacks(file)) report.unpacked.push(rel);
      else report.packed.push(rel);
    }
  }
  return report;
}

/** Bare module specifiers a built bundle loads at run time (static and dynamic imports, require). */
export function bareImports(source: string): string[] {
  const specifiers = new Set<string>();
  const name = `["']([@\\w][\\w@./-]*)["']`;
  const patterns = [
    new RegExp(`^\\s*(?:import|export)\\b[^;]*?\\bfrom\\s*${name}`, 'gm'),
    new RegExp(`^\\s*import\\s*${name}`, 'gm'),
    new RegExp(`\\bimport\\s*\\(\\s*${name}\\s*\\)`, 'g'),
    new RegExp(`\\brequire\\d*\\s*\\(\\s*${name}\\s*\\)`, 'g'),
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) specifiers.add(match[1]);
  return [...specifiers].filter((s) => !s.startsWith('.') && !s.startsWith('/') && !s.startsWith('node:'));
}

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
