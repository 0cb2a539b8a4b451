import { K8sObject } from "../../../components/kubeflow/types";
import {
  anonymousBrowserIsSentToLogIn,
  apiServerReachesWebhooks,
  inferenceThroughClusterLocalGateway,
  loginCallbackSetsTheSession,
  notebookCallsPipelinesApi,
  pipelinesUiReadsArtifacts,
  profileAccessIsOwnersAndContributors,
  userReachesEveryWebApp,
} from "../../../tools/verify/journeys";
import { PlatformSet } from "../../../tools/verify/types";
import { editing, without } from "./mutate";
import { eksNlbOverride } from "../../harness/eks-nlb";
import { platformSet } from "./sets";

let dev: PlatformSet;
let teams: PlatformSet;
let eks: PlatformSet;
beforeAll(async () => {
  dev = await platformSet("dev");
  teams = await platformSet("teams-example");
  // eks-example on an NLB gateway with its own TLS (the example's ALB entry has its own journeys).
  eks = await platformSet("eks-example", undefined, eksNlbOverride());
});

const messages = (vs: Array<{ object: string; message: string }>) =>
  vs.map((v) => `${v.object}: ${v.message}`);

describe("journey: an anonymous browser is sent to log in", () => {
  it("gets oauth2-proxy's sign-in on the dev and TLS stacks, and reaches the sign-in and Dex's login page", () => {
    expect(anonymousBrowserIsSentToLogIn.check(dev)).toEqual([]);
    expect(anonymousBrowserIsSentToLogIn.check(eks)).toEqual([]);
  });

  it("fails when the gateway no longer hands session-less requests to oauth2-proxy", () => {
    const broken = without(
      dev,
      "AuthorizationPolicy",
      "istio-system",
      "istio-ingressgateway-oauth2-proxy",
    );
    const found = messages(anonymousBrowserIsSentToLogIn.check(broken));
    // The JWT requirement then answers 403 with no way to log in.
    expect(found).toEqual([
      expect.stringMatching(
        /^AuthorizationPolicy istio-system\/istio-ingressgateway-require-jwt: GET \/ without a session must be sent to the sign-in: got 403/,
      ),
    ]);
  });
});

describe("journey: the login callback sets a session cookie the browser keeps", () => {
  it("works end to end on the dev stack (http) and with HTTPS on the EKS example", () => {
    expect(loginCallbackSetsTheSession.check(dev)).toEqual([]);
    expect(loginCallbackSetsTheSession.check(eks)).toEqual([]);
  });

  it("redirects port 80 to HTTPS when the gateway serves TLS", () => {
    const gw = eks.objects.find(
      (o) => o.obj.kind === "Gateway" && o.obj.metadata.name === "kubeflow-gateway",
    )!;
    expect((gw.obj.spec as { servers: unknown[] }).servers).toEqual([
      {
        port: { number: 80, name: "http", protocol: "HTTP" },
        hosts: ["*"],
        tls: { httpsRedirect: true },
      },
      {
        port: { number: 443, name: "https", protocol: "HTTPS" },
        hosts: ["*"],
        tls: { mode: "SIMPLE", credentialName: "kubeflow-gateway-tls" },
      },
    ]);
  });

  it("fails when oauth2-proxy's cookie is not Secure behind HTTPS", () => {
    const broken = editing(eks, "ConfigMap", "oauth2-proxy", "oauth2-proxy", (cm) => {
      const data = cm.data as Record<string, string>;
      data["oauth2_proxy.cfg"] = data["oauth2_proxy.cfg"]!.replace(
        "cookie_secure = true",
        "cookie_secure = false",
      );
      return cm;
    });
    expect(messages(loginCallbackSetsTheSession.check(broken))).toEqual([
      expect.stringContaining("cookie_secure = false while the entry is HTTPS"),
    ]);
  });

  it("fails when oauth2-proxy cannot reach Dex to redeem the code", () => {
    const broken = without(dev, "NetworkPolicy", "auth", "allow-istio-and-oauth2-proxy");
    expect(messages(loginCallbackSetsTheSession.check(broken))).toEqual([
      expect.stringMatching(
        /^Deployment auth\/dex: oauth2-proxy must reach Dex's token endpoint .*NetworkPolicy/,
      ),
    ]);
  });
});

describe("journey: a logged-in user reaches the dashboard and every enabled web app", () => {
  it("reaches every app bound to Kubeflow's gateway on every example stack", () => {
    for (const set of [dev, teams, eks]) expect(userReachesEveryWebApp.check(set)).toEqual([]);
  });

  it("fails for every app when the gateway runs under another ServiceAccount than Kubeflow's policies admit", () => {
    const broken = editing(dev, "Deployment", "istio-system", "istio-ingressgateway", (d) => {
      (
        d.spec as { template: { spec: { serviceAccountName: string } } }
      ).template.spec.serviceAccountName = "istio-ingressgateway";
      return d;
    });
    const found = userReachesEveryWebApp.check(broken);
    expect(found.length).toBeGreaterThanOrEqual(5);
    expect(found.map((v) => v.object)).toContain("Deployment kubeflow/centraldashboard");
    expect(
      found.find((v) => v.object === "Deployment kubeflow/centraldashboard")!.message,
    ).toContain("AuthorizationPolicy kubeflow/central-dashboard");
    expect(found.every((v) => v.message.includes("got 403"))).toBe(true);
  });
});

