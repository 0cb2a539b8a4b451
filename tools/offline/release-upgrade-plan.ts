/** The upgrade plan between two releases' bundles, as `npm run upgrade-plan` prints it. */
import * as path from "path";
import { KUBEFLOW_CONFIG_KEYS } from "../../stacks/config/kubeflow";
import { getRelease } from "../../components/catalog";
import { ApplicationChoices } from "../../components/kubeflow/applications";
import { installedApplications, stepApplications } from "../../components/kubeflow/installed";
import { planRelease, ReleasePlan } from "../../components/kubeflow/plan";
import {
  diffPlans,
  formatUpgradePlan,
  supportedStep,
  UpgradeDiff,
} from "../../components/kubeflow/upgrade";

export interface UpgradePlan {
  from: ReleasePlan;
  to: ReleasePlan;
  diff: UpgradeDiff;
  supported: boolean;
  text: string;
}

/**
 * Plan both releases with the same stack choices: the applications the `from` release installs stay enabled
 * in `to` where it still ships them (`stepApplications`, as the program's guard does), so an upgrade never
 * drops an application users rely on by surprise.
 */
export function planUpgrade(
  fromTag: string,
  toTag: string,
  bundlesDir: string,
  applications: ApplicationChoices = {},
): UpgradePlan {
  getRelease(fromTag);
  const target = getRelease(toTag);
  const from = planRelease({
    release: fromTag,
    bundleDir: path.join(bundlesDir, fromTag),
    applications,
  });
  // The applications carried over exactly as the program's guard carries them.
  const step = stepApplications(
    installedApplications(from.applications, new Map()),
    target,
    applications,
    KUBEFLOW_CONFIG_KEYS,
  );
  const to = planRelease({
    release: toTag,
    bundleDir: path.join(bundlesDir, toTag),
    applications: step.choices,
  });
  const diff = diffPlans(from, to);
  const supported = supportedStep(fromTag, toTag);
  return {
    from,
    to,
    diff,
    supported,
    text: formatUpgradePlan(fromTag, toTag, diff, KUBEFLOW_CONFIG_KEYS),
  };
}
