import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The emulator's layout rules, read from its sources: it stands alone (only Node built-ins, zod and selfsigned
 * from outside emulator/), no module imports itself back through others (type imports included), and there is
 * one context type.
 */

const ROOT = resolve(__dirname, '../../emulator');
const PACKAGES = ['zod', 'selfsigned'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sources(ROOT);
const name = (file: string) => relative(ROOT, file);
const importsOf = (file: string) => ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);

function resolveLocal(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  const candidates = [`${base}.ts`, join(base, 'index.ts'), base];
  const found = candidates.find((c) => files.includes(c) || c.endsWith('.json'));
  if (!found) throw new Error(`${name(from)} imports '${specifier}', which is not a file of emulator/`);
  return found;
}

const graph = new Map(
  files.map((file) => [
    file,
    importsOf(file)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveLocal(file, s))
      .filter((target) => target.endsWith('.ts')),
  ]),
);

describe('emulator layout', () => {
  it('imports nothing of siteshift outside emulator/', () => {
    const outside = files.flatMap((file) =>
      importsOf(file)
        .filter((s) => (s.startsWith('.') ? !resolve(dirname(file), s).startsWith(ROOT) : !s.startsWith('node:') && !PACKAGES.includes(s)))
        .map((s) => `${name(file)} -> ${s}`),
    );
    expect(outside).toEqual([]);
  });

  it('has no import cycles', () => {
    const cycles: string[] = [];
    const done = new Set<string>();
    const visit = (file: string, path: string[]) => {
      if (path.includes(file)) {
        cycles.push([...path.slice(path.indexOf(file)), file].map(name).join(' -> '));
        return;
      }
      if (done.has(file)) return;
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      done.add(file);
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('declares one context type', () => {
    const contexts = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/export\s+(?:interface|type)\s+(\w*Context)\b/g)].map((m) => `${name(file)}: ${m[1]}`),
    );
    expect(contexts).toEqual(['context.ts: EmulatorContext']);
  });
});