describe("journey: a profile's owner and contributors reach its notebooks, another user is denied", () => {
  it("holds for every profile of the teams example", () => {
    expect(profileAccessIsOwnersAndContributors.check(teams)).toEqual([]);
  });

  it("fails for a contributor whose KFAM AuthorizationPolicy is missing", () => {
    const kfam = teams.objects.find(
      (o) =>
        o.obj.kind === "AuthorizationPolicy" &&
        o.obj.metadata.namespace === "team-vision" &&
        o.obj.metadata.annotations?.user === "bob@example.com",
    )!.obj as K8sObject;
    const broken = without(teams, "AuthorizationPolicy", "team-vision", kfam.metadata.name);
    expect(messages(profileAccessIsOwnersAndContributors.check(broken))).toEqual([
      expect.stringMatching(/bob@example\.com must reach \/notebook\/team-vision\/nb\/: got 403/),
    ]);
  });
});

describe("journey: a notebook calls the Pipelines API with its service-account token", () => {
  it("reaches ml-pipeline from every profile", () => {
    expect(notebookCallsPipelinesApi.check(teams)).toEqual([]);
    expect(notebookCallsPipelinesApi.check(dev)).toEqual([]);
  });

  it("fails when ml-pipeline's NetworkPolicy no longer admits profile namespaces", () => {
    const broken = without(dev, "NetworkPolicy", "kubeflow", "ml-pipeline");
    expect(messages(notebookCallsPipelinesApi.check(broken))).toEqual([
      expect.stringMatching(
        /^Deployment kubeflow\/ml-pipeline: a notebook in kubeflow-user-example-com must reach ml-pipeline:8888: got 0 \(NetworkPolicy/,
      ),
    ]);
  });
});

describe("journey: the Pipelines UI reads run artifacts", () => {
  it("reaches the in-cluster object store", () => {
    expect(pipelinesUiReadsArtifacts.check(dev)).toEqual([]);
  });

  it("fails when the object store's AuthorizationPolicy is gone (the mesh denies by default)", () => {
    const broken = without(dev, "AuthorizationPolicy", "kubeflow", "seaweedfs-service");
    expect(messages(pipelinesUiReadsArtifacts.check(broken))).toEqual([
      expect.stringMatching(
        /^Deployment kubeflow\/seaweedfs: ml-pipeline-ui must reach the object store seaweedfs.kubeflow:9000: got 403 .*global-deny-all/,
      ),
    ]);
  });
});

describe("journey: an InferenceService is reachable through the cluster-local gateway", () => {
  it("is reachable from a profile's pods", () => {
    expect(inferenceThroughClusterLocalGateway.check(teams)).toEqual([]);
  });

  it("fails without the platform's NetworkPolicy admitting profiles (upstream's admit Knative only)", () => {
    const broken = without(
      dev,
      "NetworkPolicy",
      "istio-system",
      "allow-profiles-to-cluster-local-gateway",
    );
    expect(messages(inferenceThroughClusterLocalGateway.check(broken))).toEqual([
      expect.stringMatching(
        /^Deployment istio-system\/cluster-local-gateway: a pod in kubeflow-user-example-com cannot reach port 8081/,
      ),
    ]);
  });
  it("checks every profile: each of the teams example's three is refused without that policy", () => {
    const broken = without(
      teams,
      "NetworkPolicy",
      "istio-system",
      "allow-profiles-to-cluster-local-gateway",
    );
    expect(
      inferenceThroughClusterLocalGateway.check(broken).map((v) => v.message.split(":")[0]),
    ).toEqual([
      "a pod in team-vision cannot reach port 8081",
      "a pod in team-nlp cannot reach port 8081",
      "a pod in team-analytics cannot reach port 8081",
    ]);
  });
});

describe("journey: the API server reaches every webhook under STRICT mTLS", () => {
  it("reaches every webhook of the dev stack", () => {
    expect(apiServerReachesWebhooks.check(dev)).toEqual([]);
  });

  it("fails when a webhook's mTLS exception lacks its ALLOW policy (global-deny-all refuses the API server)", () => {
    const broken = without(
      dev,
      "AuthorizationPolicy",
      "kubeflow",
      "mtls-exception-pvcviewer-webhook",
    );
    expect(messages(apiServerReachesWebhooks.check(broken))).toEqual([
      expect.stringMatching(
        /^Deployment kubeflow\/pvcviewer-controller-manager: webhook mpvcviewer\.kb\.io .*got 403/,
      ),
      expect.stringMatching(
        /^Deployment kubeflow\/pvcviewer-controller-manager: webhook vpvcviewer\.kb\.io .*got 403/,
      ),
    ]);
  });

  it("fails when a webhook port is STRICT (the API server has no mesh identity)", () => {
    const broken = without(
      dev,
      "PeerAuthentication",
      "kubeflow",
      "mtls-exception-pvcviewer-webhook",
    );
    expect(messages(apiServerReachesWebhooks.check(broken))).toEqual([
      expect.stringContaining(
        "port 9443 of Deployment kubeflow/pvcviewer-controller-manager requires mTLS (STRICT)",
      ),
      expect.stringContaining(
        "port 9443 of Deployment kubeflow/pvcviewer-controller-manager requires mTLS (STRICT)",
      ),
    ]);
  });
});
