/**
 * The image registry mirror: every image reference of every object — container images, env values, args,
 * custom resources (serving and training runtimes) and references embedded in ConfigMaps (Katib's
 * suggestion and metrics-collector images, the Jupyter web app's image list, KServe's
 * inferenceservice-config, Istio's `hub`, profile-controller scripts) — is rewritten to the mirror.
 */
import { parse } from "yaml";
import { K8sObject, ObjectTransform } from "../types";
import {
  looksLikeImage,
  MirrorSpec,
  rewriteHub,
  rewriteImage,
  rewriteImagesInText,
} from "./image-ref";
import { mapStrings, StringSite } from "./walk";

// Fields and env vars that hold one image reference: `image`, `cacheImage`, `TENSORBOARD_IMAGE`, `images`.
const IMAGE_KEY = /(^|[a-z0-9_])images?$/i;
const IMAGE_ENV = /IMAGE/i;
const SECTION_KEY = /^\s*"?[\w-]*images?"?\s*:\s*$/im;

function isImageSite(site: StringSite): boolean {
  const last = site.keys[site.keys.length - 1] ?? "";
  return IMAGE_KEY.test(last) || (site.envName !== undefined && IMAGE_ENV.test(site.envName));
}

/**
 * Implied Docker Hub references (`python:3.12`) inside embedded YAML or JSON, found by the structure: a
 * string whose key, or its parent's key, is image-like (`image.value`, `image.options[]`,
 * `imageGroupOne.options[]`). Text that does not parse (templates, scripts) yields none.
 */
export function embeddedImages(text: string): Set<string> {
  const found = new Set<string>();
  // Only a section opened by an image-like key (`image:` then an indented block) can hide an implied
  // reference from the line-based scan; parsing is skipped for every other text, and for templates.
  if (!SECTION_KEY.test(text) || text.includes("{{")) return found;
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return found;
  }
  const visit = (v: unknown, keys: string[]): void => {
    if (typeof v === "string") {
      const near = keys.slice(-2);
      if (near.some((k) => IMAGE_KEY.test(k)) && looksLikeImage(v.trim())) found.add(v.trim());
    } else if (Array.isArray(v)) {
      v.forEach((x) => visit(x, keys));
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) visit(x, [...keys, k]);
    }
  };
  visit(doc, []);
  return found;
}

/** Rewrite one string found at `site`. Exported for the tests of individual sites. */
export function mirrorString(s: string, site: StringSite, spec: MirrorSpec): string {
  const last = site.keys[site.keys.length - 1] ?? "";
  // A container's `image` field holds an image even without a tag (`busybox`); other image-like keys
  // need a tag, digest or path.
  if (last === "image" || (isImageSite(site) && looksLikeImage(s.trim()))) {
    const whole = rewriteImage(s.trim(), spec);
    if (whole !== s.trim()) return s.replace(s.trim(), whole);
  }
  if (/^hub$/i.test(last)) return rewriteHub(s, spec);
  return rewriteImagesInText(s, spec, embeddedImages(s));
}

/**
 * CRDs hold schemas whose descriptions mention example images; they are not pulled, and rewriting them
 * would change the CRD for nothing.
 */
const SKIPPED_KINDS = new Set(["CustomResourceDefinition"]);

/** The mirror transform for a spec; objects without image references come back unchanged (same object). */
export function imageMirror(spec: MirrorSpec): ObjectTransform {
  return (obj: K8sObject): K8sObject => {
    if (SKIPPED_KINDS.has(obj.kind)) return obj;
    return mapStrings(obj, (s, site) => mirrorString(s, site, spec));
  };
}
