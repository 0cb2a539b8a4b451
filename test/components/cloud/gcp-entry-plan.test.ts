import * as pulumi from "@pulumi/pulumi";
import {
  gcpGatewayBackend,
  iapAudience,
  iapIdentity,
  iapMembers,
  negIds,
  negName,
} from "../../../components/cloud/gcp-entry-plan";
import { gatewayValues } from "../../../components/services/istio-values";

describe("gcpGatewayBackend", () => {
  it("annotates the gateway Service for a standalone NEG on a port the gateway serves HTTP on", () => {
    const b = gcpGatewayBackend("kubeflow");
    expect(b.serviceAnnotations).toEqual({
      "cloud.google.com/neg":
        '{"exposed_ports":{"80":{"name":"kubeflow-istio-ingressgateway-http"}}}',
    });
    const ports = (
      gatewayValues({ revision: "1-29", exposure: b.serviceType }).service as {
        ports: Array<{ port: number; name: string; targetPort: number }>;
      }
    ).ports;
    expect(ports.find((p) => p.port === b.port)).toEqual(
      expect.objectContaining({ name: "http2", targetPort: 8080 }),
    );
    expect(ports.some((p) => p.port === 15021)).toBe(true);
    expect(b.sourceRanges).toEqual(["130.211.0.0/22", "35.191.0.0/16"]);
  });
});

describe("negIds", () => {
  it("names one NEG per zone, whatever the order the zones come in", () => {
    expect(
      negIds("p", ["europe-west4-c", "europe-west4-a", "europe-west4-c"], negName("k")),
    ).toEqual([
      "projects/p/zones/europe-west4-a/networkEndpointGroups/k-istio-ingressgateway-http",
      "projects/p/zones/europe-west4-c/networkEndpointGroups/k-istio-ingressgateway-http",
    ]);
  });
});

describe("iapMembers", () => {
  it("grants the profiles' users and the configured members, once each", () => {
    expect(iapMembers(["Ada@acme.example", "ada@acme.example"], ["group:ml@acme.example"])).toEqual(
      ["group:ml@acme.example", "user:ada@acme.example"],
    );
  });

  it("refuses allUsers and allAuthenticatedUsers", () => {
    expect(() => iapMembers([], ["allAuthenticatedUsers"])).toThrow(
      "iap.members: allAuthenticatedUsers would make the platform public; remove them",
    );
    expect(() => iapMembers([], ["allUsers"])).toThrow(pulumi.InputPropertiesError);
  });
});

describe("iapIdentity", () => {
  it("is IAP's issuer, keys, header and audience of the backend service", () => {
    expect(iapIdentity(iapAudience("123", 456))).toEqual({
      provider: "iap",
      issuer: "https://cloud.google.com/iap",
      jwksUri: "https://www.gstatic.com/iap/verify/public_key-jwk",
      audiences: ["/projects/123/global/backendServices/456"],
      fromHeader: "x-goog-iap-jwt-assertion",
      emailClaim: "email",
    });
  });
});
