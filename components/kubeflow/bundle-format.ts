/**
 * The release bundle format (version 1): `bundle.json` plus one rendered YAML stream per kustomize path.
 * Written by `npm run sync`, read by the loader. Format reference: ../shared/upstream/README.md.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { K8sObject } from "./types";

/** The only bundle format this program reads and writes. */
export const BUNDLE_FORMAT = 1;

/** Name of the index file at the root of a bundle directory. */
export const BUNDLE_INDEX = "bundle.json";

/** One rendered kustomize path in `bundle.json`. */
export interface BundlePathEntry {
  /** File name of the rendered stream, relative to the bundle directory (see {@link encodePath}). */
  file: string;
  /** Hex sha256 of the file bytes. */
  sha256: string;
  /** Number of non-empty YAML documents in the file. */
  objects: number;
  /** Size of the file in bytes. */
  bytes: number;
}

/** The content of `bundle.json`. */
export interface BundleIndex {
  format: typeof BUNDLE_FORMAT;
  /** Git URL of the manifests repository the bundle was rendered from. */
  source: string;
  /** The release tag. */
  ref: string;
  /** The 40-hex commit the tag pointed at. */
  commit: string;
  /** Committer date of that commit, `YYYY-MM-DD`. */
  commitDate: string;
  /** The kustomize (and kubectl) versions that rendered the files. */
  renderer: string;
  /** Rendered paths by kustomize path relative to the repository root. */
  paths: Record<string, BundlePathEntry>;
  /** The paths upstream's `example/kustomization.yaml` applies, in its order. */
  example: string[];
  /** Kustomize components `example/kustomization.yaml` applies on top (not rendered alone). */
  exampleComponents?: string[];
  /** Paths upstream names as commented-out options. */
  alternatives: string[];
}

/** `applications/pipeline/overlays` -> `applications__pipeline__overlays.yaml`. */
export function encodePath(kustomizePath: string): string {
  const clean = kustomizePath.replace(/^\.\/+/, "").replace(/\/+$/, "");
  const file = `${clean.split("/").join("__")}.yaml`;
  // The encoding is only reversible without "__" in a segment or "_" ending one (`a_/b` and `a/_b` both
  // give `a___b`; decoding gives the latter).
  if (
    clean === "" ||
    clean.split("/").some((s) => s === "" || s === "." || s === "..") ||
    decodePath(file) !== clean
  ) {
    throw new Error(
      `kustomize path "${kustomizePath}" cannot be encoded: it must be a relative path without "." or "..", empty segments, "__" or a segment ending in "_"`,
    );
  }
  return file;
}

/** `applications__pipeline__overlays.yaml` -> `applications/pipeline/overlays`. */
export function decodePath(file: string): string {
  if (!file.endsWith(".yaml")) throw new Error(`bundle file "${file}" does not end with .yaml`);
  return file.slice(0, -".yaml".length).split("__").join("/");
}

/** Hex sha256 of bytes or a UTF-8 string. */
export function sha256(data: Buffer | string): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

/**
 * The objects of one rendered stream, in order. Empty documents (a bare `---`) are skipped; a YAML error
 * throws with the file name so a corrupt bundle is never half-read.
 */
export function parseStream(text: string, file: string): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      throw new Error(`${file}: invalid YAML: ${doc.errors[0]!.message}`);
    }
    const value: unknown = doc.toJS({ maxAliasCount: -1 });
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new Error(`${file}: document ${out.length} is not a Kubernetes object`);
    }
    out.push(value as K8sObject);
  }
  return out;
}

/**
 * Number of non-empty documents in a YAML stream, by scanning for document markers instead of parsing:
 * a `---` line at column 0 always starts a document (YAML 1.2 §9.1; it cannot occur inside a block or
 * quoted scalar), so this equals `parseStream(text).length` for any valid stream, in milliseconds where
 * the parser takes seconds on a release's 15 MB.
 */
export function countDocuments(text: string): number {
  let count = 0;
  let content = false;
  for (const line of text.split("\n")) {
    if (/^---(\s|$)/.test(line)) {
      if (content) count++;
      // Content may follow the marker on the same line (`--- !tag` or `--- {}`).
      content = /^---\s+[^\s#]/.test(line);
    } else if (/^\.\.\.(\s|$)/.test(line)) {
      if (content) count++;
      content = false;
    } else if (
      !content &&
      line.trim() !== "" &&
      !line.trimStart().startsWith("#") &&
      !line.startsWith("%")
    ) {
      content = true;
    }
  }
  return content ? count + 1 : count;
}

/** The entry `bundle.json` records for one rendered stream. */
export function entryFor(kustomizePath: string, bytes: Buffer): BundlePathEntry {
  const file = encodePath(kustomizePath);
  return {
    file,
    sha256: sha256(bytes),
    objects: parseStream(bytes.toString("utf8"), file).length,
    bytes: bytes.length,
  };
}

/** The sync command that (re)creates a release's bundle; every verification message names it. */
export function syncCommand(release: string): string {
  return `npm run sync -- ${release}`;
}

/**
 * Checks a bundle directory against the release it must hold, without trusting anything but bytes:
 * `bundle.json` exists and is format 1 of that release, every listed file exists, its sha256 matches and
 * its document count equals `objects` (see {@link countDocuments}). Returns the index; throws one error listing every problem.
 */
export function verifyBundle(dir: string, release: string): BundleIndex {
  const fix = `run \`${syncCommand(release)}\``;
  const indexFile = path.join(dir, BUNDLE_INDEX);
  if (!fs.existsSync(indexFile)) {
    throw new Error(`bundle of Kubeflow ${release} not found: ${indexFile} does not exist; ${fix}`);
  }
  let index: BundleIndex;
  try {
    index = JSON.parse(fs.readFileSync(indexFile, "utf8")) as BundleIndex;
  } catch (e) {
    throw new Error(`${indexFile} is not valid JSON (${(e as Error).message}); ${fix}`);
  }
  if (index.format !== BUNDLE_FORMAT) {
    throw new Error(
      `${indexFile} has format ${JSON.stringify(index.format)}, this program reads format ${BUNDLE_FORMAT}; ${fix}`,
    );
  }
  if (index.ref !== release) {
    throw new Error(
      `${indexFile} holds Kubeflow ${JSON.stringify(index.ref)}, but ${release} is configured; ${fix}, or install release ${JSON.stringify(index.ref)} from it`,
    );
  }
  const problems: string[] = [];
  if (Object.keys(index.paths ?? {}).length === 0)
    problems.push("bundle.json lists no rendered path");
  for (const [kpath, entry] of Object.entries(index.paths ?? {})) {
    const file = path.join(dir, entry.file);
    if (!fs.existsSync(file)) {
      problems.push(`${entry.file} (${kpath}) is missing`);
      continue;
    }
    const bytes = fs.readFileSync(file);
    const actual = sha256(bytes);
    if (actual !== entry.sha256) {
      problems.push(
        `${entry.file} (${kpath}) has sha256 ${actual}, bundle.json says ${entry.sha256}`,
      );
      continue;
    }
    const objects = countDocuments(bytes.toString("utf8"));
    if (objects !== entry.objects) {
      problems.push(
        `${entry.file} (${kpath}) holds ${objects} objects, bundle.json says ${entry.objects}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `bundle of Kubeflow ${release} in ${dir} does not match its bundle.json:\n  - ${problems.join("\n  - ")}\n${fix} to render it again`,
    );
  }
  return index;
}
