/**
 * What a cloud entry's load balancer puts in the token it forwards, besides the user's e-mail, read from the
 * objects that configure it (not from the mesh's policies, which the journeys check against it).
 *
 * The ALB (an Ingress of class `alb` the AWS Load Balancer Controller serves) with Cognito forwards the user
 * pool's access token for the app client named in `alb.ingress.kubernetes.io/auth-idp-cognito`; Cognito's
 * access tokens carry `client_id` (that app client) and `token_use: access`, and no `aud`.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html
 * @see https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/guide/ingress/annotations.md#authentication
 */
import { K8sObject } from "../../components/kubeflow/types";

const ALB = "alb.ingress.kubernetes.io";

/** The claims of the access token an ALB with Cognito forwards, or `{}` when no Ingress says so. */
export function entryTokenClaims(objects: readonly K8sObject[]): Record<string, unknown> {
  for (const o of objects) {
    if (o.kind !== "Ingress") continue;
    const spec = (o.spec ?? {}) as { ingressClassName?: string };
    const ann = o.metadata.annotations ?? {};
    if (spec.ingressClassName !== "alb" || ann[`${ALB}/auth-type`] !== "cognito") continue;
    const raw = ann[`${ALB}/auth-idp-cognito`];
    let clientId: unknown;
    try {
      clientId = (JSON.parse(raw ?? "{}") as { userPoolClientID?: unknown }).userPoolClientID;
    } catch {
      clientId = undefined;
    }
    if (typeof clientId === "string") return { client_id: clientId, token_use: "access" };
  }
  return {};
}
