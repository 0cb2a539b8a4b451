/** The `services` key: cert-manager, Istio, Dex, oauth2-proxy and GPU support. */
import { notSupportedYet } from "./schema";

export const servicesSchema = notSupportedYet(
  "The services section (cert-manager, Istio, Dex, oauth2-proxy, GPU)",
);
