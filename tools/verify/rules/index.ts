/**
 * The cross-object rules of the whole-platform verification, each a pure function of the platform
 * object set.
 */
import { Rule } from "../types";
import { acmeSolversServed } from "./acme-solvers-served";
import { certificatesResolve } from "./certificates-resolve";
import { claimsBind } from "./claims-bind";
import { configExists } from "./config-exists";
import { gatewaySelectsPods } from "./gateway-selects-pods";
import { hostsResolve } from "./hosts-resolve";
import { monitorsScrape } from "./monitors-scrape";
import { objectsUnique } from "./objects-unique";
import { kserveModeServed } from "./kserve-mode-served";
import { podSecurity } from "./pod-security";
import { routesResolve } from "./routes-resolve";
import { serviceAccountsExist } from "./service-accounts-exist";
import { serviceSelectsPods } from "./service-selects-pods";
import { snapshotsFit } from "./snapshots-fit";
import { webhooksConfined } from "./webhooks-confined";
import { statusUrlsRouted } from "./status-urls";
import { webhooksResolve } from "./webhooks-resolve";

/** Every cross-object rule, in the order their reports read best (a missing pod explains later ones). */
export const RULES: readonly Rule[] = [
  objectsUnique,
  serviceSelectsPods,
  serviceAccountsExist,
  gatewaySelectsPods,
  routesResolve,
  webhooksResolve,
  webhooksConfined,
  configExists,
  hostsResolve,
  certificatesResolve,
  acmeSolversServed,
  claimsBind,
  kserveModeServed,
  podSecurity,
  snapshotsFit,
  statusUrlsRouted,
  monitorsScrape,
];
