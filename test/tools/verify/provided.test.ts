import { platformProvidedObjects } from "../../../tools/verify/provided";

const gkeCluster = (addonsConfig: Record<string, unknown>) => ({
  type: "gcp:container/cluster:Cluster",
  name: "kubeflow-cluster",
  inputs: { addonsConfig },
});

describe("platformProvidedObjects", () => {
  it("models GKE's PD StorageClasses, standard-rwo the default, on a cluster with the PD CSI driver", () => {
    const objs = platformProvidedObjects([
      gkeCluster({ gcePersistentDiskCsiDriverConfig: { enabled: true } }),
    ]);
    expect(
      objs.map((o) => [
        o.obj.metadata.name,
        o.obj.provisioner,
        o.obj.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"],
      ]),
    ).toEqual([
      ["standard-rwo", "pd.csi.storage.gke.io", "true"],
      ["premium-rwo", "pd.csi.storage.gke.io", undefined],
    ]);
    expect(objs[0]!.source).toEqual({
      via: "program",
      resource: "platform model (GKE kubeflow-cluster)",
    });
  });

  it("models nothing for a GKE cluster without the PD CSI driver, or for other resources", () => {
    expect(
      platformProvidedObjects([
        gkeCluster({ gcePersistentDiskCsiDriverConfig: { enabled: false } }),
        gkeCluster({}),
        { type: "aws:eks/cluster:Cluster", name: "kubeflow-cluster", inputs: {} },
      ]),
    ).toEqual([]);
  });
});
