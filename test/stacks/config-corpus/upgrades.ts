/** Invalid upgrade acknowledgements. */
import { CorpusCase } from "./types";

export const cases: CorpusCase[] = [
  {
    name: "an upgrade acknowledgement no hazard uses",
    config: { kubeflow: { upgradeAcknowledgements: ["minioMigrated"] } },
    problems: [
      'kubeflow-platform:kubeflow.upgradeAcknowledgements[0]: got "minioMigrated"; allowed: "jobsetDeploymentDeleted", "minioToSeaweedfsMigrated"',
    ],
  },
  {
    name: "upgrade acknowledgements given as a single key",
    config: { kubeflow: { upgradeAcknowledgements: "minioToSeaweedfsMigrated" } },
    problems: [
      'kubeflow-platform:kubeflow.upgradeAcknowledgements: expected a list, got "minioToSeaweedfsMigrated"',
    ],
  },
  {
    name: "an application's allowDeletion given as a word",
    config: { kubeflow: { applications: { katib: { allowDeletion: "yes" } } } },
    problems: [
      'kubeflow-platform:kubeflow.applications.katib.allowDeletion: expected true or false, got "yes"',
    ],
  },
];
