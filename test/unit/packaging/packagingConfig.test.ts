/**
 * electron-builder.yml against what is installed, without running electron-builder (it fetches
 * Electron, which this machine cannot): every native addon or WebAssembly file of the production
 * dependencies that ships is out of the asar, every resource the code reads ships, the fuses are set,
 * the file associations are the formats Phare reads, and the paths the app computes at run time land
 * on those files in a packaged layout (simulated in a temporary folder).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src-main/cli/packageRoot';
import { findShippedModelFolder, packagedModelFile } from '../../../src-main/core/ocr/languageData';
import { SUPPORTED_EXTENSIONS } from '../../../src-shared/documentFormats';
import {
  appFilesFilter,
  asarUnpackFilter,
  bareImports,
  builderPlatform,
  extraResourceDestination,
  installedProductionPackages,
  nativeFileReport,
  nodeModulesFilter,
  packageFiles,
  packageNameOf,
  projectRoot,
  validateBuilderConfig,
  loadBuilderConfig,
} from './packagingCheck';

const config = loadBuilderConfig();
const packages = installedProductionPackages();
const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  name: string;
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('electron-builder.yml', () => {
  it('is a valid configuration for the installed electron-builder', async () => {
    await expect(validateBuilderConfig(config)).resolves.toBeUndefined();
    expect(manifest.devDependencies['electron-builder']).toBeDefined();
  });

  it('builds AppImage and deb, dmg, and NSIS, with scripts to run it', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    for (const script of ['dist', 'dist:linux', 'dist:mac', 'dist:win']) expect(manifest.scripts[script], script).toMatch(/npm run build && electron-builder/);
    expect(config.publish).toBeNull();
  });

  it('names the executable so that Electron reports the app as packaged', () => {
    // app.isPackaged is false only for an executable named "electron": a packaged build under that
    // name would keep the DevTools and read ELECTRON_RENDERER_URL.
    expect(config.executableName?.toLowerCase()).not.toBe('electron');
    expect(config.productName?.toLowerCase()).not.toBe('electron');
  });

  it('sets the fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar ?? true).toBe(true);
  });

  it('keeps signing secrets out of the file', () => {
    const text = readFileSync(join(projectRoot, 'electron-builder.yml'), 'utf8');
    for (const key of ['cscLink', 'cscKeyPassword', 'certificatePassword', 'certificateFile', 'appleId', 'appleIdPassword', 'password']) {
      expect(text, key).not.toMatch(new RegExp(`^\\s*${key}\\s*:`, 'm'));
    }
  });

  it('associates exactly the formats Phare reads, as a viewer that never claims them', () => {
    const associations = config.fileAssociations as Array<{ ext: string | string[]; mimeType?: string; role?: string; rank?: string; name?: string }>;
    const extensions = associations.flatMap((a) => (Array.isArray(a.ext) ? a.ext : [a.ext]));
    expect(extensions.map((e) => `.${e}`).sort()).toEqual([...SUPPORTED_EXTENSIONS].sort());
    expect(new Set(extensions).size).toBe(extensions.length);
    for (const association of associations) {
      expect(association.mimeType, String(association.ext)).toMatch(/^[a-z]+\/[\w.+-]+$/);
      expect(association.name).toBeTruthy();
      expect(association).toMatchObject({ role: 'Viewer', rank: 'Alternate' });
    }
  });

  it('points at icons that exist and are what each system reads', () => {
    const linuxIcons = join(projectRoot, String(config.linux?.icon));
    const sizes = readdirSync(linuxIcons).map((name) => /^(\d+)x\1\.png$/.exec(name)?.[1]).filter(Boolean).map(Number);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 64, 128, 256, 512]));
    for (const size of sizes) {
      const png = readFileSync(join(linuxIcons, `${size}x${size}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
    const icns = readFileSync(join(projectRoot, String(config.mac?.icon)));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic09'))).toBe(true); // 512 px, the size macOS's Finder wants
    const ico = readFileSync(join(projectRoot, String(config.win?.icon)));
    expect([...ico.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    const entries = ico.readUInt16LE(4);
    const widths = Array.from({ length: entries }, (_, i) => ico[6 + 16 * i] || 256);
    expect(widths).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    // Small enough to keep in git.
    const iconFiles = readdirSync(join(projectRoot, 'resources', 'icons'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(iconFiles.reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0)).toBeLessThan(400_000);
  });
});

describe('native modules and WebAssembly', () => {
  it('finds the production tree with the native packages the app uses', () => {
    const names = new Set(packages.map((p) => p.name));
    for (const name of ['@lancedb/lancedb', 'node-llama-cpp', '@napi-rs/canvas', '@hyzyla/pdfium', 'tesseract.js', 'tesseract.js-core']) expect(names.has(name), name).toBe(true);
    // Dev-only packages are not part of it.
    expect(names.has('electron')).toBe(false);
    expect(names.has('vitest')).toBe(false);
  });

  it('ships every native addon and WebAssembly file out of the asar', () => {
    const report = nativeFileReport(config, packages);
    expect(report.packed, 'native files that would be packed inside app.asar: add them to asarUnpack').toEqual([]);
    const { os, arch } = builderPlatform();
    // The ones the app loads: LanceDB, llama.cpp (CPU and GPU builds), canvas, PDFium, tesseract.
    for (const expected of [
      /^node_modules\/@lancedb\/lancedb-[^/]+\/.*\.node$/,
      new RegExp(`^node_modules/@node-llama-cpp/${os}-${arch}/.*llama-addon\\.node$`),
      /^node_modules\/@napi-rs\/canvas-[^/]+\/.*\.node$/,
      /^node_modules\/@hyzyla\/pdfium\/dist\/pdfium\.wasm$/,
      /^node_modules\/tesseract\.js-core\/tesseract-core.*\.wasm$/,
    ]) {
      expect(report.unpacked.some((file) => expected.test(file)), String(expected)).toBe(true);
    }
    // GPU backends of this system ship too (npm installs them as optional packages).
    const gpuPackages = packages.filter((p) => new RegExp(`^@node-llama-cpp/${os}-${arch}-`).test(p.name));
    for (const pkg of gpuPackages) expect(report.unpacked.some((f) => f.startsWith(`${pkg.location}/`)), pkg.name).toBe(true);
  });

  it('leaves out only what the packaged app never loads', () => {
    const report = nativeFileReport(config, packages);
    const { os, arch } = builderPlatform();
    for (const file of report.excluded) {
      const allowed =
        file.startsWith('node_modules/pdfjs-dist/') || // bundled into out/renderer; the core reads PDFs with PDFium
        // LanceDB's optional embedding functions, when npm installed them: embeddings come from node-llama-cpp
        /^node_modules\/(@huggingface|onnxruntime-(node|web|common)|@img|sharp)\//.test(file) ||
        /^node_modules\/@node-llama-cpp\/[^/]+\//.test(file); // another architecture's llama.cpp build
      expect(allowed, file).toBe(true);
      if (file.startsWith('node_modules/@node-llama-cpp/')) expect(file.startsWith(`node_modules/@node-llama-cpp/${os}-${arch}`), file).toBe(false);
    }
  });

  it('keeps the OCR data out of the asar, where the tesseract worker reads it', () => {
    const unpacks = asarUnpackFilter(config);
    const ships = nodeModulesFilter(config);
    for (const pkg of packages.filter((p) => p.name.startsWith('@tesseract.js-data/') || p.name === 'tesseract.js')) {
      for (const file of packageFiles(join(projectRoot, pkg.location))) {
        expect(ships(file) && unpacks(file), relative(projectRoot, file)).toBe(true);
      }
    }
  });

  it('would fail for a native module added without being unpacked', () => {
    // A project with one new dependency holding an addon, checked with the real configuration.
    const root = mkdtempSync(join(tmpdir(), 'phare-packaging-'));
    temporary.push(root);
    mkdirSync(join(root, 'node_modules', 'fresh-native', 'build', 'Release'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'fresh-native', 'package.json'), '{"name":"fresh-native"}');
    writeFileSync(join(root, 'node_modules', 'fresh-native', 'build', 'Release', 'addon.node'), 'not really');
    writeFileSync(join(root, 'node_modules', 'fresh-native', 'index.js'), 'module.exports = 1');
    const report = nativeFileReport(config, [{ location: 'node_modules/fresh-native', name: 'fresh-native' }], root);
    expect(report.packed).toEqual(['node_modules/fresh-native/build/Release/addon.node']);
  });
});

describe('the built app', () => {
  const outMain = join(projectRoot, 'out', 'main');
  const bundles = existsSync(outMain)
    ? [...readdirSync(outMain).map((f) => join(outMain, f)), ...(existsSync(join(outMain, 'chunks')) ? readdirSync(join(outMain, 'chunks')).map((f) => join(outMain, 'chunks', f)) : [])].filter((f) => f.endsWith('.js'))
    : [];

  it('is built (npm install and npm run build write out/)', () => {
    expect(bundles.length, 'out/main is missing: run npm run build').toBeGreaterThan(0);
    for (const entry of [manifest.main, 'out/main/inferenceHost.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      expect(existsSync(join(projectRoot, entry)), entry).toBe(true);
    }
  });

  it('packs its own files (main, inference host, preload, renderer) into the asar, and nothing of the sources', () => {
    const ships = appFilesFilter(config);
    const unpacks = asarUnpackFilter(config);
    for (const entry of ['package.json', manifest.main, 'out/main/inferenceHost.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      expect(ships(join(projectRoot, entry)), entry).toBe(true);
      // JavaScript stays inside the asar, where asar integrity validation covers it.
      expect(unpacks(join(projectRoot, entry)), entry).toBe(false);
    }
    for (const source of ['src-main/electron/main.ts', 'README.md', 'electron.vite.config.ts', 'resources/models-catalog.json']) {
      if (existsSync(join(projectRoot, source))) expect(ships(join(projectRoot, source)), source).toBe(false);
    }
    // The compiled CLI (out/cli, scripts/build-cli.mjs) is for `phare` in a checkout; the app never runs it.
    const cliFiles = readdirSync(join(projectRoot, 'out/cli'));
    expect(cliFiles).toContain('build.json');
    expect(cliFiles.some((file) => /^phare-\w+\.cjs$/.test(file)), 'the CLI bundle').toBe(true);
    for (const file of cliFiles) expect(ships(join(projectRoot, 'out/cli', file)), file).toBe(false);
  });

  it('loads at run time only production dependencies that ship', () => {
    const ships = nodeModulesFilter(config);
    const builtins = new Set(builtinModules);
    // What the app's own imports resolve to: the top-level copy of each package.
    const topLevel = new Set(packages.map((p) => p.location));
    for (const bundle of bundles) {
      for (const specifier of bareImports(readFileSync(bundle, 'utf8'))) {
        const name = packageNameOf(specifier);
        if (builtins.has(name) || name === 'electron') continue;
        const where = `${relative(projectRoot, bundle)} loads ${specifier}`;
        expect(manifest.dependencies[name], `${where}: not in dependencies`).toBeDefined();
        const location = `node_modules/${name}`;
        expect(topLevel.has(location), `${where}: not installed`).toBe(true);
        expect(ships(join(projectRoot, location, 'package.json')), `${where}: excluded by files`).toBe(true);
      }
    }
  });
});

describe('resources', () => {
  it('ships every file of resources/ beside the asar, at <resources>/resources', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    const files = walk(join(projectRoot, 'resources'));
    for (const needed of [
      'resources/tessdata/eng.traineddata.gz',
      'resources/tessdata/fra.traineddata.gz',
      'resources/models-catalog.json',
      'resources/monitoring/prometheus.yml',
      'resources/monitoring/alerts.yml',
      'resources/icons/icon.png',
    ]) {
      expect(files, needed).toContain(join(projectRoot, needed));
    }
    expect(files.some((f) => f.includes(`${join('monitoring', 'grafana')}`))).toBe(true);
    for (const file of files) expect(extraResourceDestination(config, file), relative(projectRoot, file)).toBe(relative(projectRoot, file).split('\\').join('/'));
  });

  it('are found where the code looks for them in a packaged layout', () => {
    // <resources>/app.asar stands for the archive (Electron reads it as a folder), with the
    // package.json electron-builder writes; <resources>/resources is extraResources' copy.
    const base = mkdtempSync(join(tmpdir(), 'phare-packaged-'));
    temporary.push(base);
    const resourcesPath = join(base, 'resources');
    const asar = join(resourcesPath, 'app.asar');
    for (const dir of ['out/main/chunks', 'out/renderer']) mkdirSync(join(asar, dir), { recursive: true });
    writeFileSync(join(asar, 'package.json'), JSON.stringify({ name: manifest.name, main: manifest.main }));
    for (const file of ['out/main/index.js', 'out/main/inferenceHost.js', 'out/renderer/index.html']) copyFileSync(join(projectRoot, file), join(asar, file));
    for (const code of ['eng', 'fra']) {
      const shipped = join(projectRoot, 'resources', 'tessdata', `${code}.traineddata.gz`);
      const destination = join(resourcesPath, extraResourceDestination(config, shipped)!);
      mkdirSync(dirname(destination), { recursive: true });
      copyFileSync(shipped, destination);
    }

    // OCR models: languageData.ts walks up from the bundle's folder (out/main, or out/main/chunks).
    for (const from of [join(asar, 'out', 'main'), join(asar, 'out', 'main', 'chunks')]) {
      expect(findShippedModelFolder(from)).toBe(join(resourcesPath, 'resources', 'tessdata'));
    }
    // The source tree still finds the project's own copy.
    expect(packagedModelFile('eng')).toBe(join(projectRoot, 'resources', 'tessdata', 'eng.traineddata.gz'));
    // The package root (phare serve's static files) is the archive itself.
    expect(packageRoot(join(asar, 'out', 'main'))).toBe(asar);
    expect(existsSync(join(packageRoot(join(asar, 'out', 'main')), 'out', 'renderer', 'index.html'))).toBe(true);
    // The inference host: the built main starts join(__dirname, "inferenceHost.js"), __dirname being
    // the folder of out/main/index.js, where electron-vite writes the host: inside the archive.
    const main = readFileSync(join(projectRoot, manifest.main), 'utf8');
    expect(main).toMatch(/createUtilityHostLauncher\(join\(__dirname, ["']inferenceHost\.js["']\)\)/);
    expect(main).toMatch(/const __dirname = import\.meta\.dirname;/);
    expect(existsSync(join(dirname(join(asar, manifest.main)), 'inferenceHost.js'))).toBe(true);
  });
});
