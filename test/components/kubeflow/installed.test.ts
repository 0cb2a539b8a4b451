import {
  ApplicationKey,
  CatalogApplication,
  getRelease,
  Release,
} from "../../../components/catalog";
import { selectApplications } from "../../../components/kubeflow/applications";
import {
  installedApplications,
  InstalledApplications,
  stepApplications,
} from "../../../components/kubeflow/installed";

const defaults = (tag: string): ApplicationKey[] =>
  selectApplications(getRelease(tag)).applications.map((a) => a.key);

/** What a default install of `tag` records, with `protectedOf` objects protected per application. */
function installedDefault(
  tag: string,
  protectedOf: Partial<Record<ApplicationKey, string[]>> = {},
): InstalledApplications {
  return installedApplications(
    selectApplications(getRelease(tag)).applications,
    new Map(Object.entries(protectedOf) as Array<[ApplicationKey, string[]]>),
  );
}

/** A release like `tag` with some of its applications changed. */
function releaseLike(
  tag: string,
  change: (apps: Partial<Record<ApplicationKey, CatalogApplication>>) => void,
): Release {
  const base = getRelease(tag);
  const applications: Partial<Record<ApplicationKey, CatalogApplication>> = {
    ...base.applications,
  };
  change(applications);
  return { ...base, applications };
}

describe("the default application sets of the catalogued releases", () => {
  it("drop only Training Operator v1, at v1.10.2 -> v1.11.0 (Trainer v2 becomes the default)", () => {
    const dropped = (from: string, to: string) =>
      defaults(from).filter((k) => !defaults(to).includes(k));
    expect(dropped("v1.10.2", "v1.11.0")).toEqual(["trainingOperator"]);
    expect(dropped("v1.11.0", "26.03")).toEqual([]);
    expect(defaults("v1.11.0").filter((k) => !defaults("v1.10.2").includes(k))).toEqual([
      "trainer",
    ]);
  });
});

describe("installedApplications", () => {
  it("records each selected application's mode and its protected objects, sorted", () => {
    expect(
      installedApplications(
        [
          { key: "pipelines", mode: "argo" },
          { key: "volumes", mode: "default" },
        ],
        new Map([
          ["pipelines", ["PersistentVolumeClaim kubeflow/mysql", "CustomResourceDefinition a"]],
        ]),
      ),
    ).toEqual({
      pipelines: {
        mode: "argo",
        protected: ["CustomResourceDefinition a", "PersistentVolumeClaim kubeflow/mysql"],
      },
      volumes: { mode: "default", protected: [] },
    });
  });
});

describe("stepApplications", () => {
  it("on a first deployment, adds what the config selects and keeps nothing", () => {
    const step = stepApplications(undefined, getRelease("26.03"), {});
    expect(step.added).toEqual(defaults("26.03"));
    expect([step.kept, step.removed, step.problems]).toEqual([[], [], []]);
  });

  it("keeps an application the new release no longer installs by default, where it ships it", () => {
    const step = stepApplications(installedDefault("v1.10.2"), getRelease("v1.11.0"), {});
    expect(step.kept).toEqual(["trainingOperator"]);
    expect(step.choices.trainingOperator).toEqual({ enabled: true });
    expect(step.added).toEqual(["trainer"]);
    expect(step.removed).toEqual([]);
    expect(step.problems).toEqual([]);
    expect(
      selectApplications(getRelease("v1.11.0"), step.choices).applications.map((a) => a.key),
    ).toContain("trainingOperator");
  });

  it("removes an application the config disables when the deployed run protected none of its objects", () => {
    const step = stepApplications(installedDefault("26.03"), getRelease("26.03"), {
      volumes: { enabled: false },
    });
    expect(step.removed).toEqual(["volumes"]);
    expect(step.problems).toEqual([]);
    expect(step.choices.volumes).toEqual({ enabled: false });
  });

  it("refuses to disable an application with protected objects, naming the key, the data and the way", () => {
    const step = stepApplications(
      installedDefault("26.03", { katib: ["CustomResourceDefinition experiments.kubeflow.org"] }),
      getRelease("26.03"),
      { katib: { enabled: false } },
    );
    expect(step.problems).toEqual([
      "applications.katib.enabled: false removes Katib, which the deployed stack installed " +
        "with 1 protected object (CustomResourceDefinition experiments.kubeflow.org): Pulumi would stop " +
        "at the first one. Allowed: true, to keep it (or remove the key); or, to delete it, first set " +
        "applications.katib.allowDeletion: true with the application still enabled and run " +
        "`pulumi up` (it lifts the protection; objects retained on delete by dataProtection " +
        "stay in the cluster), then set applications.katib.enabled: false",
    ]);
  });

  it("refuses an application the new release does not ship, naming the choice", () => {
    const release = releaseLike("26.03", (apps) => delete apps.spark);
    const withData = stepApplications(
      installedDefault("26.03", {
        spark: ["CustomResourceDefinition sparkapplications.sparkoperator.k8s.io"],
      }),
      release,
      {},
    );
    expect(withData.problems).toEqual([
      "applications.spark: the deployed stack installed Spark operator, which Kubeflow 26.03 " +
        "does not ship (its protected data: CustomResourceDefinition " +
        "sparkapplications.sparkoperator.k8s.io). Allowed: applications.spark.enabled: false, to " +
        "remove it (first, on the deployed release, set applications.spark.allowDeletion: true " +
        "and run `pulumi up`); or keep release at the deployed release",
    ]);
    // Without protected data, disabling it is the accepted choice.
    const step = stepApplications(installedDefault("26.03"), release, {
      spark: { enabled: false },
    });
    expect(step.problems).toEqual([]);
    expect(step.removed).toEqual(["spark"]);
  });

  it("reports a kept application that needs one the config disables", () => {
    const release = releaseLike("26.03", (apps) => {
      apps.notebooks = { ...apps.notebooks!, enabledByDefault: false };
    });
    const step = stepApplications(installedDefault("26.03"), release, {
      podDefaults: { enabled: false },
    });
    expect(step.kept).toEqual(["notebooks"]);
    expect(step.removed).toEqual(["podDefaults"]);
    expect(step.problems).toEqual([
      "applications.podDefaults.enabled: Notebook controller and Jupyter web app needs " +
        "PodDefault admission webhook (the Jupyter web app lists PodDefaults for its configurations); set " +
        "applications.podDefaults.enabled: true, or applications.notebooks.enabled: false",
    ]);
  });
});
