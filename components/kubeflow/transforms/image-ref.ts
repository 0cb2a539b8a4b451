/**
 * Moved to components/shared/image-ref.ts (cluster and services rewrite images too). Re-exported here for
 * one release cycle; import from components/shared/image-ref.
 */
export * from "../../shared/image-ref";
