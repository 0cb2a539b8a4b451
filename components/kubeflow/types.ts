/**
 * Moved to components/shared/k8s-object.ts (services, profiles and cluster build objects too). Re-exported
 * here for one release cycle; new code imports components/shared/k8s-object.
 */
export * from "../shared/k8s-object";
