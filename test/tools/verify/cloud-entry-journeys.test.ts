/**
 * The user journeys through a cloud entry with identity (gke-example, IAP): a request carrying the entry's
 * JWT reaches the apps as its user, one without it is refused, machine-to-machine access still works.
 */
import { K8sObject } from "../../../components/kubeflow/types";
import {
  anonymousBrowserIsSentToLogIn,
  notebookCallsPipelinesApi,
  onlyTheEntrysTokensPass,
  profileAccessIsOwnersAndContributors,
  userReachesEveryWebApp,
} from "../../../tools/verify/journeys";
import { PlatformSet } from "../../../tools/verify/types";
import { editing, without } from "./mutate";
import { platformSet } from "./sets";

let gke: PlatformSet;
beforeAll(async () => {
  gke = await platformSet("gke-example");
});

const messages = (vs: Array<{ object: string; message: string }>) =>
  vs.map((v) => `${v.object}: ${v.message}`);

const editRule =
  (edit: (rule: Record<string, unknown>) => void) =>
  (ra: K8sObject): K8sObject => {
    edit((ra.spec as { jwtRules: Record<string, unknown>[] }).jwtRules[0]!);
    return ra;
  };

describe("journeys through the GKE entry with IAP", () => {
  it("the entry's identity reaches every app as its user; m2m still works; no JWT is refused", () => {
    expect(userReachesEveryWebApp.check(gke)).toEqual([]);
    expect(profileAccessIsOwnersAndContributors.check(gke)).toEqual([]);
    expect(notebookCallsPipelinesApi.check(gke)).toEqual([]);
    expect(anonymousBrowserIsSentToLogIn.check(gke)).toEqual([]);
    expect(onlyTheEntrysTokensPass.check(gke)).toEqual([]);
  });

  it("fails when a request bypassing IAP with a forged kubeflow-userid is let through", () => {
    const broken = without(
      gke,
      "AuthorizationPolicy",
      "istio-system",
      "istio-ingressgateway-require-jwt",
    );
    expect(messages(onlyTheEntrysTokensPass.check(broken))).toEqual([
      expect.stringMatching(
        /bypassing the load balancer .* must be refused at the gateway: got 200/,
      ),
    ]);
  });

  it("fails when a request without the entry's JWT is let through (require-jwt removed)", () => {
    const broken = without(
      gke,
      "AuthorizationPolicy",
      "istio-system",
      "istio-ingressgateway-require-jwt",
    );
    expect(messages(anonymousBrowserIsSentToLogIn.check(broken))).toEqual([
      expect.stringMatching(
        /GET \/ without the cloud entry's identity must be refused at the gateway: got 200/,
      ),
    ]);
  });

  it("fails when the entry's e-mail claim is no longer mapped to kubeflow-userid", () => {
    const broken = editing(
      gke,
      "RequestAuthentication",
      "istio-system",
      "cloud-entry-jwt",
      editRule((r) => {
        r.outputClaimToHeaders = [{ header: "x-user", claim: "email" }];
      }),
    );
    expect(profileAccessIsOwnersAndContributors.check(broken).length).toBeGreaterThan(0);
  });
});
