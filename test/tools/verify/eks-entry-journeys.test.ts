/**
 * The user journeys through the EKS entry with Cognito (eks-example): the ALB forwards the user pool's access
 * token for the platform's app client; the gateway verifies it, requires its client_id and token_use, and maps
 * its e-mail to kubeflow-userid. A token of another client, no token, or a request bypassing the ALB is refused;
 * machine-to-machine access still works. Each journey is also shown to fail on a broken variant.
 */
import { K8sObject } from "../../../components/kubeflow/types";
import { entryTokenClaims } from "../../../tools/verify/entry-tokens";
import {
  anonymousBrowserIsSentToLogIn,
  notebookCallsPipelinesApi,
  onlyTheEntrysTokensPass,
  profileAccessIsOwnersAndContributors,
  userReachesEveryWebApp,
} from "../../../tools/verify/journeys";
import { ofKind } from "../../../tools/verify/objects";
import { PlatformSet } from "../../../tools/verify/types";
import { editing, without } from "./mutate";
import { platformSet } from "./sets";

let eks: PlatformSet;
beforeAll(async () => {
  eks = await platformSet("eks-example");
});

const messages = (vs: Array<{ object: string; message: string }>) =>
  vs.map((v) => `${v.object}: ${v.message}`);
const CLIENT = "1example23456789abcdefghij";
const COGNITO_ANNOTATION = "alb.ingress.kubernetes.io/auth-idp-cognito";

describe("entryTokenClaims", () => {
  const ingress = (annotations: Record<string, string>, ingressClassName = "alb"): K8sObject => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "entry", namespace: "istio-system", annotations },
    spec: { ingressClassName },
  });
  const cognito = {
    "alb.ingress.kubernetes.io/auth-type": "cognito",
    [COGNITO_ANNOTATION]: JSON.stringify({ userPoolClientID: "abc", userPoolDomain: "d" }),
  };

  it("reads Cognito's access token claims from the ALB Ingress's app client", () => {
    expect(entryTokenClaims([ingress(cognito)])).toEqual({
      client_id: "abc",
      token_use: "access",
    });
  });

  it("says nothing for an OIDC IdP, another Ingress class or a malformed annotation", () => {
    expect(entryTokenClaims([ingress({ "alb.ingress.kubernetes.io/auth-type": "oidc" })])).toEqual(
      {},
    );
    expect(entryTokenClaims([ingress(cognito, "nginx")])).toEqual({});
    expect(entryTokenClaims([ingress({ ...cognito, [COGNITO_ANNOTATION]: "{not json" })])).toEqual(
      {},
    );
  });
});

describe("journeys through the EKS entry with Cognito", () => {
  it("models the ALB's token from eks-example's Ingress: the platform's app client's access token", () => {
    expect(entryTokenClaims(eks.objects.map((o) => o.obj))).toEqual({
      client_id: CLIENT,
      token_use: "access",
    });
    const names = ofKind(eks, "AuthorizationPolicy", "security.istio.io").map(
      (p) => p.metadata.name,
    );
    expect(names).toContain("cloud-entry-required-claims");
    expect(names).not.toContain("istio-ingressgateway-oauth2-proxy");
  });

  it("a valid token reaches every app and the profile's notebooks as its user; m2m still works", () => {
    expect(userReachesEveryWebApp.check(eks)).toEqual([]);
    expect(profileAccessIsOwnersAndContributors.check(eks)).toEqual([]);
    expect(notebookCallsPipelinesApi.check(eks)).toEqual([]);
  });

  it("no token, another client's token, an ID token and a forged kubeflow-userid are refused", () => {
    expect(anonymousBrowserIsSentToLogIn.check(eks)).toEqual([]);
    expect(onlyTheEntrysTokensPass.check(eks)).toEqual([]);
  });

  it("fails when a token of another app client is let through (required-claims policy removed)", () => {
    const broken = without(
      eks,
      "AuthorizationPolicy",
      "istio-system",
      "cloud-entry-required-claims",
    );
    expect(messages(onlyTheEntrysTokensPass.check(broken))).toEqual([
      expect.stringMatching(/a token of another app client .* must be refused: got 200/),
      expect.stringMatching(/an ID token where the entry forwards access tokens .* got 200/),
    ]);
  });

  it("fails when the ALB signs users in for another app client than the mesh requires", () => {
    const broken = editing(
      eks,
      "Ingress",
      "istio-system",
      ofKind(eks, "Ingress", "networking.k8s.io")[0]!.metadata.name,
      (ing) => {
        const ann = ing.metadata.annotations!;
        ann[COGNITO_ANNOTATION] = JSON.stringify({
          ...(JSON.parse(ann[COGNITO_ANNOTATION]!) as Record<string, unknown>),
          userPoolClientID: "anotherclient",
        });
        return ing;
      },
    );
    expect(messages(userReachesEveryWebApp.check(broken))).toContainEqual(
      expect.stringMatching(
        /AuthorizationPolicy istio-system\/cloud-entry-required-claims: GET \/ .* got 403/,
      ),
    );
  });

  it("fails when a request without the ALB's token is let through (require-jwt removed)", () => {
    const broken = without(
      eks,
      "AuthorizationPolicy",
      "istio-system",
      "istio-ingressgateway-require-jwt",
    );
    expect(messages(anonymousBrowserIsSentToLogIn.check(broken))).toEqual([
      expect.stringMatching(
        /GET \/ without the cloud entry's identity must be refused at the gateway: got 200/,
      ),
    ]);
    expect(messages(onlyTheEntrysTokensPass.check(broken))).toEqual([
      expect.stringMatching(
        /bypassing the load balancer .* must be refused at the gateway: got 200/,
      ),
    ]);
  });

  it("fails when the token's e-mail claim is no longer mapped to kubeflow-userid", () => {
    const broken = editing(
      eks,
      "RequestAuthentication",
      "istio-system",
      "cloud-entry-jwt",
      (ra) => {
        (ra.spec as { jwtRules: Record<string, unknown>[] }).jwtRules[0]!.outputClaimToHeaders = [
          { header: "x-user", claim: "email" },
        ];
        return ra;
      },
    );
    expect(profileAccessIsOwnersAndContributors.check(broken).length).toBeGreaterThan(0);
  });
});
