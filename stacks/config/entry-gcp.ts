/**
 * `cluster.entry` for platform "gcp": the public HTTPS entry (global external Application Load Balancer in
 * front of the Istio ingress gateway, a Google-managed certificate, an A record in a Cloud DNS zone) and,
 * optionally, Identity-Aware Proxy on its backend service.
 *
 * IAP's OAuth client: the IAP OAuth Admin API (gcp.iap.Brand / gcp.iap.Client) stopped serving new projects on
 * 2026-01-19 and was shut down on 2026-03-19 (`gcloud iap oauth-clients` reference; "Migrate from the IAP OAuth
 * Admin API", https://cloud.google.com/iap/docs/deprecations/migrate-oauth-client). Since then IAP uses a
 * Google-managed OAuth client when the backend service names none, which admits only users of the project's
 * organization. So no brand is created and no support e-mail is asked for; a custom OAuth client (created in
 * the console, for users outside the organization or custom branding) is optional and needs both its id and
 * its secret.
 */
import { z } from "zod";
import {
  GCP_IAP_OAUTH_CLIENT_DOCS as OAUTH_CLIENT,
  GCP_PUBLIC_ENTRY_IAP_DOCS as IAP,
  GCP_PUBLIC_ENTRY_OPTION_DOCS as ENTRY,
} from "../../components/cloud/option-docs";
import { secretRef } from "./secrets";
import { setOnce, strict, upgradeSafe } from "./schema";

/** A Cloud DNS managed zone name: lowercase letters, digits and '-', starting with a letter, at most 63. */
const zoneName = z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, {
  error: "must be a Cloud DNS managed zone name such as acme-ml-example (not its DNS name)",
});

const dnsDomain = z
  .string()
  .regex(/^(?=.{1,253}\.?$)([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}\.?$/, {
    error:
      "must be the zone's DNS name such as acme-ml.example.com (with or without the final dot)",
  });

/** Who may pass IAP beyond the profiles' owners and contributors: groups, domains, service accounts. */
const member = z.string().regex(/^(user|group|domain|serviceAccount):[^\s]+$/, {
  error:
    "must be an IAM member such as group:ml-team@acme.example, domain:acme.example or " +
    "serviceAccount:ci@<project>.iam.gserviceaccount.com (allUsers and allAuthenticatedUsers are refused)",
});

export const gcpIdentitySchema = strict({
  type: upgradeSafe(z.literal("iap"), 'The cloud identity service: "iap" (Identity-Aware Proxy).'),
  members: upgradeSafe(z.array(member).default([]), IAP.members, "[]"),
  oauthClient: upgradeSafe(
    strict({
      clientId: upgradeSafe(z.string().min(1), OAUTH_CLIENT.clientId),
      clientSecretSecret: secretRef("Config key holding the OAuth client secret."),
    }).optional(),
    IAP.oauthClient,
    "- the Google-managed OAuth client (users of the project's organization only)",
  ),
});

export const gcpEntrySchema = strict({
  dnsZone: setOnce(zoneName, ENTRY.dnsZone),
  dnsZoneDomain: setOnce(
    dnsDomain,
    "DNS name of that zone (gcloud dns managed-zones describe <zone> --format='value(dnsName)'); " +
      "services.istio.hostname must be inside it.",
  ),
  identity: upgradeSafe(gcpIdentitySchema.optional(), ENTRY.iap, "- none"),
});

export type GcpEntryConfig = z.output<typeof gcpEntrySchema>;

/** Pure: whether a hostname is inside a DNS zone's domain (the zone itself or below it). */
export function hostnameInZone(hostname: string, domain: string): boolean {
  const d = domain.replace(/\.$/, "");
  return hostname === d || hostname.endsWith(`.${d}`);
}
