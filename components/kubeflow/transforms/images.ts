/**
 * The image registry mirror: every image reference of every object — container images, env values, args,
 * custom resources (serving and training runtimes) and references embedded in ConfigMaps (Katib's
 * suggestion and metrics-collector images, the Jupyter web app's image list, KServe's
 * inferenceservice-config, Istio's `hub`, profile-controller scripts) — is rewritten to the mirror.
 */
import { K8sObject, ObjectTransform } from "../types";
import { MirrorSpec, rewriteHub, rewriteImage, rewriteImagesInText } from "./image-ref";
import { mapStrings, StringSite } from "./walk";

// Fields and env vars that hold one image reference: `image`, `cacheImage`, `TENSORBOARD_IMAGE`, `images`.
const IMAGE_KEY = /(^|[a-z0-9_])images?$/i;
const IMAGE_ENV = /IMAGE/i;

function isImageSite(site: StringSite): boolean {
  const last = site.keys[site.keys.length - 1] ?? "";
  return IMAGE_KEY.test(last) || (site.envName !== undefined && IMAGE_ENV.test(site.envName));
}

/** Rewrite one string found at `site`. Exported for the tests of individual sites. */
export function mirrorString(s: string, site: StringSite, spec: MirrorSpec): string {
  if (isImageSite(site)) {
    const whole = rewriteImage(s.trim(), spec);
    if (whole !== s.trim()) return s.replace(s.trim(), whole);
  }
  const last = site.keys[site.keys.length - 1] ?? "";
  if (/^hub$/i.test(last)) return rewriteHub(s, spec);
  return rewriteImagesInText(s, spec);
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
